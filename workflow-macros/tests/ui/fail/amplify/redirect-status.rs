workflow::amplify_app! {
    pub ShopWeb {
        name: "shop-web",
        custom_rules: [{ source: "/old", target: "/new", status: 307 }],
    }
}

fn main() {}
