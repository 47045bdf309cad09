workflow::amplify_app! {
    pub ShopWeb {
        name: "shop-web",
        alarms: [{ metric: "5XXErrors", threshold: 1 }],
    }
}

fn main() {}
