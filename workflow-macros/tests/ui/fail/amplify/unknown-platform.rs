workflow::amplify_app! {
    pub ShopWeb {
        name: "shop-web",
        platform: WEBSITE,
    }
}

fn main() {}
