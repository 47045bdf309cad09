workflow::user_pool! {
    pub Customers {
        identity_providers: [{
            kind: Google,
            client_id: "1234.apps.googleusercontent.com",
            client_secret: secrets_manager("shop/google", "client_secret"),
        }],
        client: { name: "web", callback_urls: ["https://example.com/"], identity_providers: [COGNITO, Gogle] },
    }
}

fn main() {}
