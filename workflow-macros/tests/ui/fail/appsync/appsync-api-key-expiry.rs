workflow::graphql_api! {
    pub OrdersApi {
        schema: "type Query { ping: String }",
        auth: API_KEY { expires_in_days: 400, from_unix_seconds: 1767225600 },
    }
}

fn main() {}
