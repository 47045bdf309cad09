workflow::amplify_app! {
    pub ShopWeb {
        name: "shop-web",
        branches: [{ name: "main" }, { name: "dev" }],
        domain: { name: "example.com", sub_domains: { "": "main", "www": "mian" } },
    }
}

fn main() {}
