workflow::graphql_api! {
    pub ShopApi {
        auth: API_KEY,
        models: {
            Order: { fields: { total: "Flot!" } },
        },
    }
}

fn main() {}
