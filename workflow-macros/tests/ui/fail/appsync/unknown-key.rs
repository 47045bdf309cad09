workflow::graphql_api! {
    pub OrdersApi {
        schema: "type Query { ping: String }",
        auth: AWS_IAM,
        resolver: {},
    }
}

fn main() {}
