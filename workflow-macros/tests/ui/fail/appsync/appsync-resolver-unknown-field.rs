workflow::graphql_api! {
    pub OrdersApi {
        schema: "type Query { order(id: ID!): String }",
        auth: AWS_IAM,
        data_sources: { Local: none },
        resolvers: {
            Query.ordr: Local => js("export function request(ctx) { return {}; }"),
        },
    }
}

fn main() {}
