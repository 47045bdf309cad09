workflow::graphql_api! {
    pub OrdersApi {
        schema: "type Query { order(id: ID!): String }",
        auth: AWS_IAM,
        data_sources: { Orders: table { partition_key: "id" } },
        functions: {
            Check: Ordres => js("export function request(ctx) { return {}; }"),
        },
        resolvers: {
            Query.order: pipeline(Check) => js("export function request(ctx) { return {}; }"),
        },
    }
}

fn main() {}
