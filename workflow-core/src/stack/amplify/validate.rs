//! The one validator of Amplify apps: every problem as a [`Diagnostic`] whose JSON Pointer
//! follows the app's declaration form (`/branches/1/stage`), so that the macro can point at
//! the token.

use super::{Alarm, AmplifyApp, CustomRule, Platform, Secret, Stage};
use crate::diagnostic::{Diagnostic, Location, pointer_push};
use crate::did_you_mean::{closest, help};
use crate::rules::Rule;

/// An app [`validate`] found no error in; only a validated app becomes a stack part.
#[derive(Debug, Clone, PartialEq)]
pub struct Validated(pub(super) AmplifyApp);

impl Validated {
    /// The app.
    pub fn app(&self) -> &AmplifyApp {
        &self.0
    }
}

/// Checks an app; every error, in declaration order, or the app ready to render.
///
/// # Errors
///
/// Every diagnostic found (see the `amplify-*` rules, `literal-secret` and
/// `secret-reference-unsupported`).
pub fn validate(app: &AmplifyApp) -> Result<Validated, Vec<Diagnostic>> {
    let diagnostics = diagnostics(app);
    if diagnostics.is_empty() {
        Ok(Validated(app.clone()))
    } else {
        Err(diagnostics)
    }
}

pub(crate) fn at(pointer: &str) -> Location {
    Location {
        pointer: pointer.to_string(),
        state_path: String::new(),
        at_key: false,
    }
}

/// `literal-secret` and `secret-reference-unsupported` for a secret at `pointer`.
pub(crate) fn check_secret(secret: &Secret, pointer: &str, what: &str, out: &mut Vec<Diagnostic>) {
    match secret {
        Secret::Reference(_) => {}
        Secret::Literal(_) => out.push(
            Diagnostic::new(
                Rule::LiteralSecret,
                at(pointer),
                format!("the {what} is written in plain text"),
            )
            .with_help(
                "keep it in AWS Secrets Manager and refer to it: secrets_manager(\"secret-id\", \"json-key\") or SecretRef::secrets_manager",
            ),
        ),
        Secret::SsmSecureString(_) => out.push(
            Diagnostic::new(
                Rule::SecretReferenceUnsupported,
                at(pointer),
                format!("the {what} is an ssm-secure reference, which CloudFormation does not resolve here"),
            )
            .with_help("move the secret to AWS Secrets Manager and use {{resolve:secretsmanager:…}}"),
        ),
    }
}

fn diagnostics(app: &AmplifyApp) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if app.name.trim().is_empty() {
        out.push(
            Diagnostic::new(
                Rule::AmplifyEmptyName,
                at("/name"),
                "the app has an empty name",
            )
            .with_help("name it as it should appear in the Amplify console"),
        );
    }
    if let Some(url) = &app.repository
        && !is_https_url(url)
    {
        out.push(
            Diagnostic::new(
                Rule::AmplifyRepositoryUrl,
                at("/repository"),
                format!("the repository `{url}` is not an https:// URL"),
            )
            .with_help("write it as https://github.com/<owner>/<repository>"),
        );
    }
    if let Some(token) = &app.access_token {
        check_secret(token, "/access_token", "repository access token", &mut out);
    }
    if !Platform::NAMES.contains(&app.platform.as_str()) {
        out.push(
            Diagnostic::new(
                Rule::AmplifyUnknownPlatform,
                at("/platform"),
                format!("unknown platform `{}`", app.platform),
            )
            .with_help(help(&app.platform, Platform::NAMES)),
        );
    }
    let mut seen: Vec<&str> = Vec::new();
    for (i, branch) in app.branches.iter().enumerate() {
        let base = pointer_push("/branches", &i.to_string());
        if branch.name.trim().is_empty() {
            out.push(
                Diagnostic::new(
                    Rule::AmplifyEmptyName,
                    at(&pointer_push(&base, "name")),
                    "a branch has an empty name",
                )
                .with_help("name the Git branch"),
            );
        } else if seen.contains(&branch.name.as_str()) {
            out.push(
                Diagnostic::new(
                    Rule::AmplifyDuplicateBranch,
                    at(&pointer_push(&base, "name")),
                    format!("the branch `{}` is declared twice", branch.name),
                )
                .with_help("declare each branch once; put all its settings there"),
            );
        }
        seen.push(&branch.name);
        if let Some(stage) = &branch.stage
            && !Stage::NAMES.contains(&stage.as_str())
        {
            out.push(
                Diagnostic::new(
                    Rule::AmplifyUnknownStage,
                    at(&pointer_push(&base, "stage")),
                    format!("unknown stage `{stage}`"),
                )
                .with_help(help(stage, Stage::NAMES)),
            );
        }
        if let Some(auth) = &branch.basic_auth {
            let auth_base = pointer_push(&base, "basic_auth");
            if auth.username.trim().is_empty() {
                out.push(
                    Diagnostic::new(
                        Rule::AmplifyEmptyName,
                        at(&pointer_push(&auth_base, "username")),
                        "the basic-auth user name is empty",
                    )
                    .with_help("give the user name people type at the password prompt"),
                );
            }
            check_secret(
                &auth.password,
                &pointer_push(&auth_base, "password"),
                "basic-auth password",
                &mut out,
            );
        }
    }
    if let Some(domain) = &app.domain {
        if domain.name.trim().is_empty() {
            out.push(
                Diagnostic::new(
                    Rule::AmplifyEmptyName,
                    at("/domain/name"),
                    "the domain has an empty name",
                )
                .with_help("write the domain, e.g. example.com"),
            );
        }
        let mut prefixes: Vec<&str> = Vec::new();
        for (i, sub) in domain.sub_domains.iter().enumerate() {
            let base = pointer_push("/domain/sub_domains", &i.to_string());
            if !seen.contains(&sub.branch.as_str()) {
                let help = match closest(&sub.branch, seen.iter().copied()) {
                    Some(c) => format!("did you mean `{c}`?"),
                    None if seen.is_empty() => "the app declares no branch".to_string(),
                    None => format!("the app's branches: {}", seen.join(", ")),
                };
                out.push(
                    Diagnostic::new(
                        Rule::AmplifyDomainUnknownBranch,
                        at(&pointer_push(&base, "branch")),
                        format!(
                            "the sub-domain `{}` serves the branch `{}`, which the app does not declare",
                            sub.prefix, sub.branch
                        ),
                    )
                    .with_help(help),
                );
            }
            if prefixes.contains(&sub.prefix.as_str()) {
                out.push(
                    Diagnostic::new(
                        Rule::AmplifyDuplicateSubDomain,
                        at(&pointer_push(&base, "prefix")),
                        format!("the sub-domain `{}` is mapped twice", sub.prefix),
                    )
                    .with_help("map each prefix to one branch"),
                );
            }
            prefixes.push(&sub.prefix);
        }
    }
    for (i, rule) in app.custom_rules.iter().enumerate() {
        if !CustomRule::STATUSES.contains(&rule.status.as_str()) {
            out.push(
                Diagnostic::new(
                    Rule::AmplifyRedirectStatus,
                    at(&pointer_push(&pointer_push("/custom_rules", &i.to_string()), "status")),
                    format!("`{}` is not a status of a redirect or rewrite", rule.status),
                )
                .with_help(
                    "use 200 (rewrite), 301 (permanent redirect), 302 (temporary redirect), 404 or 404-200",
                ),
            );
        }
    }
    if let Some(monitoring) = &app.monitoring {
        for (i, alarm) in monitoring.alarms.iter().enumerate() {
            let base = pointer_push("/monitoring/alarms", &i.to_string());
            if !Alarm::METRICS.contains(&alarm.metric.as_str()) {
                out.push(
                    Diagnostic::new(
                        Rule::AmplifyUnknownMetric,
                        at(&pointer_push(&base, "metric")),
                        format!("`{}` is not a metric of AWS/AmplifyHosting", alarm.metric),
                    )
                    .with_help(help(&alarm.metric, Alarm::METRICS)),
                );
            }
            if alarm.period_seconds == 0 || alarm.period_seconds % 60 != 0 {
                out.push(
                    Diagnostic::new(
                        Rule::AmplifyAlarmPeriod,
                        at(&pointer_push(&base, "period_seconds")),
                        format!(
                            "a period of {} seconds is not a positive multiple of 60",
                            alarm.period_seconds
                        ),
                    )
                    .with_help("use 60 seconds or a multiple of it"),
                );
            }
            if alarm.evaluation_periods == 0 {
                out.push(
                    Diagnostic::new(
                        Rule::AmplifyAlarmPeriod,
                        at(&pointer_push(&base, "evaluation_periods")),
                        "an alarm that evaluates no period",
                    )
                    .with_help("evaluate at least 1 period"),
                );
            }
        }
    }
    out
}

/// `https://host/…` with a non-empty host.
pub(crate) fn is_https_url(url: &str) -> bool {
    url.strip_prefix("https://").is_some_and(|rest| {
        rest.split(['/', '?', '#'])
            .next()
            .is_some_and(|h| !h.is_empty() && !h.contains(' '))
    })
}
