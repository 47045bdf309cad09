workflow::graphql_api! {
    pub OrdersApi {
        schema: "type Query { ping: String }",
        additional_auth: [API_KEY],
    }
}

fn main() {}
