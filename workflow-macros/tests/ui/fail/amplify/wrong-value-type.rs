workflow::amplify_app! {
    pub ShopWeb {
        name: "shop-web",
        branches: { name: "main" },
    }
}

fn main() {}
