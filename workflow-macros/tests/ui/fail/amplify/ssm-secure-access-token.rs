workflow::amplify_app! {
    pub ShopWeb {
        name: "shop-web",
        access_token: "{{resolve:ssm-secure:/github/token:1}}",
    }
}

fn main() {}
