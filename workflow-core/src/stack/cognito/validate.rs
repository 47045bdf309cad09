//! The one validator of user pools; pointers follow the declaration form
//! (`/password_policy/minimum_length`, `/client/callback_urls/0`).

use super::{IdentityProvider, Mfa, MfaFactor, UserPool, UserPoolClient};
use crate::amplify::validate::{at, check_secret};
use crate::diagnostic::{Diagnostic, pointer_push};
use crate::did_you_mean::help;
use crate::rules::Rule;

/// A pool [`validate`] found no error in.
#[derive(Debug, Clone, PartialEq)]
pub struct Validated(pub(super) UserPool);

impl Validated {
    pub fn pool(&self) -> &UserPool {
        &self.0
    }
}

const ATTRIBUTES: &[&str] = &["email", "phone_number"];
const RECOVERY: &[&str] = &["verified_email", "verified_phone_number", "admin_only"];

/// Checks a pool; every error, in declaration order, or the pool ready to render.
///
/// # Errors
///
/// Every diagnostic found (the `cognito-*` rules and `literal-secret`).
pub fn validate(pool: &UserPool) -> Result<Validated, Vec<Diagnostic>> {
    let mut out = Vec::new();
    for (field, values) in [
        ("sign_in", &pool.sign_in),
        ("auto_verify", &pool.auto_verify),
    ] {
        for (i, a) in values.iter().enumerate() {
            // An attribute both signed in with and verified is reported once, at sign_in.
            let reported = field == "auto_verify" && pool.sign_in.contains(a);
            if !ATTRIBUTES.contains(&a.as_str()) && !reported {
                out.push(
                    Diagnostic::new(
                        Rule::CognitoUnknownAttribute,
                        at(&pointer_push(&format!("/{field}"), &i.to_string())),
                        format!("`{a}` cannot be a sign-in or verified attribute"),
                    )
                    .with_help(help(a, ATTRIBUTES)),
                );
            }
        }
    }
    for (i, a) in pool.account_recovery.iter().enumerate() {
        if !RECOVERY.contains(&a.as_str()) {
            out.push(
                Diagnostic::new(
                    Rule::CognitoUnknownAttribute,
                    at(&pointer_push("/account_recovery", &i.to_string())),
                    format!("`{a}` is not a recovery mechanism"),
                )
                .with_help(help(a, RECOVERY)),
            );
        }
    }
    let mfa_known = Mfa::NAMES.contains(&pool.mfa.as_str());
    if !mfa_known {
        out.push(
            Diagnostic::new(
                Rule::CognitoUnknownMfa,
                at("/mfa"),
                format!("unknown MFA setting `{}`", pool.mfa),
            )
            .with_help(help(&pool.mfa, Mfa::NAMES)),
        );
    }
    for (i, f) in pool.mfa_factors.iter().enumerate() {
        if !MfaFactor::NAMES.contains(&f.as_str()) {
            out.push(
                Diagnostic::new(
                    Rule::CognitoUnknownMfa,
                    at(&pointer_push("/mfa_factors", &i.to_string())),
                    format!("unknown MFA factor `{f}`"),
                )
                .with_help(help(f, MfaFactor::NAMES)),
            );
        }
    }
    if mfa_known && pool.mfa != "OFF" && pool.mfa_factors.is_empty() {
        out.push(
            Diagnostic::new(
                Rule::CognitoMfaNoFactor,
                at("/mfa"),
                format!("MFA is {} but no factor is enabled", pool.mfa),
            )
            .with_help("enable TOTP (an authenticator app) and/or SMS"),
        );
    }
    if pool.mfa != "OFF"
        && pool.sms.is_none()
        && let Some(i) = pool.mfa_factors.iter().position(|f| f == "SMS")
    {
        out.push(
            Diagnostic::new(
                Rule::CognitoSmsWithoutConfig,
                at(&pointer_push("/mfa_factors", &i.to_string())),
                "SMS codes need an SMS configuration",
            )
            .with_help(
                "add sms: created (a role of the stack) or sms: role_arn(\"…\"), or use TOTP",
            ),
        );
    }
    let policy = &pool.password_policy;
    if !(6..=99).contains(&policy.minimum_length) {
        out.push(
            Diagnostic::new(
                Rule::CognitoPasswordPolicy,
                at("/password_policy/minimum_length"),
                format!(
                    "a minimum password length of {} is outside AWS's range",
                    policy.minimum_length
                ),
            )
            .with_help("use 6 to 99 characters"),
        );
    }
    if policy.temporary_password_validity_days > 365 {
        out.push(
            Diagnostic::new(
                Rule::CognitoPasswordPolicy,
                at("/password_policy/temporary_password_validity_days"),
                format!(
                    "temporary passwords valid for {} days is outside AWS's range",
                    policy.temporary_password_validity_days
                ),
            )
            .with_help("use 0 to 365 days"),
        );
    }
    if let Some(prefix) = &pool.domain
        && !is_domain_prefix(prefix)
    {
        out.push(
            Diagnostic::new(
                Rule::CognitoDomainPrefix,
                at("/domain"),
                format!("`{prefix}` is not a user pool domain prefix"),
            )
            .with_help("use 1-63 lowercase letters, digits and hyphens, not starting or ending with a hyphen, without aws, amazon or cognito"),
        );
    }
    for (i, p) in pool.identity_providers.iter().enumerate() {
        provider(
            p,
            &pointer_push("/identity_providers", &i.to_string()),
            &mut out,
        );
    }
    if let Some(client) = &pool.client {
        self::client(client, pool, &mut out);
    }
    if out.is_empty() {
        Ok(Validated(pool.clone()))
    } else {
        Err(out)
    }
}

fn provider(p: &IdentityProvider, base: &str, out: &mut Vec<Diagnostic>) {
    if !IdentityProvider::KINDS.contains(&p.kind.as_str()) {
        out.push(
            Diagnostic::new(
                Rule::CognitoProviderDetails,
                at(&pointer_push(base, "kind")),
                format!("unknown identity provider type `{}`", p.kind),
            )
            .with_help(help(&p.kind, IdentityProvider::KINDS)),
        );
        return;
    }
    let missing = |field: &str, what: &str| {
        Diagnostic::new(
            Rule::CognitoProviderDetails,
            at(base),
            format!("the {} provider `{}` has no {what}", p.kind, p.name),
        )
        .with_help(format!("add {field}"))
    };
    if p.kind == "SAML" {
        if p.metadata_url
            .as_deref()
            .is_none_or(|u| !crate::amplify::validate::is_https_url(u))
        {
            out.push(missing("metadata_url: \"https://…\"", "https metadata URL"));
        }
        return;
    }
    if p.client_id.trim().is_empty() {
        out.push(missing("client_id", "client id"));
    }
    match &p.client_secret {
        Some(secret) => check_secret(
            secret,
            &pointer_push(base, "client_secret"),
            &format!("{} client secret", p.kind),
            out,
        ),
        None => out.push(missing(
            "client_secret: secrets_manager(…)",
            "client secret",
        )),
    }
    if p.kind == "OIDC"
        && p.issuer
            .as_deref()
            .is_none_or(|u| !crate::amplify::validate::is_https_url(u))
    {
        out.push(missing("issuer: \"https://…\"", "https issuer"));
    }
    if p.kind == "SignInWithApple" && (p.team_id.is_none() || p.key_id.is_none()) {
        out.push(missing("team_id and key_id", "team id or key id"));
    }
}

fn client(client: &UserPoolClient, pool: &UserPool, out: &mut Vec<Diagnostic>) {
    for (i, f) in client.oauth_flows.iter().enumerate() {
        if !UserPoolClient::FLOWS.contains(&f.as_str()) {
            out.push(
                Diagnostic::new(
                    Rule::CognitoUnknownOauthFlow,
                    at(&pointer_push("/client/oauth_flows", &i.to_string())),
                    format!("unknown OAuth flow `{f}`"),
                )
                .with_help(help(f, UserPoolClient::FLOWS)),
            );
        }
    }
    for (i, s) in client.oauth_scopes.iter().enumerate() {
        if !UserPoolClient::SCOPES.contains(&s.as_str()) {
            out.push(
                Diagnostic::new(
                    Rule::CognitoUnknownOauthFlow,
                    at(&pointer_push("/client/oauth_scopes", &i.to_string())),
                    format!("unknown OAuth scope `{s}`"),
                )
                .with_help(help(s, UserPoolClient::SCOPES)),
            );
        }
    }
    for (field, urls) in [
        ("callback_urls", &client.callback_urls),
        ("logout_urls", &client.logout_urls),
    ] {
        for (i, url) in urls.iter().enumerate() {
            if !is_callback_url(url) {
                out.push(
                    Diagnostic::new(
                        Rule::CognitoCallbackUrl,
                        at(&pointer_push(&format!("/client/{field}"), &i.to_string())),
                        format!("`{url}` is not a valid callback or sign-out URL"),
                    )
                    .with_help("use an absolute https:// URL without #fragment (http:// only for localhost)"),
                );
            }
        }
    }
    let mut names: Vec<&str> = vec!["COGNITO"];
    names.extend(pool.identity_providers.iter().map(|p| p.name.as_str()));
    for (i, name) in client.identity_providers.iter().enumerate() {
        if !names.contains(&name.as_str()) {
            out.push(
                Diagnostic::new(
                    Rule::CognitoUnknownProvider,
                    at(&pointer_push("/client/identity_providers", &i.to_string())),
                    format!("the user pool has no identity provider `{name}`"),
                )
                .with_help(help(name, &names)),
            );
        }
    }
}

fn is_callback_url(url: &str) -> bool {
    if url.contains('#') || url.chars().any(char::is_whitespace) {
        return false;
    }
    if crate::amplify::validate::is_https_url(url) {
        return true;
    }
    url.strip_prefix("http://").is_some_and(|rest| {
        let host = rest.split(['/', '?']).next().unwrap_or_default();
        let host = host.split(':').next().unwrap_or_default();
        host == "localhost"
    })
}

fn is_domain_prefix(prefix: &str) -> bool {
    let ok_chars = prefix
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    ok_chars
        && (1..=63).contains(&prefix.len())
        && !prefix.starts_with('-')
        && !prefix.ends_with('-')
        && !["aws", "amazon", "cognito"]
            .iter()
            .any(|w| prefix.contains(w))
}
