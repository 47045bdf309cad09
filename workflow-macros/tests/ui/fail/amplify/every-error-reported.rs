workflow::amplify_app! {
    pub ShopWeb {
        name: "shop-web",
        platform: IOS,
        access_token: "ghp_0123456789abcdefghij",
        branches: [{ name: "main", stage: PRODUCTION }],
        domain: { name: "example.com", sub_domains: { "dev": "dev" } },
    }
}

fn main() {}
