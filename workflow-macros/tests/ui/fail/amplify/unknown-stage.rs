workflow::amplify_app! {
    pub ShopWeb {
        name: "shop-web",
        branches: [{ name: "main", stage: PROD }],
    }
}

fn main() {}
