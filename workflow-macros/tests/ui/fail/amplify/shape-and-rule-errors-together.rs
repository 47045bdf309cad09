// A field the macro does not know and a rule the validator checks: both are reported.
workflow::amplify_app! {
    pub ShopWeb {
        name: "shop-web",
        platfrom: WEB,
        access_token: "ghp_0123456789abcdefghij",
    }
}

fn main() {}
