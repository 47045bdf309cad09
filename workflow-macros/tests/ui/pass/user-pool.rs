workflow::user_pool! {
    /// Every field of a user pool.
    pub Customers {
        name: "customers",
        sign_in: [email, phone_number],
        auto_verify: [email],
        mfa: ON,
        mfa_factors: [SMS, TOTP],
        sms: created,
        password_policy: {
            minimum_length: 10,
            require_lowercase: true,
            require_uppercase: true,
            require_numbers: true,
            require_symbols: false,
            temporary_password_validity_days: 2,
        },
        account_recovery: [verified_email, verified_phone_number],
        domain: "shop-customers",
        identity_providers: [
            { kind: Google, client_id: "1.apps.googleusercontent.com", client_secret: secrets_manager("idp/google", "secret") },
            { kind: OIDC, name: "Corp", client_id: "corp", client_secret: secrets_manager("idp/corp"), issuer: "https://login.example.com" },
            { kind: SAML, name: "Partners", metadata_url: "https://idp.example.com/metadata.xml" },
        ],
        client: {
            name: "web",
            oauth_flows: [code],
            oauth_scopes: [openid, email, profile],
            callback_urls: ["https://example.com/", "http://localhost:3000/"],
            logout_urls: ["https://example.com/"],
            identity_providers: [COGNITO, Google, Corp, Partners],
        },
    }
}

fn main() {
    let pool = Customers::pool();
    assert_eq!(pool.mfa_factors, ["SMS", "TOTP"]);
    let template = workflow::core::template::App::new().part(Customers::part()).to_template().unwrap();
    assert!(template.resource("CustomersSmsRole").is_some());
}
