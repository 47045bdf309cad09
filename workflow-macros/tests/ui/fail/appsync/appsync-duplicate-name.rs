workflow::graphql_api! {
    pub OrdersApi {
        schema: "type Query { ping: String }",
        auth: AWS_IAM,
        data_sources: {
            Orders: table { partition_key: "id" },
            Orders: none,
        },
    }
}

fn main() {}
