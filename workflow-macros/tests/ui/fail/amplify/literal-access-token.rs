workflow::amplify_app! {
    pub ShopWeb {
        name: "shop-web",
        repository: "https://github.com/example/shop-web",
        access_token: "ghp_0123456789abcdefghij",
    }
}

fn main() {}
