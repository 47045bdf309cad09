workflow::graphql_api! {
    pub ShopApi {
        auth: API_KEY,
        models: {
            Order: {
                fields: { total: "Float!" },
                rules: [public, groups("Admin")],
            },
        },
    }
}

fn main() {}
