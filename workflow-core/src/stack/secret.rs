//! Secrets in a template: never their text, only a CloudFormation dynamic reference that
//! CloudFormation resolves at deploy time (`{{resolve:secretsmanager:…}}`).

use serde::{Deserialize, Serialize};

/// Where a secret lives in AWS Secrets Manager. Its template form is the dynamic reference
/// `{{resolve:secretsmanager:<secret id>:SecretString:<json key>::}}`.
///
/// ```
/// use workflow_core::amplify::SecretRef;
///
/// let token = SecretRef::secrets_manager("github/order-web").json_key("token");
/// assert_eq!(token.dynamic_reference(), "{{resolve:secretsmanager:github/order-web:SecretString:token}}");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecretRef {
    /// The secret's name or ARN.
    pub secret_id: String,
    /// The key of the JSON object the secret string holds; the whole string when absent.
    pub json_key: Option<String>,
}

impl SecretRef {
    /// The secret `secret_id` (name or ARN) of AWS Secrets Manager.
    pub fn secrets_manager(secret_id: impl Into<String>) -> SecretRef {
        SecretRef {
            secret_id: secret_id.into(),
            json_key: None,
        }
    }

    /// Takes the member `key` of the secret's JSON text.
    pub fn json_key(mut self, key: impl Into<String>) -> SecretRef {
        self.json_key = Some(key.into());
        self
    }

    /// The dynamic reference CloudFormation resolves at deploy time.
    pub fn dynamic_reference(&self) -> String {
        match &self.json_key {
            Some(key) => format!(
                "{{{{resolve:secretsmanager:{}:SecretString:{key}}}}}",
                self.secret_id
            ),
            None => format!("{{{{resolve:secretsmanager:{}}}}}", self.secret_id),
        }
    }
}

/// A secret as declared: a reference (the only form that renders), or something else the
/// validator reports (`literal-secret`, `secret-reference-unsupported`).
///
/// A string converts to a [`Secret::Reference`] when it is a `{{resolve:secretsmanager:…}}`
/// dynamic reference, to [`Secret::SsmSecureString`] when it is a `{{resolve:ssm-secure:…}}`
/// one, and to [`Secret::Literal`] otherwise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Secret {
    /// A Secrets Manager secret.
    Reference(SecretRef),
    /// A `{{resolve:ssm-secure:…}}` reference: CloudFormation resolves these only for a few
    /// resource types, none of which is used here.
    SsmSecureString(String),
    /// The secret's text itself, which would be readable by anyone who can read the template.
    Literal(String),
}

impl Secret {
    /// The dynamic reference, for a [`Secret::Reference`].
    pub fn dynamic_reference(&self) -> Option<String> {
        match self {
            Secret::Reference(r) => Some(r.dynamic_reference()),
            _ => None,
        }
    }
}

impl From<SecretRef> for Secret {
    fn from(r: SecretRef) -> Secret {
        Secret::Reference(r)
    }
}

impl From<&str> for Secret {
    fn from(text: &str) -> Secret {
        if let Some(rest) = text
            .strip_prefix("{{resolve:secretsmanager:")
            .and_then(|r| r.strip_suffix("}}"))
            .filter(|r| !r.is_empty())
        {
            let parts: Vec<&str> = rest.split(':').collect();
            let reference = match parts.as_slice() {
                [id] => SecretRef::secrets_manager(*id),
                [id, "SecretString", key, tail @ ..]
                    if !id.is_empty() && !key.is_empty() && tail.iter().all(|p| p.is_empty()) =>
                {
                    SecretRef::secrets_manager(*id).json_key(*key)
                }
                // An ARN (which holds colons), a version stage or a version id: kept as
                // written, so that the reference reads back to the same text.
                _ => SecretRef::secrets_manager(rest),
            };
            return Secret::Reference(reference);
        }
        if text.starts_with("{{resolve:ssm-secure:") {
            return Secret::SsmSecureString(text.to_string());
        }
        Secret::Literal(text.to_string())
    }
}

impl From<String> for Secret {
    fn from(text: String) -> Secret {
        Secret::from(text.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dynamic_references_read_back_as_references() {
        let r = SecretRef::secrets_manager("app/github").json_key("token");
        assert_eq!(Secret::from(r.dynamic_reference()), Secret::Reference(r));
        let whole = SecretRef::secrets_manager("app/github");
        assert_eq!(
            Secret::from(whole.dynamic_reference()),
            Secret::Reference(whole)
        );
        assert!(matches!(
            Secret::from("{{resolve:ssm-secure:/app/token:1}}"),
            Secret::SsmSecureString(_)
        ));
        let staged = "{{resolve:secretsmanager:app/github:SecretString:token:AWSPREVIOUS}}";
        assert_eq!(
            Secret::from(staged).dynamic_reference().as_deref(),
            Some(staged)
        );
        let arn = "{{resolve:secretsmanager:arn:aws:secretsmanager:eu-west-1:123456789012:secret:app-AbCdEf:SecretString:token}}";
        assert_eq!(Secret::from(arn).dynamic_reference().as_deref(), Some(arn));
        assert_eq!(
            Secret::from("{{resolve:secretsmanager:}}"),
            Secret::Literal("{{resolve:secretsmanager:}}".to_string())
        );
        assert_eq!(
            Secret::from("ghp_abc"),
            Secret::Literal("ghp_abc".to_string())
        );
    }
}
