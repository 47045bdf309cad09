workflow::amplify_app! {
    pub ShopWeb {
        name: "shop-web",
        branches: [{ name: "main" }, { name: "dev" }, { name: "main" }],
    }
}

fn main() {}
