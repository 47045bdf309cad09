//! Sign-in with Amazon Cognito (what `amplify add auth` creates): a user pool with its sign-in
//! attributes, MFA, password policy and account recovery, a client for a web app (no client
//! secret), a hosted-UI domain and social or enterprise identity providers.
//!
//! Build a [`UserPool`], [`validate`] it (every [`Diagnostic`](crate::Diagnostic) at once; the
//! `cognito-*` rules of `docs/rules.md`, and `literal-secret`), then add the validated pool's
//! [`into_part`](Validated::into_part) with [`App::part`](crate::template::App::part). Its ids
//! are [`UserPool::user_pool_id`] and [`UserPool::client_id`], for an AppSync API's
//! `AMAZON_COGNITO_USER_POOLS` mode or an Amplify app's environment variables.
//!
//! | resource (logical id) | type |
//! |---|---|
//! | `<Pool>SmsRole` (with [`Sms::Created`]) | `AWS::IAM::Role` |
//! | `<Pool>` | `AWS::Cognito::UserPool` |
//! | `<Pool>Domain` | `AWS::Cognito::UserPoolDomain` |
//! | `<Pool>Provider<Name>` per identity provider | `AWS::Cognito::UserPoolIdentityProvider` |
//! | `<Pool>Client` | `AWS::Cognito::UserPoolClient` |
//!
//! ```
//! use workflow_core::amplify::SecretRef;
//! use workflow_core::cognito::*;
//! use workflow_core::template::{App, Value};
//!
//! let pool = UserPool::new("Users")
//!     .sign_in(["email"])
//!     .mfa(Mfa::Optional, [MfaFactor::Totp])
//!     .password_policy(PasswordPolicy::new(12))
//!     .domain("orders-sign-in")
//!     .identity_provider(
//!         IdentityProvider::google("google-client-id.apps.googleusercontent.com")
//!             .client_secret(SecretRef::secrets_manager("orders/google").json_key("client_secret")),
//!     )
//!     .client(
//!         UserPoolClient::new("web")
//!             .callback_url("https://example.com/")
//!             .logout_url("https://example.com/")
//!             .identity_providers(["COGNITO", "Google"]),
//!     );
//! assert_eq!(pool.user_pool_id(), Value::reference("Users"));
//! let template = App::new().part(validate(&pool).unwrap().into_part()).to_template().unwrap();
//! assert_eq!(
//!     template.resource_ids(),
//!     ["Users", "UsersDomain", "UsersProviderGoogle", "UsersClient"]
//! );
//!
//! // MFA on with no factor is an error.
//! let wrong = pool.clone().mfa(Mfa::On, Vec::<MfaFactor>::new());
//! assert_eq!(validate(&wrong).unwrap_err()[0].code(), "cognito-mfa-no-factor");
//! ```

mod render;
#[cfg(test)]
mod tests;
mod validate;

pub use render::UserPoolPart;
pub use validate::{Validated, validate};

use crate::amplify::Secret;
use crate::amplify::value_serde;
use crate::template::Value;
use serde::{Deserialize, Serialize};

/// A Cognito user pool and what belongs to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserPool {
    /// The logical id of the `AWS::Cognito::UserPool`; the other ids start with it.
    pub id: String,
    /// The pool's name; CloudFormation names it when absent.
    pub name: Option<String>,
    /// What users sign in with instead of a user name: `email`, `phone_number`.
    pub sign_in: Vec<String>,
    /// Attributes Cognito verifies by sending a code: `email`, `phone_number`.
    pub auto_verify: Vec<String>,
    /// `OFF`, `OPTIONAL` or `ON` (see [`Mfa`]).
    pub mfa: String,
    /// `SMS`, `TOTP` (see [`MfaFactor`]).
    pub mfa_factors: Vec<String>,
    pub sms: Option<Sms>,
    pub password_policy: PasswordPolicy,
    /// `verified_email`, `verified_phone_number` or `admin_only`, by priority.
    pub account_recovery: Vec<String>,
    /// The prefix of the hosted-UI domain (`<prefix>.auth.<region>.amazoncognito.com`).
    pub domain: Option<String>,
    pub identity_providers: Vec<IdentityProvider>,
    pub client: Option<UserPoolClient>,
}

/// Multi-factor authentication.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mfa {
    Off,
    Optional,
    On,
}

impl Mfa {
    pub const NAMES: &'static [&'static str] = &["OFF", "OPTIONAL", "ON"];

    pub fn as_str(self) -> &'static str {
        match self {
            Mfa::Off => "OFF",
            Mfa::Optional => "OPTIONAL",
            Mfa::On => "ON",
        }
    }
}

/// A second factor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MfaFactor {
    /// A code by text message (needs [`UserPool::sms`]).
    Sms,
    /// A code from an authenticator app.
    Totp,
}

impl MfaFactor {
    pub const NAMES: &'static [&'static str] = &["SMS", "TOTP"];

    pub fn as_str(self) -> &'static str {
        match self {
            MfaFactor::Sms => "SMS",
            MfaFactor::Totp => "TOTP",
        }
    }
}

impl From<Mfa> for String {
    fn from(m: Mfa) -> String {
        m.as_str().to_string()
    }
}

impl From<MfaFactor> for String {
    fn from(f: MfaFactor) -> String {
        f.as_str().to_string()
    }
}

/// The role Cognito sends text messages with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Sms {
    /// `<Pool>SmsRole`, allowed to `sns:Publish` (to phone numbers, hence any resource).
    Created,
    /// An existing role, by ARN.
    RoleArn(#[serde(with = "value_serde")] Value),
}

/// Password rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PasswordPolicy {
    /// 6 to 99.
    pub minimum_length: u32,
    pub require_lowercase: bool,
    pub require_uppercase: bool,
    pub require_numbers: bool,
    pub require_symbols: bool,
    /// 0 to 365.
    pub temporary_password_validity_days: u32,
}

impl PasswordPolicy {
    /// At least `minimum_length` characters with lower and upper case letters, numbers and
    /// symbols; temporary passwords valid 7 days.
    pub fn new(minimum_length: u32) -> PasswordPolicy {
        PasswordPolicy {
            minimum_length,
            require_lowercase: true,
            require_uppercase: true,
            require_numbers: true,
            require_symbols: true,
            temporary_password_validity_days: 7,
        }
    }

    pub fn require_symbols(mut self, required: bool) -> PasswordPolicy {
        self.require_symbols = required;
        self
    }

    pub fn temporary_password_validity_days(mut self, days: u32) -> PasswordPolicy {
        self.temporary_password_validity_days = days;
        self
    }
}

/// A social or enterprise identity provider.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IdentityProvider {
    /// The provider's name in the pool (`Google`, … or a name of your choice for OIDC and
    /// SAML), as the client's `identity_providers` names it.
    pub name: String,
    /// `Google`, `Facebook`, `LoginWithAmazon`, `SignInWithApple`, `OIDC` or `SAML`.
    pub kind: String,
    pub client_id: String,
    /// The client secret (for Apple, the private key).
    pub client_secret: Option<Secret>,
    pub scopes: Vec<String>,
    /// OIDC: the issuer URL.
    pub issuer: Option<String>,
    /// SAML: the metadata document URL.
    pub metadata_url: Option<String>,
    /// Apple: the team id.
    pub team_id: Option<String>,
    /// Apple: the key id.
    pub key_id: Option<String>,
    /// `(user pool attribute, provider attribute)`.
    pub attribute_mapping: Vec<(String, String)>,
}

impl IdentityProvider {
    /// The provider types.
    pub const KINDS: &'static [&'static str] = &[
        "Google",
        "Facebook",
        "LoginWithAmazon",
        "SignInWithApple",
        "OIDC",
        "SAML",
    ];

    /// A provider of type `kind` named `name` (the social ones are named after their type).
    pub fn new(
        name: impl Into<String>,
        kind: impl Into<String>,
        client_id: impl Into<String>,
    ) -> IdentityProvider {
        let kind = kind.into();
        let (scopes, email): (&[&str], &str) = match kind.as_str() {
            "Google" => (&["openid", "email", "profile"], "email"),
            "Facebook" => (&["public_profile", "email"], "email"),
            "LoginWithAmazon" => (&["profile"], "email"),
            "SignInWithApple" => (&["email", "name"], "email"),
            "OIDC" => (&["openid", "email"], "email"),
            _ => (
                &[],
                "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
            ),
        };
        IdentityProvider {
            name: name.into(),
            kind,
            client_id: client_id.into(),
            client_secret: None,
            scopes: scopes.iter().map(|s| s.to_string()).collect(),
            issuer: None,
            metadata_url: None,
            team_id: None,
            key_id: None,
            attribute_mapping: vec![("email".to_string(), email.to_string())],
        }
    }

    /// Google, with the OAuth client id; add [`client_secret`](Self::client_secret).
    pub fn google(client_id: impl Into<String>) -> IdentityProvider {
        IdentityProvider::new("Google", "Google", client_id)
    }

    /// Facebook, with the app id; add [`client_secret`](Self::client_secret).
    pub fn facebook(app_id: impl Into<String>) -> IdentityProvider {
        IdentityProvider::new("Facebook", "Facebook", app_id)
    }

    /// Login with Amazon; add [`client_secret`](Self::client_secret).
    pub fn login_with_amazon(client_id: impl Into<String>) -> IdentityProvider {
        IdentityProvider::new("LoginWithAmazon", "LoginWithAmazon", client_id)
    }

    /// Sign in with Apple, with the services id, team id and key id; the private key is the
    /// [`client_secret`](Self::client_secret).
    pub fn sign_in_with_apple(
        services_id: impl Into<String>,
        team_id: impl Into<String>,
        key_id: impl Into<String>,
    ) -> IdentityProvider {
        let mut p = IdentityProvider::new("SignInWithApple", "SignInWithApple", services_id);
        p.team_id = Some(team_id.into());
        p.key_id = Some(key_id.into());
        p
    }

    /// An OpenID Connect provider named `name`, at `issuer`.
    pub fn oidc(
        name: impl Into<String>,
        client_id: impl Into<String>,
        issuer: impl Into<String>,
    ) -> IdentityProvider {
        let mut p = IdentityProvider::new(name, "OIDC", client_id);
        p.issuer = Some(issuer.into());
        p
    }

    /// A SAML provider named `name`, described by the metadata at `metadata_url`.
    pub fn saml(name: impl Into<String>, metadata_url: impl Into<String>) -> IdentityProvider {
        let mut p = IdentityProvider::new(name, "SAML", "");
        p.metadata_url = Some(metadata_url.into());
        p
    }

    /// The client secret (Apple: the private key), a [`SecretRef`](crate::amplify::SecretRef).
    pub fn client_secret(mut self, secret: impl Into<Secret>) -> IdentityProvider {
        self.client_secret = Some(secret.into());
        self
    }

    pub fn scopes<S: Into<String>>(
        mut self,
        scopes: impl IntoIterator<Item = S>,
    ) -> IdentityProvider {
        self.scopes = scopes.into_iter().map(Into::into).collect();
        self
    }
}

/// The app client of a web app: OAuth through the hosted UI, no client secret (a browser
/// cannot keep one).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserPoolClient {
    pub name: String,
    /// `code`, `implicit` or `client_credentials`.
    pub oauth_flows: Vec<String>,
    /// `openid`, `email`, `phone`, `profile`, `aws.cognito.signin.user.admin`.
    pub oauth_scopes: Vec<String>,
    pub callback_urls: Vec<String>,
    pub logout_urls: Vec<String>,
    /// `COGNITO` and the names of the pool's identity providers.
    pub identity_providers: Vec<String>,
}

impl UserPoolClient {
    pub const FLOWS: &'static [&'static str] = &["code", "implicit", "client_credentials"];
    pub const SCOPES: &'static [&'static str] = &[
        "openid",
        "email",
        "phone",
        "profile",
        "aws.cognito.signin.user.admin",
    ];

    /// A client with the authorization-code flow, scopes `openid email profile`, signing in
    /// with the pool's own users.
    pub fn new(name: impl Into<String>) -> UserPoolClient {
        UserPoolClient {
            name: name.into(),
            oauth_flows: vec!["code".to_string()],
            oauth_scopes: ["openid", "email", "profile"].map(String::from).to_vec(),
            callback_urls: Vec::new(),
            logout_urls: Vec::new(),
            identity_providers: vec!["COGNITO".to_string()],
        }
    }

    pub fn oauth_flows<S: Into<String>>(
        mut self,
        flows: impl IntoIterator<Item = S>,
    ) -> UserPoolClient {
        self.oauth_flows = flows.into_iter().map(Into::into).collect();
        self
    }

    pub fn oauth_scopes<S: Into<String>>(
        mut self,
        scopes: impl IntoIterator<Item = S>,
    ) -> UserPoolClient {
        self.oauth_scopes = scopes.into_iter().map(Into::into).collect();
        self
    }

    pub fn callback_url(mut self, url: impl Into<String>) -> UserPoolClient {
        self.callback_urls.push(url.into());
        self
    }

    pub fn logout_url(mut self, url: impl Into<String>) -> UserPoolClient {
        self.logout_urls.push(url.into());
        self
    }

    pub fn identity_providers<S: Into<String>>(
        mut self,
        names: impl IntoIterator<Item = S>,
    ) -> UserPoolClient {
        self.identity_providers = names.into_iter().map(Into::into).collect();
        self
    }
}

impl UserPool {
    /// A pool with logical id `id`: user names, MFA off, [`PasswordPolicy::new`]`(8)`, recovery
    /// by verified email.
    pub fn new(id: impl Into<String>) -> UserPool {
        UserPool {
            id: id.into(),
            name: None,
            sign_in: Vec::new(),
            auto_verify: Vec::new(),
            mfa: Mfa::Off.into(),
            mfa_factors: Vec::new(),
            sms: None,
            password_policy: PasswordPolicy::new(8),
            account_recovery: vec!["verified_email".to_string()],
            domain: None,
            identity_providers: Vec::new(),
            client: None,
        }
    }

    /// Reads the JSON form of a pool (the one [`UserPool::to_declaration`] writes).
    ///
    /// # Errors
    ///
    /// When the text is not that form.
    pub fn from_declaration(json: &str) -> Result<UserPool, serde_json::Error> {
        serde_json::from_str(json)
    }

    /// The pool as JSON, read back by [`UserPool::from_declaration`].
    pub fn to_declaration(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The user pool id (`Ref` of the pool).
    pub fn user_pool_id(&self) -> Value {
        Value::reference(self.id.clone())
    }

    /// The user pool's ARN.
    pub fn user_pool_arn(&self) -> Value {
        Value::get_att(self.id.clone(), "Arn")
    }

    /// The app client id (`Ref` of `<Pool>Client`).
    pub fn client_id(&self) -> Value {
        Value::reference(format!("{}Client", self.id))
    }

    pub fn name(mut self, name: impl Into<String>) -> UserPool {
        self.name = Some(name.into());
        self
    }

    /// Users sign in with these attributes (`email`, `phone_number`), which Cognito also
    /// verifies.
    pub fn sign_in<S: Into<String>>(mut self, attributes: impl IntoIterator<Item = S>) -> UserPool {
        self.sign_in = attributes.into_iter().map(Into::into).collect();
        self.auto_verify = self.sign_in.clone();
        self
    }

    pub fn auto_verify<S: Into<String>>(
        mut self,
        attributes: impl IntoIterator<Item = S>,
    ) -> UserPool {
        self.auto_verify = attributes.into_iter().map(Into::into).collect();
        self
    }

    /// MFA and its factors.
    pub fn mfa<F: Into<String>>(
        mut self,
        mfa: impl Into<String>,
        factors: impl IntoIterator<Item = F>,
    ) -> UserPool {
        self.mfa = mfa.into();
        self.mfa_factors = factors.into_iter().map(Into::into).collect();
        self
    }

    pub fn sms(mut self, sms: Sms) -> UserPool {
        self.sms = Some(sms);
        self
    }

    pub fn password_policy(mut self, policy: PasswordPolicy) -> UserPool {
        self.password_policy = policy;
        self
    }

    pub fn account_recovery<S: Into<String>>(
        mut self,
        mechanisms: impl IntoIterator<Item = S>,
    ) -> UserPool {
        self.account_recovery = mechanisms.into_iter().map(Into::into).collect();
        self
    }

    /// The hosted-UI domain prefix.
    pub fn domain(mut self, prefix: impl Into<String>) -> UserPool {
        self.domain = Some(prefix.into());
        self
    }

    pub fn identity_provider(mut self, provider: IdentityProvider) -> UserPool {
        self.identity_providers.push(provider);
        self
    }

    pub fn client(mut self, client: UserPoolClient) -> UserPool {
        self.client = Some(client);
        self
    }
}
