// An app the validator refuses still declares `part()`: using it adds no error of its own.
workflow::amplify_app! {
    pub ShopWeb {
        name: "shop-web",
        platform: WEBSIT,
    }
}

fn main() {
    let _ = workflow::core::template::App::new().part(ShopWeb::part());
}
