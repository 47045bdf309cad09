workflow::graphql_api! {
    pub OrdersApi {
        schema: "type Query { ping: String }",
        auth: AWS_IAM,
        additional_auth: [OPENID_CONNECT { client_id: "shop-web" }],
    }
}

fn main() {}
