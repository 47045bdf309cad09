use super::*;
use crate::template::App;
use crate::tree::Tree;

fn token() -> SecretRef {
    SecretRef::secrets_manager("web/github").json_key("token")
}

/// A valid app; each test breaks one thing of it.
fn app() -> AmplifyApp {
    AmplifyApp::new("Web", "shop-web")
        .repository("https://github.com/example/shop-web")
        .access_token(token())
        .branch(Branch::new("main").stage(Stage::Production))
        .branch(Branch::new("dev").stage(Stage::Development).basic_auth(
            "team",
            SecretRef::secrets_manager("web/dev").json_key("password"),
        ))
        .domain(
            Domain::new("example.com")
                .sub_domain("", "main")
                .sub_domain("dev", "dev"),
        )
        .custom_rule(CustomRule::new("/old", "/new", "301"))
        .monitoring(Monitoring::new().alarm(Alarm::new("5xxErrors", 1)))
}

/// The only diagnostic of `app`: its code, pointer and help.
fn only(app: &AmplifyApp) -> (String, String, String) {
    crate::stack::only_diagnostic(validate(app), "the app should not validate")
}

#[test]
fn the_base_app_is_valid() {
    assert!(validate(&app()).is_ok());
}

#[test]
fn a_literal_access_token_is_reported_and_a_reference_is_not() {
    let (code, pointer, help) = only(&app().access_token("ghp_not_a_reference"));
    assert_eq!(
        (code.as_str(), pointer.as_str()),
        ("literal-secret", "/access_token")
    );
    assert!(help.contains("Secrets Manager"), "{help}");
    let fixed = app().access_token(token().dynamic_reference());
    assert!(validate(&fixed).is_ok());
}

#[test]
fn an_ssm_secure_reference_is_reported() {
    let (code, pointer, _) = only(&app().access_token("{{resolve:ssm-secure:/github/token:1}}"));
    assert_eq!(
        (code.as_str(), pointer.as_str()),
        ("secret-reference-unsupported", "/access_token")
    );
}

#[test]
fn a_literal_basic_auth_password_is_reported() {
    let mut wrong = app();
    wrong.branches[1] = Branch::new("dev").basic_auth("team", "hunter2");
    let (code, pointer, _) = only(&wrong);
    assert_eq!(
        (code.as_str(), pointer.as_str()),
        ("literal-secret", "/branches/1/basic_auth/password")
    );
}

#[test]
fn an_unknown_platform_is_reported_with_a_suggestion() {
    let (code, pointer, help) = only(&app().platform("WEB_COMPUT"));
    assert_eq!(
        (code.as_str(), pointer.as_str()),
        ("amplify-unknown-platform", "/platform")
    );
    assert_eq!(help, "did you mean `WEB_COMPUTE`?");
    assert!(validate(&app().platform(Platform::WebCompute)).is_ok());
}

#[test]
fn an_unknown_stage_is_reported_with_a_suggestion() {
    let mut wrong = app();
    wrong.branches[0].stage = Some("PROD".to_string());
    let (code, pointer, help) = only(&wrong);
    assert_eq!(
        (code.as_str(), pointer.as_str()),
        ("amplify-unknown-stage", "/branches/0/stage")
    );
    assert_eq!(help, "did you mean `PRODUCTION`?");
}

#[test]
fn a_duplicate_branch_is_reported() {
    let (code, pointer, _) = only(&app().branch(Branch::new("main")));
    assert_eq!(
        (code.as_str(), pointer.as_str()),
        ("amplify-duplicate-branch", "/branches/2/name")
    );
}

#[test]
fn a_sub_domain_of_an_undeclared_branch_is_reported() {
    let wrong = app().domain(
        Domain::new("example.com")
            .sub_domain("", "main")
            .sub_domain("www", "mian"),
    );
    let (code, pointer, help) = only(&wrong);
    assert_eq!(
        (code.as_str(), pointer.as_str()),
        (
            "amplify-domain-unknown-branch",
            "/domain/sub_domains/1/branch"
        )
    );
    assert_eq!(help, "did you mean `main`?");
}

#[test]
fn a_sub_domain_mapped_twice_is_reported() {
    let wrong = app().domain(
        Domain::new("example.com")
            .sub_domain("dev", "main")
            .sub_domain("dev", "dev"),
    );
    let (code, pointer, _) = only(&wrong);
    assert_eq!(
        (code.as_str(), pointer.as_str()),
        (
            "amplify-duplicate-sub-domain",
            "/domain/sub_domains/1/prefix"
        )
    );
}

#[test]
fn an_invalid_redirect_status_is_reported_and_every_allowed_one_passes() {
    let (code, pointer, help) = only(&app().custom_rule(CustomRule::new("/a", "/b", "307")));
    assert_eq!(
        (code.as_str(), pointer.as_str()),
        ("amplify-redirect-status", "/custom_rules/1/status")
    );
    assert!(help.contains("404-200"), "{help}");
    for status in CustomRule::STATUSES {
        assert!(validate(&app().custom_rule(CustomRule::new("/a", "/b", *status))).is_ok());
    }
}

#[test]
fn a_repository_that_is_not_https_is_reported() {
    let (code, pointer, _) = only(&app().repository("git@github.com:example/shop-web.git"));
    assert_eq!(
        (code.as_str(), pointer.as_str()),
        ("amplify-repository-url", "/repository")
    );
}

#[test]
fn an_unknown_metric_and_a_bad_period_are_reported() {
    let wrong = app().monitoring(Monitoring::new().alarm(Alarm::new("5XXErrors", 1)));
    let (code, pointer, help) = only(&wrong);
    assert_eq!(
        (code.as_str(), pointer.as_str()),
        ("amplify-unknown-metric", "/monitoring/alarms/0/metric")
    );
    assert_eq!(help, "did you mean `5xxErrors`?");
    let wrong =
        app().monitoring(Monitoring::new().alarm(Alarm::new("Latency", 1).period_seconds(90)));
    let (code, pointer, _) = only(&wrong);
    assert_eq!(
        (code.as_str(), pointer.as_str()),
        (
            "amplify-alarm-period",
            "/monitoring/alarms/0/period_seconds"
        )
    );
}

#[test]
fn empty_names_are_reported() {
    let (code, pointer, _) = only(&AmplifyApp {
        name: " ".to_string(),
        ..app()
    });
    assert_eq!(
        (code.as_str(), pointer.as_str()),
        ("amplify-empty-name", "/name")
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let wrong = app()
        .platform("IOS")
        .access_token("plain")
        .custom_rule(CustomRule::new("/a", "/b", "500"))
        .branch(Branch::new("main"));
    let codes: Vec<_> = validate(&wrong)
        .unwrap_err()
        .iter()
        .map(|d| d.code())
        .collect();
    assert_eq!(
        codes,
        [
            "literal-secret",
            "amplify-unknown-platform",
            "amplify-duplicate-branch",
            "amplify-redirect-status"
        ]
    );
}

#[test]
fn the_template_holds_the_exact_resources_and_references() {
    let template = App::new()
        .part(validate(&app()).unwrap().into_part())
        .to_template()
        .unwrap();
    assert_eq!(
        template.resource_ids(),
        [
            "Web",
            "WebBranchMain",
            "WebBranchDev",
            "WebDomain",
            "WebAlarmTopic",
            "WebAlarm5xxErrors"
        ]
    );
    let props = |id: &str| {
        template
            .resource(id)
            .unwrap()
            .get("Properties")
            .unwrap()
            .clone()
    };
    assert_eq!(
        props("Web").get("AccessToken").unwrap().as_str(),
        Some("{{resolve:secretsmanager:web/github:SecretString:token}}")
    );
    let auth = props("WebBranchDev")
        .get("BasicAuthConfig")
        .unwrap()
        .clone();
    assert_eq!(
        auth.get("Password").unwrap().as_str(),
        Some("{{resolve:secretsmanager:web/dev:SecretString:password}}")
    );
    assert_eq!(
        props("WebBranchMain").get("AppId"),
        Some(&Tree::get_att("Web", "AppId"))
    );
    let settings = props("WebDomain")
        .get("SubDomainSettings")
        .unwrap()
        .to_value();
    assert_eq!(
        settings,
        serde_json::json!([
            {"Prefix": "", "BranchName": {"Fn::GetAtt": ["WebBranchMain", "BranchName"]}},
            {"Prefix": "dev", "BranchName": {"Fn::GetAtt": ["WebBranchDev", "BranchName"]}},
        ])
    );
    let alarm = props("WebAlarm5xxErrors").to_value();
    assert_eq!(alarm["Namespace"], "AWS/AmplifyHosting");
    assert_eq!(alarm["Dimensions"][0]["Name"], "App");
    assert_eq!(alarm["AlarmActions"][0]["Ref"], "WebAlarmTopic");
    assert!(template.files().is_empty());
}

#[test]
fn amplify_yml_has_the_build_and_cypress_test_phases() {
    let spec = BuildSpec::new()
        .pre_build(["npm ci"])
        .build(["npm run build"])
        .artifacts("build", ["**/*"])
        .cache(["node_modules/**/*"])
        .test(TestPhase::cypress(["npx cypress run"]));
    let app = app().build_spec(spec);
    let template = App::new()
        .part(validate(&app).unwrap().into_part())
        .to_template()
        .unwrap();
    let (name, text) = &template.files()[0];
    assert_eq!(name, "amplify.yml");
    let expected = "\
version: 1
frontend:
  phases:
    preBuild:
      commands:
        - npm ci
    build:
      commands:
        - npm run build
  artifacts:
    baseDirectory: build
    files:
      - \"**/*\"
  cache:
    paths:
      - \"node_modules/**/*\"
test:
  phases:
    preTest:
      commands:
        - npm ci
        - npm install -g pm2
        - npm install -g wait-on
        - npm install mocha mochawesome mochawesome-merge mochawesome-report-generator
        - pm2 start npm -- start
        - wait-on http://localhost:3000
    test:
      commands:
        - npx cypress run
    postTest:
      commands:
        - \"npx mochawesome-merge cypress/report/mochawesome-report/mochawesome*.json > cypress/report/mochawesome.json\"
        - pm2 kill
  artifacts:
    baseDirectory: cypress
    configFilePath: \"**/mochawesome.json\"
    files:
      - \"**/*.png\"
      - \"**/*.mp4\"
";
    assert_eq!(text, expected);
    let build_spec = template
        .resource("Web")
        .unwrap()
        .get("Properties")
        .unwrap()
        .get("BuildSpec");
    assert_eq!(build_spec.and_then(Tree::as_str), Some(expected));
}

#[test]
fn the_declaration_form_reads_back() {
    let app = app()
        .environment("POOL", Value::reference("Users"))
        .service_role_arn(Value::parameter("Role"));
    assert_eq!(
        AmplifyApp::from_declaration(&app.to_declaration()).unwrap(),
        app
    );
}

#[test]
fn a_reference_to_a_missing_resource_is_a_template_error() {
    let app = app().environment("POOL", Value::reference("Users"));
    let err = App::new()
        .part(validate(&app).unwrap().into_part())
        .to_template()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Amplify app `Web`: `Users` is neither a parameter nor a resource of the stack"
    );
}

/// Every Amplify and Cognito rule: a declaration that breaks it (the rule fires) and its fixed
/// twin (valid), as `workflow-core/tests/rules.rs` demands of the state-machine rules.
#[test]
fn every_amplify_and_cognito_rule_has_a_case_and_a_fixed_twin() {
    use crate::cognito::{self, Mfa, MfaFactor, PasswordPolicy, Sms, UserPool, UserPoolClient};
    use crate::rules::Rule;

    let pool = || {
        UserPool::new("Users")
            .sign_in(["email"])
            .client(UserPoolClient::new("web").callback_url("https://example.com/"))
    };
    let client = |f: &dyn Fn(UserPoolClient) -> UserPoolClient| {
        pool().client(f(
            UserPoolClient::new("web").callback_url("https://example.com/")
        ))
    };
    let amplify =
        |broken: AmplifyApp, fixed: AmplifyApp| (validate(&broken).err(), validate(&fixed).is_ok());
    let cognito = |broken: UserPool, fixed: UserPool| {
        (
            cognito::validate(&broken).err(),
            cognito::validate(&fixed).is_ok(),
        )
    };
    let google = || cognito::IdentityProvider::google("g").client_secret(token());
    let cases = [
        (
            Rule::LiteralSecret,
            amplify(app().access_token("plain"), app().access_token(token())),
        ),
        (
            Rule::SecretReferenceUnsupported,
            amplify(app().access_token("{{resolve:ssm-secure:/t:1}}"), app()),
        ),
        (
            Rule::AmplifyUnknownPlatform,
            amplify(app().platform("WEBB"), app().platform("WEB")),
        ),
        (
            Rule::AmplifyUnknownStage,
            amplify(
                app().branch(Branch::new("x").stage("PROD")),
                app().branch(Branch::new("x").stage("BETA")),
            ),
        ),
        (
            Rule::AmplifyDuplicateBranch,
            amplify(
                app().branch(Branch::new("dev")),
                app().branch(Branch::new("qa")),
            ),
        ),
        (
            Rule::AmplifyDomainUnknownBranch,
            amplify(
                app().domain(Domain::new("example.com").sub_domain("qa", "qa")),
                app().domain(Domain::new("example.com").sub_domain("qa", "dev")),
            ),
        ),
        (
            Rule::AmplifyDuplicateSubDomain,
            amplify(
                app().domain(
                    Domain::new("example.com")
                        .sub_domain("a", "dev")
                        .sub_domain("a", "main"),
                ),
                app().domain(
                    Domain::new("example.com")
                        .sub_domain("a", "dev")
                        .sub_domain("b", "main"),
                ),
            ),
        ),
        (
            Rule::AmplifyRedirectStatus,
            amplify(
                app().custom_rule(CustomRule::new("/a", "/b", "303")),
                app().custom_rule(CustomRule::new("/a", "/b", "302")),
            ),
        ),
        (
            Rule::AmplifyRepositoryUrl,
            amplify(
                app().repository("github.com/x/y"),
                app().repository("https://github.com/x/y"),
            ),
        ),
        (
            Rule::AmplifyUnknownMetric,
            amplify(
                app().monitoring(Monitoring::new().alarm(Alarm::new("Errors", 1))),
                app().monitoring(Monitoring::new().alarm(Alarm::new("4xxErrors", 1))),
            ),
        ),
        (
            Rule::AmplifyAlarmPeriod,
            amplify(
                app().monitoring(
                    Monitoring::new().alarm(Alarm::new("Requests", 1).evaluation_periods(0)),
                ),
                app().monitoring(
                    Monitoring::new().alarm(Alarm::new("Requests", 1).evaluation_periods(1)),
                ),
            ),
        ),
        (
            Rule::AmplifyEmptyName,
            amplify(
                app().branch(Branch::new("")),
                app().branch(Branch::new("qa")),
            ),
        ),
        (
            Rule::CognitoUnknownMfa,
            cognito(
                pool().mfa("OPTIONAL", ["EMAIL"]),
                pool().mfa("OPTIONAL", ["TOTP"]),
            ),
        ),
        (
            Rule::CognitoMfaNoFactor,
            cognito(
                pool().mfa(Mfa::On, Vec::<String>::new()),
                pool().mfa(Mfa::On, [MfaFactor::Totp]),
            ),
        ),
        (
            Rule::CognitoSmsWithoutConfig,
            cognito(
                pool().mfa(Mfa::On, [MfaFactor::Sms]),
                pool().mfa(Mfa::On, [MfaFactor::Sms]).sms(Sms::Created),
            ),
        ),
        (
            Rule::CognitoPasswordPolicy,
            cognito(
                pool().password_policy(PasswordPolicy::new(3)),
                pool().password_policy(PasswordPolicy::new(6)),
            ),
        ),
        (
            Rule::CognitoUnknownAttribute,
            cognito(pool().auto_verify(["name"]), pool().auto_verify(["email"])),
        ),
        (
            Rule::CognitoCallbackUrl,
            cognito(
                client(&|c| c.callback_url("ftp://example.com")),
                client(&|c| c.callback_url("https://example.org/")),
            ),
        ),
        (
            Rule::CognitoDomainPrefix,
            cognito(pool().domain("my_pool"), pool().domain("my-pool")),
        ),
        (
            Rule::CognitoUnknownOauthFlow,
            cognito(
                client(&|c| c.oauth_flows(["password"])),
                client(&|c| c.oauth_flows(["implicit"])),
            ),
        ),
        (
            Rule::CognitoUnknownProvider,
            cognito(
                client(&|c| c.identity_providers(["Google"])),
                client(&|c| c.identity_providers(["COGNITO"])),
            ),
        ),
        (
            Rule::CognitoProviderDetails,
            cognito(
                pool().identity_provider(cognito::IdentityProvider::google("g")),
                pool().identity_provider(google()),
            ),
        ),
    ];
    let mut covered = Vec::new();
    for (rule, (broken, fixed_is_valid)) in &cases {
        let codes: Vec<&str> = broken.iter().flatten().map(|d| d.code()).collect();
        assert_eq!(codes, [rule.code()], "{rule:?}: the broken declaration");
        assert!(fixed_is_valid, "{rule:?}: the fixed twin is not valid");
        covered.push(*rule);
    }
    for rule in Rule::AMPLIFY_AND_COGNITO {
        assert!(covered.contains(rule), "{rule:?} has no case");
    }
}
