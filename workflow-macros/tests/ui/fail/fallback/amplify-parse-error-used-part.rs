// A body that does not parse still declares the app and both its functions: using them adds
// no error of its own.
workflow::amplify_app! {
    pub ShopWeb {
        name: "shop-web",
        platform WEBSITE,
    }
}

fn main() {
    let _ = workflow::core::template::App::new().part(ShopWeb::part());
    let _ = ShopWeb::app();
}
