workflow::amplify_app! {
    pub ShopWeb {
        name: "shop-web",
        repositry: "https://github.com/example/shop-web",
    }
}

fn main() {}
