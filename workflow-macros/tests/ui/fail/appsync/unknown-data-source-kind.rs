workflow::graphql_api! {
    pub OrdersApi {
        schema: "type Query { ping: String }",
        auth: AWS_IAM,
        data_sources: { Orders: dynamo { table: param("OrdersTable") } },
    }
}

fn main() {}
