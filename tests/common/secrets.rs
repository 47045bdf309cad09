//! The plain-text secret scanner of the example and template tests: no password, token or key
//! may appear as a literal value in a template or in a file written beside it.

/// Key words of members whose value is a secret (compared lowercase, without `_` and `-`).
const SECRET_KEYS: &[&str] = &[
    "password",
    "passwd",
    "secret",
    "token",
    "apikey",
    "privatekey",
    "credentials",
];

/// Prefixes of well-known credential formats, wherever they appear in a text.
const CREDENTIAL_PREFIXES: &[&str] = &[
    "AKIA",
    "ASIA",
    "ghp_",
    "gho_",
    "github_pat_",
    "glpat-",
    "xoxb-",
];

/// Fails when `text` (the file `name`) holds a plain-text secret:
///
/// * a member whose key names a secret (`Password`, `AccessToken`, `ClientSecret`, `ApiKey`, …)
///   with a literal string value that is not a reference: an ARN (`…Arn` keys, `arn:` values),
///   a dynamic reference (`{{resolve:secretsmanager:…}}`), or an intrinsic function (`Ref`,
///   `Fn::Sub`, …, which are objects, not strings). JSON files are walked as JSON; any other
///   text (YAML templates, `amplify.yml`) is read line by line as `key: value`;
/// * in any file, a token of a well-known credential format (AWS access key ids, GitHub and
///   GitLab tokens, Slack bot tokens, PEM private keys).
///
/// The finding names the file and the member's path, never the value.
#[allow(dead_code)] // Shared by several test crates; not all of them scan.
pub fn assert_no_plaintext_secrets(name: &str, text: &str) {
    let mut findings = Vec::new();
    if name.ends_with(".json")
        && let Ok(value) = serde_json::from_str::<serde_json::Value>(text)
    {
        walk(&value, String::new(), &mut findings);
    } else if !name.ends_with(".graphql") {
        // A GraphQL schema's `name: Type` lines declare fields (`nextToken: String`), never
        // values: only the credential formats below apply to it.
        // Lines of a YAML block scalar (`Definition: |`, `Code: |-`) are text of the value, e.g.
        // a schema's `nextToken: String`, not members.
        let mut block: Option<usize> = None;
        for (number, line) in text.lines().enumerate() {
            let indent = line.len() - line.trim_start().len();
            match block {
                Some(outer) if line.trim().is_empty() || indent > outer => continue,
                _ => block = None,
            }
            let trimmed = line.trim_end();
            if trimmed.ends_with(": |") || trimmed.ends_with(": |-") || trimmed.ends_with(": >") {
                block = Some(indent);
            }
            if let Some((key, value)) = yaml_member(line)
                && names_a_secret(&key)
                && !names_a_setting(&key)
                && !is_reference(&key, value)
                && !is_scalar_setting(value)
            {
                findings.push(format!(
                    "line {}: the member `{key}` is a literal value",
                    number + 1
                ));
            }
        }
    }
    for word in text.split(|c: char| !(c.is_ascii_alphanumeric() || "_-".contains(c))) {
        for prefix in CREDENTIAL_PREFIXES {
            let rest = word.strip_prefix(prefix);
            let looks_like_key = match *prefix {
                "AKIA" | "ASIA" => rest.is_some_and(|r| {
                    r.len() == 16
                        && r.chars()
                            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
                }),
                _ => rest.is_some_and(|r| r.len() >= 20),
            };
            if looks_like_key {
                findings.push(format!("a token in the {prefix}… credential format"));
            }
        }
    }
    if text.contains("-----BEGIN") && text.contains("PRIVATE KEY-----") {
        findings.push("a PEM private key".to_string());
    }
    assert!(
        findings.is_empty(),
        "{name} holds plain-text secrets:\n  {}",
        findings.join("\n  ")
    );
}

fn walk(value: &serde_json::Value, path: String, findings: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(members) => {
            for (key, member) in members {
                let path = format!("{path}/{key}");
                if let serde_json::Value::String(text) = member
                    && names_a_secret(key)
                    && !is_reference(key, text)
                {
                    findings.push(format!("{path} is a literal value"));
                }
                walk(member, path, findings);
            }
        }
        serde_json::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, format!("{path}/{i}"), findings);
            }
        }
        _ => {}
    }
}

/// A `key: value` line (YAML, or JSON read as text), unquoted, without a trailing comma.
fn yaml_member(line: &str) -> Option<(String, &str)> {
    let line = line.trim_start().trim_start_matches("- ");
    let (key, value) = if let Some(rest) = line.strip_prefix('"') {
        let end = rest.find("\":")?;
        (rest[..end].to_string(), &rest[end + 2..])
    } else {
        let end = line.find(": ")?;
        (line[..end].to_string(), &line[end + 1..])
    };
    let value = value.trim().trim_end_matches(',').trim_matches(['"', '\'']);
    Some((key, value))
}

/// Keys that name a setting about a secret rather than hold one (`TemporaryPasswordValidityDays`,
/// `SecretId`, `TokenName`, `PasswordPolicy`, `AuthenticationType`).
fn names_a_setting(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    [
        "id", "name", "days", "policy", "type", "path", "string", "validity",
    ]
    .iter()
    .any(|w| key.ends_with(w))
}

/// A value that holds no secret: a flag, a number, or the start of a nested block or
/// intrinsic (`{`, `[`, `|`, `!Ref …`).
fn is_scalar_setting(value: &str) -> bool {
    matches!(value, "true" | "false" | "null")
        || value.parse::<f64>().is_ok()
        || value.starts_with(['{', '[', '|', '>', '!'])
}

fn names_a_secret(key: &str) -> bool {
    let key: String = key
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    SECRET_KEYS.iter().any(|word| key.contains(word))
}

/// An ARN, a dynamic reference, an ASL path or expression (`"TaskToken.$": "$$.Task.Token"`),
/// or a `${Placeholder}`: a pointer to a secret, not the secret.
fn is_reference(key: &str, text: &str) -> bool {
    key.to_ascii_lowercase().ends_with("arn")
        || key.ends_with(".$")
        || text.starts_with('$')
        || text.starts_with("{%")
        || text.contains("${")
        || text.starts_with("arn:")
        || text.starts_with("{{resolve:")
        || text.is_empty()
}
