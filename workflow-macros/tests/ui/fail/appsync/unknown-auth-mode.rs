workflow::graphql_api! {
    pub OrdersApi {
        schema: "type Query { ping: String }",
        auth: API_KEYS,
    }
}

fn main() {}
