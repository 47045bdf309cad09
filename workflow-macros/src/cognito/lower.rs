//! Stage 2 of `user_pool!`: the value tree → the workflow-core Cognito user pool. The readers
//! of plain values are the shared [`Lowering`]'s.

use workflow_core::cognito::{IdentityProvider, PasswordPolicy, Sms, UserPool, UserPoolClient};

use crate::common::declaration::lower::Lowering;
use crate::common::declaration::syntax::Node;

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
