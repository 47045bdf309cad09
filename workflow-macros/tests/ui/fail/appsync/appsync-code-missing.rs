workflow::graphql_api! {
    pub OrdersApi {
        schema: "type Query { order(id: ID!): String }",
        auth: AWS_IAM,
        data_sources: { Orders: table { partition_key: "id" } },
        resolvers: {
            Query.order: Orders => js(file("resolvers/no-such-file.js")),
        },
    }
}

fn main() {}
