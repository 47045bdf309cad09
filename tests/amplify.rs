//! Amplify apps and Cognito user pools in a stack, judged by cfn-lint: a stack with every
//! feature of both (created service role, two branches with environment variables and basic
//! auth, a domain, custom rules and headers, a build with the Cypress test phase, alarms with a
//! topic of the stack and with a given action; a user pool with SMS and TOTP MFA and a created
//! SMS role, a domain, every kind of identity provider and a client) is written as JSON and
//! YAML and must draw no cfn-lint error or warning. Its text and `amplify.yml` hold no
//! plain-text secret.
//!
//! Without `.venv/bin/cfn-lint` the lint is skipped with a note, unless `CI` is set.

mod common;

use std::path::{Path, PathBuf};

use workflow::core::amplify::{
    Alarm, AmplifyApp, Branch, BuildSpec, CustomHeader, CustomRule, Domain, Monitoring, Platform,
    SecretRef, Stage, TestPhase,
};
use workflow::core::cognito::{
    IdentityProvider, Mfa, MfaFactor, PasswordPolicy, Sms, UserPool, UserPoolClient,
};
use workflow::core::template::{App, Output, Parameter, Value};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn secret(id: &str, key: &str) -> SecretRef {
    SecretRef::secrets_manager(id).json_key(key)
}

fn every_feature_pool() -> UserPool {
    UserPool::new("Users")
        .name("shop-users")
        .sign_in(["email", "phone_number"])
        .mfa(Mfa::On, [MfaFactor::Sms, MfaFactor::Totp])
        .sms(Sms::Created)
        .password_policy(PasswordPolicy::new(10).temporary_password_validity_days(2))
        .account_recovery(["verified_email", "verified_phone_number"])
        .domain("shop-users")
        .identity_provider(
            IdentityProvider::google("g.apps.googleusercontent.com")
                .client_secret(secret("idp/google", "secret")),
        )
        .identity_provider(
            IdentityProvider::facebook("1234567890")
                .client_secret(secret("idp/facebook", "secret")),
        )
        .identity_provider(
            IdentityProvider::login_with_amazon("amzn1.application-oa2-client.1")
                .client_secret(secret("idp/amazon", "secret")),
        )
        .identity_provider(
            IdentityProvider::sign_in_with_apple("com.example.shop", "TEAM123456", "KEY1234567")
                .client_secret(secret("idp/apple", "private_key")),
        )
        .identity_provider(
            IdentityProvider::oidc("Corp", "corp-client", "https://login.example.com")
                .client_secret(secret("idp/corp", "secret")),
        )
        .identity_provider(IdentityProvider::saml(
            "Partners",
            "https://idp.example.com/metadata.xml",
        ))
        .client(
            UserPoolClient::new("web")
                .oauth_flows(["code", "implicit"])
                .oauth_scopes([
                    "openid",
                    "email",
                    "profile",
                    "aws.cognito.signin.user.admin",
                ])
                .callback_url("https://shop.example.com/")
                .callback_url("http://localhost:3000/")
                .logout_url("https://shop.example.com/")
                .identity_providers([
                    "COGNITO",
                    "Google",
                    "Facebook",
                    "LoginWithAmazon",
                    "SignInWithApple",
                    "Corp",
                    "Partners",
                ]),
        )
}

fn every_feature_app(pool: &UserPool) -> AmplifyApp {
    AmplifyApp::new("Web", "shop-web")
        .description("The shop")
        .repository("https://github.com/example/shop-web")
        .access_token(secret("web/github", "token"))
        .platform(Platform::WebCompute)
        .service_role_created()
        .environment("USER_POOL_ID", pool.user_pool_id())
        .environment("USER_POOL_CLIENT_ID", pool.client_id())
        .environment("API_URL", Value::parameter("ApiUrl"))
        .branch(
            Branch::new("main")
                .stage(Stage::Production)
                .framework("Next.js - SSR"),
        )
        .branch(
            Branch::new("feature/new-ui")
                .stage(Stage::Experimental)
                .auto_build(false)
                .pull_request_preview(true)
                .environment("FLAG", "on")
                .basic_auth("team", secret("web/dev", "password")),
        )
        .domain(
            Domain::new("shop.example.com")
                .sub_domain("", "main")
                .sub_domain("next", "feature/new-ui"),
        )
        .custom_rule(CustomRule::new("/old", "/new", "301"))
        .custom_rule(CustomRule::new("/promo", "/de/promo", "302").condition("<DE>"))
        .custom_rule(CustomRule::new("/<*>", "/index.html", "404-200"))
        .custom_header(CustomHeader::new("**/*").header("X-Frame-Options", "DENY"))
        .build_spec(
            BuildSpec::new()
                .pre_build(["npm ci"])
                .build(["npm run build"])
                .artifacts(".next", ["**/*"])
                .cache(["node_modules/**/*"])
                .test(TestPhase::cypress(["npx cypress run"])),
        )
        .monitoring(
            Monitoring::new().alarm(Alarm::new("5xxErrors", 5)).alarm(
                Alarm::new("4xxErrors", 100)
                    .period_seconds(600)
                    .evaluation_periods(2),
            ),
        )
}

fn every_feature_stack() -> App {
    let pool = every_feature_pool();
    let app = every_feature_app(&pool);
    let other = AmplifyApp::new("Docs", "shop-docs")
        .repository("https://github.com/example/shop-docs")
        .access_token(secret("web/github", "token"))
        .service_role_arn(Value::parameter("AmplifyRoleArn"))
        .branch(Branch::new("main"))
        .monitoring(
            Monitoring::new()
                .alarm(Alarm::new("Requests", 100000))
                .action(Value::parameter("AlarmTopicArn")),
        );
    App::new()
        .description("Every Amplify and Cognito feature")
        .parameter(Parameter::string("ApiUrl").allowed_pattern("^https://.+$"))
        .parameter(
            Parameter::string("AmplifyRoleArn")
                .allowed_pattern("^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$"),
        )
        .parameter(Parameter::string("AlarmTopicArn").allowed_pattern("^arn:aws[a-z-]*:sns:.+$"))
        .part(
            workflow::core::cognito::validate(&pool)
                .unwrap()
                .into_part(),
        )
        .part(workflow::core::amplify::validate(&app).unwrap().into_part())
        .part(
            workflow::core::amplify::validate(&other)
                .unwrap()
                .into_part(),
        )
        .output(Output::new("UserPoolId", pool.user_pool_id()))
}

fn cfn_lint() -> Option<PathBuf> {
    let path = root().join(".venv/bin/cfn-lint");
    if path.exists() {
        return Some(path);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{} is missing; run scripts/python-venv.sh first (CI must lint the templates)",
        path.display()
    );
    eprintln!("note: skipping cfn-lint: {} is missing", path.display());
    None
}

#[test]
#[should_panic(expected = "the member `Password` is a literal value")]
fn the_secret_scan_finds_a_literal_password() {
    common::secrets::assert_no_plaintext_secrets("amplify.yml", "Password: hunter2hunter2\n");
}

#[test]
#[should_panic(expected = "a token in the ghp_… credential format")]
fn the_secret_scan_finds_a_github_token() {
    common::secrets::assert_no_plaintext_secrets(
        "template.json",
        r#"{"OauthToken": "ghp_0123456789abcdef0123"}"#,
    );
}

#[test]
fn the_secret_scan_passes_references_and_paths() {
    common::secrets::assert_no_plaintext_secrets(
        "amplify.yml",
        "\"AccessToken\": \"{{resolve:secretsmanager:web/github:SecretString:token}}\",\n\"TaskToken.$\": \"$$.Task.Token\"\nTemporaryPasswordValidityDays: 3\nSecretId: orders/key\n",
    );
}

#[test]
fn every_feature_renders_the_expected_resources() {
    let template = every_feature_stack().to_template().unwrap();
    assert_eq!(
        template.resource_ids(),
        [
            "UsersSmsRole",
            "Users",
            "UsersDomain",
            "UsersProviderGoogle",
            "UsersProviderFacebook",
            "UsersProviderLoginWithAmazon",
            "UsersProviderSignInWithApple",
            "UsersProviderCorp",
            "UsersProviderPartners",
            "UsersClient",
            "WebRole",
            "Web",
            "WebBranchMain",
            "WebBranchFeatureNewUi",
            "WebDomain",
            "WebAlarmTopic",
            "WebAlarm5xxErrors",
            "WebAlarm4xxErrors",
            "Docs",
            "DocsBranchMain",
            "DocsAlarmRequests",
        ]
    );
    let files = template.files();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].0, "amplify.yml");
    assert!(
        files[0]
            .1
            .contains("configFilePath: \"**/mochawesome.json\""),
        "{}",
        files[0].1
    );
}

#[test]
fn every_feature_is_cfn_lint_clean_and_holds_no_plain_text_secret() {
    let template = every_feature_stack().to_template().unwrap();
    let json = template.to_json_string();
    let yaml = template.to_yaml_string();
    common::secrets::assert_no_plaintext_secrets("template.json", &json);
    common::secrets::assert_no_plaintext_secrets("template.yaml", &yaml);
    for (name, text) in template.files() {
        common::secrets::assert_no_plaintext_secrets(name, text);
    }
    let Some(cfn_lint) = cfn_lint() else {
        return;
    };
    let dir = std::env::temp_dir().join(format!("workflow-amplify-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let files: Vec<PathBuf> = [
        ("amplify.template.json", &json),
        ("amplify.template.yaml", &yaml),
    ]
    .iter()
    .map(|(name, text)| {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    })
    .collect();
    let (output, findings) = common::cfn_lint(&cfn_lint, &files);
    let _ = std::fs::remove_dir_all(&dir);
    assert!(findings.is_empty(), "cfn-lint:\n{}", findings.join("\n"));
    let code = output.status.code().unwrap_or(-1);
    assert!(code == 0 || code == 8, "cfn-lint exited with {code}");
}
