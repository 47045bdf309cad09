//! A validated user pool as resources of the stack.

use super::validate::Validated;
use super::{IdentityProvider, Sms, UserPool};
use crate::amplify::render::{pascal, secret, service_role};
use crate::template::{StackNames, StackPart, TemplateError};
use crate::tree::Tree;

/// The stack part of a validated user pool: add it with
/// [`App::part`](crate::template::App::part).
#[derive(Debug, Clone)]
pub struct UserPoolPart(UserPool);

impl Validated {
    /// The stack part that renders the pool.
    pub fn into_part(self) -> UserPoolPart {
        UserPoolPart(self.0)
    }
}

impl UserPoolPart {
    pub fn pool(&self) -> &UserPool {
        &self.0
    }

    fn sms_role_id(&self) -> String {
        format!("{}SmsRole", self.0.id)
    }

    fn domain_id(&self) -> String {
        format!("{}Domain", self.0.id)
    }

    fn provider_id(&self, p: &IdentityProvider) -> String {
        format!("{}Provider{}", self.0.id, pascal(&p.name))
    }

    fn client_id(&self) -> String {
        format!("{}Client", self.0.id)
    }
}

fn strings(items: &[String]) -> Tree {
    Tree::Array(items.iter().map(Tree::from).collect())
}

fn resource(type_name: &str, properties: Vec<(&str, Tree)>) -> Tree {
    Tree::object([
        ("Type", Tree::from(type_name)),
        ("Properties", Tree::object(properties)),
    ])
}

impl StackPart for UserPoolPart {
    fn name(&self) -> String {
        format!("user pool `{}`", self.0.id)
    }

    fn logical_ids(&self) -> Vec<String> {
        let pool = &self.0;
        let mut ids = Vec::new();
        if pool.sms == Some(Sms::Created) {
            ids.push(self.sms_role_id());
        }
        ids.push(pool.id.clone());
        if pool.domain.is_some() {
            ids.push(self.domain_id());
        }
        ids.extend(pool.identity_providers.iter().map(|p| self.provider_id(p)));
        if pool.client.is_some() {
            ids.push(self.client_id());
        }
        ids
    }

    fn resources(&self, stack: &StackNames) -> Result<Vec<(String, Tree)>, TemplateError> {
        let pool = &self.0;
        let pool_ref = Tree::reference(&pool.id);
        let mut out = Vec::new();

        let mut props = Vec::new();
        if let Some(name) = &pool.name {
            props.push(("UserPoolName", Tree::from(name.as_str())));
        }
        if !pool.sign_in.is_empty() {
            props.push(("UsernameAttributes", strings(&pool.sign_in)));
        }
        if !pool.auto_verify.is_empty() {
            props.push(("AutoVerifiedAttributes", strings(&pool.auto_verify)));
        }
        props.push(("MfaConfiguration", pool.mfa.as_str().into()));
        if pool.mfa != "OFF" {
            let factors = pool
                .mfa_factors
                .iter()
                .map(|f| {
                    Tree::from(if f == "SMS" {
                        "SMS_MFA"
                    } else {
                        "SOFTWARE_TOKEN_MFA"
                    })
                })
                .collect();
            props.push(("EnabledMfas", Tree::Array(factors)));
        }
        if let Some(sms) = &pool.sms {
            let role = match sms {
                Sms::Created => {
                    let publish = Tree::object([
                        ("Sid", Tree::from("SendTextMessages")),
                        ("Effect", "Allow".into()),
                        ("Action", Tree::Array(vec!["sns:Publish".into()])),
                        // Text messages go to phone numbers, which have no ARN.
                        ("Resource", "*".into()),
                    ]);
                    out.push((
                        self.sms_role_id(),
                        service_role(
                            &format!("Sends the text messages of the user pool {}", pool.id),
                            "cognito-idp.amazonaws.com",
                            "SendTextMessages",
                            vec![publish],
                        ),
                    ));
                    Tree::get_att(&self.sms_role_id(), "Arn")
                }
                Sms::RoleArn(arn) => {
                    stack.check_value(&self.name(), arn)?;
                    stack.value(arn)
                }
            };
            props.push((
                "SmsConfiguration",
                Tree::object([
                    ("SnsCallerArn", role),
                    (
                        "ExternalId",
                        Tree::sub(&format!("${{AWS::StackName}}-{}", pool.id)),
                    ),
                ]),
            ));
        }
        let policy = &pool.password_policy;
        props.push((
            "Policies",
            Tree::object([(
                "PasswordPolicy",
                Tree::object([
                    ("MinimumLength", policy.minimum_length.into()),
                    ("RequireLowercase", policy.require_lowercase.into()),
                    ("RequireUppercase", policy.require_uppercase.into()),
                    ("RequireNumbers", policy.require_numbers.into()),
                    ("RequireSymbols", policy.require_symbols.into()),
                    (
                        "TemporaryPasswordValidityDays",
                        policy.temporary_password_validity_days.into(),
                    ),
                ]),
            )]),
        ));
        if !pool.account_recovery.is_empty() {
            let mechanisms = pool
                .account_recovery
                .iter()
                .zip(1u32..)
                .map(|(name, priority)| {
                    Tree::object([
                        ("Name", Tree::from(name.as_str())),
                        ("Priority", priority.into()),
                    ])
                })
                .collect();
            props.push((
                "AccountRecoverySetting",
                Tree::object([("RecoveryMechanisms", Tree::Array(mechanisms))]),
            ));
        }
        out.push((pool.id.clone(), resource("AWS::Cognito::UserPool", props)));

        if let Some(prefix) = &pool.domain {
            out.push((
                self.domain_id(),
                resource(
                    "AWS::Cognito::UserPoolDomain",
                    vec![
                        ("Domain", Tree::from(prefix.as_str())),
                        ("UserPoolId", pool_ref.clone()),
                    ],
                ),
            ));
        }

        for p in &pool.identity_providers {
            out.push((
                self.provider_id(p),
                resource(
                    "AWS::Cognito::UserPoolIdentityProvider",
                    vec![
                        ("UserPoolId", pool_ref.clone()),
                        ("ProviderName", Tree::from(p.name.as_str())),
                        ("ProviderType", p.kind.as_str().into()),
                        ("ProviderDetails", provider_details(p)),
                        (
                            "AttributeMapping",
                            Tree::object(
                                p.attribute_mapping
                                    .iter()
                                    .map(|(k, v)| (k.clone(), Tree::from(v.as_str()))),
                            ),
                        ),
                    ],
                ),
            ));
        }

        if let Some(client) = &pool.client {
            let mut props = vec![
                ("UserPoolId", pool_ref.clone()),
                ("ClientName", Tree::from(client.name.as_str())),
                ("GenerateSecret", false.into()),
                (
                    "ExplicitAuthFlows",
                    strings(&[
                        "ALLOW_USER_SRP_AUTH".to_string(),
                        "ALLOW_REFRESH_TOKEN_AUTH".to_string(),
                    ]),
                ),
                ("PreventUserExistenceErrors", "ENABLED".into()),
                (
                    "SupportedIdentityProviders",
                    strings(&client.identity_providers),
                ),
            ];
            if !client.oauth_flows.is_empty() {
                props.push(("AllowedOAuthFlowsUserPoolClient", true.into()));
                props.push(("AllowedOAuthFlows", strings(&client.oauth_flows)));
                props.push(("AllowedOAuthScopes", strings(&client.oauth_scopes)));
            }
            if !client.callback_urls.is_empty() {
                props.push(("CallbackURLs", strings(&client.callback_urls)));
            }
            if !client.logout_urls.is_empty() {
                props.push(("LogoutURLs", strings(&client.logout_urls)));
            }
            let mut resource = resource("AWS::Cognito::UserPoolClient", props);
            // The client names the providers by name, so it must wait for them.
            let depends: Vec<Tree> = pool
                .identity_providers
                .iter()
                .filter(|p| client.identity_providers.contains(&p.name))
                .map(|p| Tree::from(self.provider_id(p)))
                .collect();
            if let (false, Tree::Object(members)) = (depends.is_empty(), &mut resource) {
                members.insert(1, ("DependsOn".to_string(), Tree::Array(depends)));
            }
            out.push((self.client_id(), resource));
        }
        Ok(out)
    }
}

fn provider_details(p: &IdentityProvider) -> Tree {
    let scopes = Tree::from(if p.kind == "Facebook" {
        p.scopes.join(",")
    } else {
        p.scopes.join(" ")
    });
    let secret = p.client_secret.as_ref().map(secret).unwrap_or(Tree::Null);
    let opt = |v: &Option<String>| Tree::from(v.clone().unwrap_or_default());
    match p.kind.as_str() {
        "SAML" => Tree::object([("MetadataURL", opt(&p.metadata_url))]),
        "SignInWithApple" => Tree::object([
            ("client_id", Tree::from(p.client_id.as_str())),
            ("team_id", opt(&p.team_id)),
            ("key_id", opt(&p.key_id)),
            ("private_key", secret),
            ("authorize_scopes", scopes),
        ]),
        "OIDC" => Tree::object([
            ("client_id", Tree::from(p.client_id.as_str())),
            ("client_secret", secret),
            ("attributes_request_method", "GET".into()),
            ("oidc_issuer", opt(&p.issuer)),
            ("authorize_scopes", scopes),
        ]),
        _ => Tree::object([
            ("client_id", Tree::from(p.client_id.as_str())),
            ("client_secret", secret),
            ("authorize_scopes", scopes),
        ]),
    }
}
