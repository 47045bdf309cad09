use super::*;
use crate::amplify::SecretRef;
use crate::template::App;

fn google() -> IdentityProvider {
    IdentityProvider::google("client.apps.googleusercontent.com")
        .client_secret(SecretRef::secrets_manager("idp/google").json_key("secret"))
}

/// A valid pool; each test breaks one thing of it.
fn pool() -> UserPool {
    UserPool::new("Users")
        .sign_in(["email"])
        .mfa(Mfa::Optional, [MfaFactor::Totp])
        .password_policy(PasswordPolicy::new(12))
        .domain("shop-users")
        .identity_provider(google())
        .client(
            UserPoolClient::new("web")
                .callback_url("https://example.com/")
                .callback_url("http://localhost:3000/")
                .identity_providers(["COGNITO", "Google"]),
        )
}

fn only(pool: &UserPool) -> (String, String, String) {
    crate::stack::only_diagnostic(validate(pool), "the pool should not validate")
}

#[test]
fn the_base_pool_is_valid() {
    assert!(validate(&pool()).is_ok());
}

#[test]
fn mfa_on_without_a_factor_is_reported() {
    let (code, pointer, help) = only(&pool().mfa(Mfa::On, Vec::<String>::new()));
    assert_eq!(
        (code.as_str(), pointer.as_str()),
        ("cognito-mfa-no-factor", "/mfa")
    );
    assert!(help.contains("TOTP"), "{help}");
    assert!(validate(&pool().mfa(Mfa::On, [MfaFactor::Totp])).is_ok());
    assert!(validate(&pool().mfa(Mfa::Off, Vec::<String>::new())).is_ok());
}

#[test]
fn an_unknown_mfa_setting_is_reported() {
    let (code, pointer, help) = only(&pool().mfa("OPTINAL", [MfaFactor::Totp]));
    assert_eq!(
        (code.as_str(), pointer.as_str()),
        ("cognito-unknown-mfa", "/mfa")
    );
    assert_eq!(help, "did you mean `OPTIONAL`?");
}

#[test]
fn sms_mfa_without_sms_configuration_is_reported() {
    let (code, pointer, _) = only(&pool().mfa(Mfa::Optional, [MfaFactor::Totp, MfaFactor::Sms]));
    assert_eq!(
        (code.as_str(), pointer.as_str()),
        ("cognito-sms-without-config", "/mfa_factors/1")
    );
    let fixed = pool()
        .mfa(Mfa::Optional, [MfaFactor::Sms])
        .sms(Sms::Created);
    assert!(validate(&fixed).is_ok());
}

#[test]
fn a_password_policy_out_of_range_is_reported() {
    for length in [5, 100] {
        let (code, pointer, help) = only(&pool().password_policy(PasswordPolicy::new(length)));
        assert_eq!(
            (code.as_str(), pointer.as_str()),
            ("cognito-password-policy", "/password_policy/minimum_length")
        );
        assert_eq!(help, "use 6 to 99 characters");
    }
    for length in [6, 99] {
        assert!(validate(&pool().password_policy(PasswordPolicy::new(length))).is_ok());
    }
    let wrong =
        pool().password_policy(PasswordPolicy::new(8).temporary_password_validity_days(366));
    let (_, pointer, _) = only(&wrong);
    assert_eq!(pointer, "/password_policy/temporary_password_validity_days");
}

#[test]
fn an_unknown_sign_in_attribute_is_reported() {
    // `sign_in` verifies the attribute too; it is reported once.
    let (code, pointer, help) = only(&pool().sign_in(["mail"]));
    assert_eq!(
        (code.as_str(), pointer.as_str()),
        ("cognito-unknown-attribute", "/sign_in/0")
    );
    assert_eq!(help, "did you mean `email`?");
}

#[test]
fn invalid_callback_urls_are_reported() {
    for url in [
        "http://example.com/",
        "https://example.com/#done",
        "example.com",
        "https://",
    ] {
        let mut wrong = pool();
        wrong.client.as_mut().unwrap().callback_urls = vec![url.to_string()];
        let (code, pointer, _) = only(&wrong);
        assert_eq!(
            (code.as_str(), pointer.as_str()),
            ("cognito-callback-url", "/client/callback_urls/0"),
            "{url}"
        );
    }
}

#[test]
fn an_invalid_domain_prefix_is_reported() {
    for prefix in ["Shop", "-shop", "my-cognito-pool", ""] {
        let (code, pointer, _) = only(&pool().domain(prefix));
        assert_eq!(
            (code.as_str(), pointer.as_str()),
            ("cognito-domain-prefix", "/domain"),
            "{prefix}"
        );
    }
}

#[test]
fn an_unknown_oauth_flow_is_reported() {
    let mut wrong = pool();
    wrong.client.as_mut().unwrap().oauth_flows = vec!["authorization_code".to_string()];
    let (code, pointer, _) = only(&wrong);
    assert_eq!(
        (code.as_str(), pointer.as_str()),
        ("cognito-unknown-oauth-flow", "/client/oauth_flows/0")
    );
}

#[test]
fn a_client_naming_an_undeclared_provider_is_reported() {
    let mut wrong = pool();
    wrong.client.as_mut().unwrap().identity_providers =
        vec!["COGNITO".to_string(), "Gogle".to_string()];
    let (code, pointer, help) = only(&wrong);
    assert_eq!(
        (code.as_str(), pointer.as_str()),
        ("cognito-unknown-provider", "/client/identity_providers/1")
    );
    assert_eq!(help, "did you mean `Google`?");
}

#[test]
fn a_literal_client_secret_is_reported() {
    let mut wrong = pool();
    wrong.identity_providers[0].client_secret = Some(Secret::from("GOCSPX-plain"));
    let (code, pointer, _) = only(&wrong);
    assert_eq!(
        (code.as_str(), pointer.as_str()),
        ("literal-secret", "/identity_providers/0/client_secret")
    );
}

#[test]
fn providers_lacking_what_their_type_needs_are_reported() {
    let missing_secret = pool().identity_provider(IdentityProvider::facebook("123"));
    assert_eq!(only(&missing_secret).0, "cognito-provider-details");
    let oidc = IdentityProvider::oidc("Corp", "c", "http://insecure.example.com")
        .client_secret(SecretRef::secrets_manager("corp"));
    assert_eq!(
        only(&pool().identity_provider(oidc)).0,
        "cognito-provider-details"
    );
    let saml = IdentityProvider::saml("Partners", "");
    assert_eq!(
        only(&pool().identity_provider(saml)).0,
        "cognito-provider-details"
    );
    let mut unknown = google();
    unknown.kind = "Gogle".to_string();
    let (code, pointer, help) = only(
        &UserPool {
            identity_providers: vec![],
            ..pool()
        }
        .identity_provider(unknown),
    );
    assert_eq!(
        (code.as_str(), pointer.as_str(), help.as_str()),
        (
            "cognito-provider-details",
            "/identity_providers/0/kind",
            "did you mean `Google`?"
        )
    );
}

#[test]
fn the_template_holds_the_exact_resources() {
    let pool = pool()
        .mfa(Mfa::On, [MfaFactor::Sms, MfaFactor::Totp])
        .sms(Sms::Created);
    let template = App::new()
        .part(validate(&pool).unwrap().into_part())
        .to_template()
        .unwrap();
    assert_eq!(
        template.resource_ids(),
        [
            "UsersSmsRole",
            "Users",
            "UsersDomain",
            "UsersProviderGoogle",
            "UsersClient"
        ]
    );
    let resource = |id: &str| template.resource(id).unwrap().to_value();
    let users = resource("Users");
    assert_eq!(
        users["Properties"]["EnabledMfas"],
        serde_json::json!(["SMS_MFA", "SOFTWARE_TOKEN_MFA"])
    );
    assert_eq!(
        users["Properties"]["SmsConfiguration"]["SnsCallerArn"]["Fn::GetAtt"][0],
        "UsersSmsRole"
    );
    assert_eq!(
        users["Properties"]["UsernameAttributes"],
        serde_json::json!(["email"])
    );
    let client = resource("UsersClient");
    assert_eq!(
        client["DependsOn"],
        serde_json::json!(["UsersProviderGoogle"])
    );
    assert_eq!(client["Properties"]["GenerateSecret"], false);
    assert_eq!(
        resource("UsersProviderGoogle")["Properties"]["ProviderDetails"]["client_secret"],
        "{{resolve:secretsmanager:idp/google:SecretString:secret}}"
    );
}

#[test]
fn the_ids_refer_to_the_pool_and_its_client() {
    let pool = pool();
    assert_eq!(pool.user_pool_id(), Value::reference("Users"));
    assert_eq!(pool.client_id(), Value::reference("UsersClient"));
    assert_eq!(
        UserPool::from_declaration(&pool.to_declaration()).unwrap(),
        pool
    );
}
