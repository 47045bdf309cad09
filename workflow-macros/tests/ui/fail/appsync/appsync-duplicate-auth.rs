workflow::graphql_api! {
    pub OrdersApi {
        schema: "type Query { ping: String }",
        auth: AWS_IAM,
        additional_auth: [API_KEY, AWS_IAM],
    }
}

fn main() {}
