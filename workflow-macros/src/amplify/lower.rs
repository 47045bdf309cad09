//! Stage 2 of `amplify_app!` and `user_pool!`: the value tree → the workflow-core model, plus a
//! map from the model's JSON Pointers to the tokens they came from. Only the shape is checked
//! here (unknown or repeated fields, a string where a list belongs); every rule about the
//! values is the core validator's.

use proc_macro2::TokenStream;
use workflow_core::amplify::{
    Alarm, AmplifyApp, BasicAuth, Branch, BuildSpec, CustomHeader, CustomRule, Domain,
    EnvironmentVariable, Monitoring, Secret, SecretRef, ServiceRole, SubDomain, TestPhase,
};
use workflow_core::cognito::{IdentityProvider, PasswordPolicy, Sms, UserPool, UserPoolClient};
use workflow_core::did_you_mean::closest;
use workflow_core::template::Value;

use super::syntax::{Kind, Member, Node};

/// The tokens of each model pointer, and the shape errors.
#[derive(Default)]
pub struct Lowering {
    spans: Vec<(String, TokenStream)>,
    /// The pointers of values that could not be read (left empty in the model).
    failed: Vec<String>,
    pub errors: Vec<syn::Error>,
}

impl Lowering {
    /// The tokens of the longest recorded pointer that `pointer` starts with.
    pub fn tokens_for(&self, pointer: &str) -> Option<&TokenStream> {
        crate::workflow::lower::best(&self.spans, pointer, true).map(|(_, t)| t)
    }

    fn record(&mut self, pointer: &str, tokens: &TokenStream) {
        self.spans.push((pointer.to_string(), tokens.clone()));
    }

    fn error(&mut self, tokens: &TokenStream, message: impl std::fmt::Display) {
        self.errors.push(syn::Error::new_spanned(tokens, message));
    }

    /// An error about the value at `pointer`, which the model then holds empty.
    fn fail(&mut self, pointer: &str, tokens: &TokenStream, message: impl std::fmt::Display) {
        self.failed.push(pointer.to_string());
        self.error(tokens, message);
    }

    /// Whether a validator diagnostic at `pointer` is about a value the lowering could not
    /// read (and so would only repeat its error).
    pub fn is_about_failed(&self, pointer: &str) -> bool {
        self.failed.iter().any(|f| {
            pointer == f || (pointer.starts_with(f.as_str()) && pointer[f.len()..].starts_with('/'))
        })
    }

    /// The members of the object at `pointer`, each checked against `known` (with a
    /// did-you-mean for the others; any key when `known` is empty) and given once.
    fn object<'a>(
        &mut self,
        node: &'a Node,
        pointer: &str,
        what: &str,
        known: &[&str],
    ) -> Vec<&'a Member> {
        let Kind::Object(members) = &node.kind else {
            self.fail(
                pointer,
                &node.tokens,
                format!("expected `{{ … }}` for {what}, found {}", node.describe()),
            );
            return Vec::new();
        };
        let mut out: Vec<&Member> = Vec::new();
        for m in members {
            if !known.is_empty() && !known.contains(&m.key.as_str()) {
                let hint = match closest(&m.key, known.iter().copied()) {
                    Some(c) => format!("; did you mean `{c}`?"),
                    None => String::new(),
                };
                self.error(
                    &m.key_tokens,
                    format!(
                        "unknown field `{}` of {what}; expected one of: {}{hint}",
                        m.key,
                        known.join(", ")
                    ),
                );
            } else if out.iter().any(|o| o.key == m.key) {
                self.error(
                    &m.key_tokens,
                    format!("the field `{}` is given twice", m.key),
                );
            } else {
                out.push(m);
            }
        }
        out
    }

    fn string(&mut self, node: &Node, pointer: &str) -> String {
        self.record(pointer, &node.tokens);
        match &node.kind {
            Kind::Str(s) => s.clone(),
            _ => {
                self.fail(
                    pointer,
                    &node.tokens,
                    format!("expected a string, found {}", node.describe()),
                );
                String::new()
            }
        }
    }

    /// A name written bare (`PRODUCTION`) or quoted, or a number (`301`).
    fn name(&mut self, node: &Node, pointer: &str) -> String {
        self.record(pointer, &node.tokens);
        match &node.kind {
            Kind::Str(s) | Kind::Ident(s) | Kind::Int(s) => s.clone(),
            _ => {
                self.fail(
                    pointer,
                    &node.tokens,
                    format!("expected a name, found {}", node.describe()),
                );
                String::new()
            }
        }
    }

    fn int(&mut self, node: &Node, pointer: &str) -> u32 {
        self.record(pointer, &node.tokens);
        match &node.kind {
            Kind::Int(digits) => digits.parse().unwrap_or_else(|_| {
                self.fail(pointer, &node.tokens, "the number is too large");
                0
            }),
            _ => {
                self.fail(
                    pointer,
                    &node.tokens,
                    format!("expected a number, found {}", node.describe()),
                );
                0
            }
        }
    }

    fn boolean(&mut self, node: &Node, pointer: &str) -> bool {
        self.record(pointer, &node.tokens);
        match &node.kind {
            Kind::Bool(b) => *b,
            _ => {
                self.fail(
                    pointer,
                    &node.tokens,
                    format!("expected true or false, found {}", node.describe()),
                );
                false
            }
        }
    }

    fn items<'a>(&mut self, node: &'a Node, pointer: &str) -> &'a [Node] {
        self.record(pointer, &node.tokens);
        match &node.kind {
            Kind::List(items) => items,
            _ => {
                self.fail(
                    pointer,
                    &node.tokens,
                    format!("expected `[ … ]`, found {}", node.describe()),
                );
                &[]
            }
        }
    }

    /// A list of names or strings.
    fn names(&mut self, node: &Node, pointer: &str) -> Vec<String> {
        let items = self.items(node, pointer);
        items
            .iter()
            .enumerate()
            .map(|(i, item)| self.name(item, &format!("{pointer}/{i}")))
            .collect()
    }

    /// `secrets_manager("id")`, `secrets_manager("id", "json-key")`, or a string (which the
    /// validator reports unless it is a dynamic reference).
    fn secret(&mut self, node: &Node, pointer: &str) -> Secret {
        self.record(pointer, &node.tokens);
        match &node.kind {
            Kind::Str(s) => Secret::from(s.as_str()),
            Kind::Call(f, args) if f == "secrets_manager" && (1..=2).contains(&args.len()) => {
                let id = self.string(&args[0], pointer);
                let r = SecretRef::secrets_manager(id);
                match args.get(1) {
                    Some(key) => Secret::Reference(r.json_key(self.string(key, pointer))),
                    None => Secret::Reference(r),
                }
            }
            _ => {
                self.fail(
                    pointer,
                    &node.tokens,
                    "expected secrets_manager(\"secret-id\", \"json-key\")",
                );
                Secret::Reference(SecretRef::secrets_manager(""))
            }
        }
    }

    /// `created` or `role_arn("arn:…")`.
    fn role(&mut self, node: &Node, pointer: &str) -> Option<Value> {
        self.record(pointer, &node.tokens);
        match &node.kind {
            Kind::Ident(i) if i == "created" => None,
            Kind::Call(f, args) if f == "role_arn" && args.len() == 1 => {
                Some(Value::literal(self.string(&args[0], pointer)))
            }
            _ => {
                self.fail(
                    pointer,
                    &node.tokens,
                    "expected `created` or `role_arn(\"arn:…\")`",
                );
                None
            }
        }
    }

    fn environment(&mut self, node: &Node, pointer: &str) -> Vec<EnvironmentVariable> {
        self.object(node, pointer, "environment", &[])
            .into_iter()
            .enumerate()
            .map(|(i, m)| EnvironmentVariable {
                name: m.key.clone(),
                value: Value::literal(self.string(&m.value, &format!("{pointer}/{i}"))),
            })
            .collect()
    }
}

const APP_FIELDS: &[&str] = &[
    "name",
    "description",
    "repository",
    "access_token",
    "platform",
    "service_role",
    "environment",
    "branches",
    "domain",
    "custom_rules",
    "custom_headers",
    "build",
    "alarms",
    "alarm_action",
];

/// The app declared as `id { … }`.
pub fn app(id: &str, body: &Node, lw: &mut Lowering) -> AmplifyApp {
    let mut app = AmplifyApp::new(id, id);
    lw.record("", &body.tokens);
    let mut alarms = Vec::new();
    let mut action = None;
    for m in lw.object(body, "", "an Amplify app", APP_FIELDS) {
        let v = &m.value;
        match m.key.as_str() {
            "name" => app.name = lw.string(v, "/name"),
            "description" => app.description = Some(lw.string(v, "/description")),
            "repository" => app.repository = Some(lw.string(v, "/repository")),
            "access_token" => app.access_token = Some(lw.secret(v, "/access_token")),
            "platform" => app.platform = lw.name(v, "/platform"),
            "service_role" => {
                app.service_role = match lw.role(v, "/service_role") {
                    Some(arn) => ServiceRole::Arn(arn),
                    None => ServiceRole::Created,
                }
            }
            "environment" => app.environment = lw.environment(v, "/environment"),
            "branches" => {
                let items = lw.items(v, "/branches");
                app.branches = items
                    .iter()
                    .enumerate()
                    .map(|(i, b)| branch(b, &format!("/branches/{i}"), lw))
                    .collect();
            }
            "domain" => app.domain = Some(domain(v, lw)),
            "custom_rules" => {
                let items = lw.items(v, "/custom_rules");
                app.custom_rules = items
                    .iter()
                    .enumerate()
                    .map(|(i, r)| custom_rule(r, &format!("/custom_rules/{i}"), lw))
                    .collect();
            }
            "custom_headers" => {
                let items = lw.items(v, "/custom_headers");
                app.custom_headers = items
                    .iter()
                    .enumerate()
                    .map(|(i, h)| custom_header(h, &format!("/custom_headers/{i}"), lw))
                    .collect();
            }
            "build" => app.build_spec = Some(build(v, lw)),
            "alarms" => {
                let items = lw.items(v, "/monitoring/alarms");
                alarms = items
                    .iter()
                    .enumerate()
                    .map(|(i, a)| alarm(a, &format!("/monitoring/alarms/{i}"), lw))
                    .collect();
            }
            "alarm_action" => action = Some(Value::literal(lw.string(v, "/monitoring/action"))),
            _ => {}
        }
    }
    if !alarms.is_empty() || action.is_some() {
        app.monitoring = Some(Monitoring { alarms, action });
    }
    app
}

fn branch(node: &Node, base: &str, lw: &mut Lowering) -> Branch {
    let mut branch = Branch::new("");
    lw.record(base, &node.tokens);
    let fields = lw.object(
        node,
        base,
        "a branch",
        &[
            "name",
            "stage",
            "framework",
            "auto_build",
            "pull_request_preview",
            "environment",
            "basic_auth",
        ],
    );
    if !fields.iter().any(|m| m.key == "name") {
        lw.fail(
            &format!("{base}/name"),
            &node.tokens,
            "a branch needs `name: \"…\"`",
        );
    }
    for m in fields {
        let v = &m.value;
        let p = format!("{base}/{}", m.key);
        match m.key.as_str() {
            "name" => branch.name = lw.string(v, &p),
            "stage" => branch.stage = Some(lw.name(v, &p)),
            "framework" => branch.framework = Some(lw.string(v, &p)),
            "auto_build" => branch.auto_build = lw.boolean(v, &p),
            "pull_request_preview" => branch.pull_request_preview = lw.boolean(v, &p),
            "environment" => branch.environment = lw.environment(v, &p),
            "basic_auth" => {
                lw.record(&p, &v.tokens);
                let mut auth = BasicAuth {
                    username: String::new(),
                    password: Secret::Reference(SecretRef::secrets_manager("")),
                };
                let fields = lw.object(v, &p, "basic_auth", &["username", "password"]);
                for needed in ["username", "password"] {
                    if !fields.iter().any(|f| f.key == needed) {
                        lw.fail(
                            &format!("{p}/{needed}"),
                            &v.tokens,
                            format!("basic_auth needs `{needed}`"),
                        );
                    }
                }
                for f in fields {
                    let fp = format!("{p}/{}", f.key);
                    match f.key.as_str() {
                        "username" => auth.username = lw.string(&f.value, &fp),
                        _ => auth.password = lw.secret(&f.value, &fp),
                    }
                }
                branch.basic_auth = Some(auth);
            }
            _ => {}
        }
    }
    branch
}

fn domain(node: &Node, lw: &mut Lowering) -> Domain {
    let mut domain = Domain::new("");
    lw.record("/domain", &node.tokens);
    for m in lw.object(node, "/domain", "a domain", &["name", "sub_domains"]) {
        match m.key.as_str() {
            "name" => domain.name = lw.string(&m.value, "/domain/name"),
            _ => {
                lw.record("/domain/sub_domains", &m.value.tokens);
                for (i, sub) in lw
                    .object(&m.value, "/domain/sub_domains", "sub_domains", &[])
                    .into_iter()
                    .enumerate()
                {
                    let base = format!("/domain/sub_domains/{i}");
                    lw.record(&format!("{base}/prefix"), &sub.key_tokens);
                    let branch = lw.name(&sub.value, &format!("{base}/branch"));
                    domain.sub_domains.push(SubDomain {
                        prefix: sub.key.clone(),
                        branch,
                    });
                }
            }
        }
    }
    domain
}

fn custom_rule(node: &Node, base: &str, lw: &mut Lowering) -> CustomRule {
    let mut rule = CustomRule::new("", "", "");
    lw.record(base, &node.tokens);
    for m in lw.object(
        node,
        base,
        "a custom rule",
        &["source", "target", "status", "condition"],
    ) {
        let p = format!("{base}/{}", m.key);
        match m.key.as_str() {
            "source" => rule.source = lw.string(&m.value, &p),
            "target" => rule.target = lw.string(&m.value, &p),
            "status" => rule.status = lw.name(&m.value, &p),
            _ => rule.condition = Some(lw.string(&m.value, &p)),
        }
    }
    rule
}

fn custom_header(node: &Node, base: &str, lw: &mut Lowering) -> CustomHeader {
    let mut header = CustomHeader::new("");
    lw.record(base, &node.tokens);
    for m in lw.object(node, base, "custom headers", &["pattern", "headers"]) {
        let p = format!("{base}/{}", m.key);
        match m.key.as_str() {
            "pattern" => header.pattern = lw.string(&m.value, &p),
            _ => {
                for (i, h) in lw
                    .object(&m.value, &p, "headers", &[])
                    .into_iter()
                    .enumerate()
                {
                    let value = lw.string(&h.value, &format!("{p}/{i}"));
                    header.headers.push((h.key.clone(), value));
                }
            }
        }
    }
    header
}

fn build(node: &Node, lw: &mut Lowering) -> BuildSpec {
    let mut spec = BuildSpec::new();
    lw.record("/build_spec", &node.tokens);
    let fields = lw.object(
        node,
        "/build_spec",
        "a build",
        &[
            "pre_build",
            "build",
            "base_directory",
            "files",
            "cache",
            "test",
        ],
    );
    for m in fields {
        let v = &m.value;
        let p = format!("/build_spec/{}", m.key);
        match m.key.as_str() {
            "pre_build" => spec.pre_build = lw.names(v, &p),
            "build" => spec.build = lw.names(v, &p),
            "base_directory" => spec.base_directory = lw.string(v, &p),
            "files" => spec.files = lw.names(v, &p),
            "cache" => spec.cache = lw.names(v, &p),
            _ => {
                lw.record(&p, &v.tokens);
                match &v.kind {
                    Kind::Call(f, args) if f == "cypress" && args.len() == 1 => {
                        spec.test = Some(TestPhase::cypress(lw.names(&args[0], &p)));
                    }
                    _ => lw.fail(&p, &v.tokens, "expected cypress([\"npx cypress run …\"])"),
                }
            }
        }
    }
    spec
}

fn alarm(node: &Node, base: &str, lw: &mut Lowering) -> Alarm {
    let mut alarm = Alarm::new("", 0);
    lw.record(base, &node.tokens);
    for m in lw.object(
        node,
        base,
        "an alarm",
        &[
            "metric",
            "threshold",
            "period_seconds",
            "evaluation_periods",
        ],
    ) {
        let p = format!("{base}/{}", m.key);
        match m.key.as_str() {
            "metric" => alarm.metric = lw.name(&m.value, &p),
            "threshold" => alarm.threshold = lw.int(&m.value, &p),
            "period_seconds" => alarm.period_seconds = lw.int(&m.value, &p),
            _ => alarm.evaluation_periods = lw.int(&m.value, &p),
        }
    }
    alarm
}

const POOL_FIELDS: &[&str] = &[
    "name",
    "sign_in",
    "auto_verify",
    "mfa",
    "mfa_factors",
    "sms",
    "password_policy",
    "account_recovery",
    "domain",
    "identity_providers",
    "client",
];

/// The user pool declared as `id { … }`.
pub fn pool(id: &str, body: &Node, lw: &mut Lowering) -> UserPool {
    let mut pool = UserPool::new(id);
    lw.record("", &body.tokens);
    let fields = lw.object(body, "", "a user pool", POOL_FIELDS);
    let sets_auto_verify = fields.iter().any(|m| m.key == "auto_verify");
    for m in fields {
        let v = &m.value;
        let p = format!("/{}", m.key);
        match m.key.as_str() {
            "name" => pool.name = Some(lw.string(v, &p)),
            "sign_in" => {
                pool.sign_in = lw.names(v, &p);
                if !sets_auto_verify {
                    pool.auto_verify = pool.sign_in.clone();
                }
            }
            "auto_verify" => pool.auto_verify = lw.names(v, &p),
            "mfa" => pool.mfa = lw.name(v, &p),
            "mfa_factors" => pool.mfa_factors = lw.names(v, &p),
            "sms" => {
                pool.sms = Some(match lw.role(v, &p) {
                    Some(arn) => Sms::RoleArn(arn),
                    None => Sms::Created,
                })
            }
            "password_policy" => pool.password_policy = password_policy(v, lw),
            "account_recovery" => pool.account_recovery = lw.names(v, &p),
            "domain" => pool.domain = Some(lw.string(v, &p)),
            "identity_providers" => {
                let items = lw.items(v, &p);
                pool.identity_providers = items
                    .iter()
                    .enumerate()
                    .map(|(i, n)| provider(n, &format!("{p}/{i}"), lw))
                    .collect();
            }
            "client" => pool.client = Some(client(v, lw)),
            _ => {}
        }
    }
    pool
}

fn password_policy(node: &Node, lw: &mut Lowering) -> PasswordPolicy {
    let mut policy = PasswordPolicy::new(8);
    lw.record("/password_policy", &node.tokens);
    for m in lw.object(
        node,
        "/password_policy",
        "a password policy",
        &[
            "minimum_length",
            "require_lowercase",
            "require_uppercase",
            "require_numbers",
            "require_symbols",
            "temporary_password_validity_days",
        ],
    ) {
        let v = &m.value;
        let p = format!("/password_policy/{}", m.key);
        match m.key.as_str() {
            "minimum_length" => policy.minimum_length = lw.int(v, &p),
            "require_lowercase" => policy.require_lowercase = lw.boolean(v, &p),
            "require_uppercase" => policy.require_uppercase = lw.boolean(v, &p),
            "require_numbers" => policy.require_numbers = lw.boolean(v, &p),
            "require_symbols" => policy.require_symbols = lw.boolean(v, &p),
            _ => policy.temporary_password_validity_days = lw.int(v, &p),
        }
    }
    policy
}

fn provider(node: &Node, base: &str, lw: &mut Lowering) -> IdentityProvider {
    lw.record(base, &node.tokens);
    let fields = lw.object(
        node,
        base,
        "an identity provider",
        &[
            "kind",
            "name",
            "client_id",
            "client_secret",
            "scopes",
            "issuer",
            "metadata_url",
            "team_id",
            "key_id",
        ],
    );
    let kind = match fields.iter().find(|m| m.key == "kind") {
        Some(m) => lw.name(&m.value, &format!("{base}/kind")),
        None => {
            lw.fail(&format!("{base}/kind"), &node.tokens, "an identity provider needs `kind` (Google, Facebook, LoginWithAmazon, SignInWithApple, OIDC or SAML)");
            String::new()
        }
    };
    let mut p = IdentityProvider::new(kind.clone(), kind, "");
    for m in fields {
        let v = &m.value;
        let fp = format!("{base}/{}", m.key);
        match m.key.as_str() {
            "name" => p.name = lw.string(v, &fp),
            "client_id" => p.client_id = lw.string(v, &fp),
            "client_secret" => p.client_secret = Some(lw.secret(v, &fp)),
            "scopes" => p.scopes = lw.names(v, &fp),
            "issuer" => p.issuer = Some(lw.string(v, &fp)),
            "metadata_url" => p.metadata_url = Some(lw.string(v, &fp)),
            "team_id" => p.team_id = Some(lw.string(v, &fp)),
            "key_id" => p.key_id = Some(lw.string(v, &fp)),
            _ => {}
        }
    }
    p
}

fn client(node: &Node, lw: &mut Lowering) -> UserPoolClient {
    let mut client = UserPoolClient::new("");
    lw.record("/client", &node.tokens);
    for m in lw.object(
        node,
        "/client",
        "a user pool client",
        &[
            "name",
            "oauth_flows",
            "oauth_scopes",
            "callback_urls",
            "logout_urls",
            "identity_providers",
        ],
    ) {
        let v = &m.value;
        let p = format!("/client/{}", m.key);
        match m.key.as_str() {
            "name" => client.name = lw.string(v, &p),
            "oauth_flows" => client.oauth_flows = lw.names(v, &p),
            "oauth_scopes" => client.oauth_scopes = lw.names(v, &p),
            "callback_urls" => client.callback_urls = lw.names(v, &p),
            "logout_urls" => client.logout_urls = lw.names(v, &p),
            _ => client.identity_providers = lw.names(v, &p),
        }
    }
    client
}

#[cfg(test)]
mod tests {
    use super::*;
    use syn::parse::Parser;

    fn lower_app(tokens: TokenStream) -> (AmplifyApp, Lowering) {
        let decl = super::super::syntax::declaration.parse2(tokens).unwrap();
        let mut lw = Lowering::default();
        let app = app(&decl.name.to_string(), &decl.body, &mut lw);
        (app, lw)
    }

    #[test]
    fn each_pointer_maps_to_the_tokens_it_came_from() {
        let (app, lw) = lower_app(quote::quote! {
            Web {
                name: "web",
                branches: [{ name: "main" }, { name: "dev", stage: PROD }],
                domain: { name: "example.com", sub_domains: { "www": "mian" } },
                alarms: [{ metric: "Latency", threshold: 2 }],
            }
        });
        assert!(lw.errors.is_empty());
        assert_eq!(app.branches[1].stage.as_deref(), Some("PROD"));
        let text = |p: &str| lw.tokens_for(p).map(|t| t.to_string());
        assert_eq!(text("/branches/1/stage").as_deref(), Some("PROD"));
        assert_eq!(
            text("/domain/sub_domains/0/branch").as_deref(),
            Some("\"mian\"")
        );
        assert_eq!(
            text("/domain/sub_domains/0/prefix").as_deref(),
            Some("\"www\"")
        );
        assert_eq!(
            text("/monitoring/alarms/0/metric").as_deref(),
            Some("\"Latency\"")
        );
        // A pointer below the most specific recorded one falls back to it.
        assert_eq!(text("/branches/0/basic_auth/password"), text("/branches/0"));
    }

    #[test]
    fn a_value_of_the_wrong_kind_is_an_error_that_hides_the_validator_there_only() {
        let (_, lw) = lower_app(quote::quote! {
            Web { name: "web", branches: { name: "main" }, platfrom: WEB }
        });
        let messages: Vec<String> = lw.errors.iter().map(ToString::to_string).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        // Field names are checked before the values are read.
        assert!(messages[1].starts_with("expected `[ … ]`"), "{messages:?}");
        assert!(
            messages[0].contains("did you mean `platform`?"),
            "{messages:?}"
        );
        assert!(lw.is_about_failed("/branches"));
        assert!(lw.is_about_failed("/branches/0/name"));
        assert!(!lw.is_about_failed("/branchesX"));
        assert!(!lw.is_about_failed("/access_token"));
    }
}
