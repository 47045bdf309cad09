//! Stage 2 of `amplify_app!`: the value tree → the workflow-core Amplify app. The readers of
//! plain values are the shared [`Lowering`]'s.

use workflow_core::amplify::{
    Alarm, AmplifyApp, BasicAuth, Branch, BuildSpec, CustomHeader, CustomRule, Domain, Monitoring,
    Secret, SecretRef, ServiceRole, SubDomain, TestPhase,
};
use workflow_core::template::Value;

use crate::common::declaration::lower::Lowering;
use crate::common::declaration::syntax::{Kind, Node};

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

#[cfg(test)]
mod tests {
    use super::*;
    use proc_macro2::TokenStream;
    use syn::parse::Parser;

    fn lower_app(tokens: TokenStream) -> (AmplifyApp, Lowering) {
        let decl = crate::common::declaration::syntax::declaration
            .parse2(tokens)
            .unwrap();
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
