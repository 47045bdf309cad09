workflow::amplify_app! {
    pub ShopWeb {
        name: "shop-web",
        branches: [{ name: "dev", basic_auth: { username: "team", password: "hunter2" } }],
    }
}

fn main() {}
