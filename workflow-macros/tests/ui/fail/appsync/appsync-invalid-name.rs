workflow::graphql_api! {
    pub OrdersApi {
        schema: "type Query { ping: String }",
        auth: AWS_IAM,
        data_sources: { orders_table: none },
    }
}

fn main() {}
