// A body that does not parse still declares the API and both its functions.
workflow::graphql_api! {
    pub OrdersApi {
        schema "type Query { ping: String }",
    }
}

fn main() {
    let _ = workflow::core::template::App::new().part(OrdersApi::validated());
    let _ = OrdersApi::api();
}
