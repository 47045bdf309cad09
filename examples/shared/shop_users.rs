//! The shop's customers, a Cognito user pool: created by the order API's stack (`order_api`),
//! whose GraphQL API signs them in; the front end (`order_web`) imports its ids.

workflow::user_pool! {
    /// The shop's customers: they sign in with their email address or with Google.
    pub ShopUsers {
        sign_in: [email],
        mfa: OPTIONAL,
        mfa_factors: [TOTP],
        password_policy: { minimum_length: 12, temporary_password_validity_days: 3 },
        account_recovery: [verified_email],
        domain: "order-shop-sign-in",
        identity_providers: [
            {
                kind: Google,
                client_id: "123456789012-shop.apps.googleusercontent.com",
                client_secret: secrets_manager("order-shop/google", "client_secret"),
            },
        ],
        client: {
            name: "order-web",
            callback_urls: ["https://shop.example.com/", "https://dev.shop.example.com/", "http://localhost:3000/"],
            logout_urls: ["https://shop.example.com/", "https://dev.shop.example.com/", "http://localhost:3000/"],
            identity_providers: [COGNITO, Google],
        },
    }
}
