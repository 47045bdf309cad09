//! A scan of generated text (templates, `amplify.yml`, definitions) for secrets written in
//! plain text. It never prints what it finds, only where.

// Every test binary that includes `common` compiles this module; not all of them scan.
#![allow(dead_code)]

/// Prefixes of well-known credentials.
const CREDENTIAL_PREFIXES: &[&str] = &[
    "ghp_",
    "gho_",
    "ghs_",
    "ghu_",
    "github_pat_",
    "glpat-",
    "xoxb-",
    "xoxp-",
    "GOCSPX-",
    "sk_live_",
    "-----BEGIN",
];

/// Fails when `text` holds a credential-looking token (a GitHub or GitLab token, an AWS access
/// key id, a private key, …) or a member whose name says it is a secret (`Password`,
/// `client_secret`, `AccessToken`, `private_key`, …) with a literal string value that is not a
/// `{{resolve:secretsmanager:…}}` reference. Values that are paths (`$.x`, `$$.Task.Token`),
/// and members that name a secret rather than hold it (`SecretId`, `…Arn`, `…Name`), pass.
///
/// # Panics
///
/// On the first finding, with its line number (never the value).
pub fn assert_no_plaintext_secrets(text: &str) {
    for (number, line) in text.lines().enumerate() {
        let number = number + 1;
        for prefix in CREDENTIAL_PREFIXES {
            assert!(
                !line.contains(prefix),
                "line {number}: a credential starting with `{prefix}` is written in plain text"
            );
        }
        assert!(
            !has_access_key_id(line),
            "line {number}: an AWS access key id is written in plain text"
        );
        if let Some((key, value)) = member(line) {
            let name = key
                .trim_end_matches(".$")
                .to_ascii_lowercase()
                .replace(['-', '_'], "");
            let secret_name = ["password", "secret", "token", "privatekey"]
                .iter()
                .any(|w| name.contains(w));
            let names_a_secret = [
                "id", "arn", "name", "path", "days", "policy", "string", "auth",
            ]
            .iter()
            .any(|w| name.ends_with(w));
            let harmless = value.is_empty()
                || value.starts_with("{{resolve:secretsmanager:")
                || value.starts_with('$')
                || value.starts_with('{')
                || value.starts_with('[')
                || value.starts_with('|')
                || matches!(value, "true" | "false" | "null")
                || value.parse::<f64>().is_ok();
            assert!(
                !secret_name || names_a_secret || harmless,
                "line {number}: the member `{key}` holds a plain-text value; use a {{{{resolve:secretsmanager:…}}}} reference"
            );
        }
    }
}

/// `AKIA` or `ASIA` followed by 16 uppercase letters or digits.
fn has_access_key_id(line: &str) -> bool {
    let bytes = line.as_bytes();
    (0..bytes.len().saturating_sub(19)).any(|i| {
        (bytes[i..].starts_with(b"AKIA") || bytes[i..].starts_with(b"ASIA"))
            && bytes[i + 4..i + 20]
                .iter()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
            && bytes.get(i + 20).is_none_or(|b| !b.is_ascii_alphanumeric())
    })
}

/// A `key: value` (YAML) or `"key": value` (JSON) line, unquoted, without a trailing comma.
fn member(line: &str) -> Option<(String, &str)> {
    let line = line.trim_start().trim_start_matches("- ");
    let (key, value) = if let Some(rest) = line.strip_prefix('"') {
        let end = rest.find("\":")?;
        (rest[..end].to_string(), &rest[end + 2..])
    } else {
        let end = line
            .find(": ")
            .or_else(|| line.strip_suffix(':').map(str::len))?;
        (line[..end].to_string(), line.get(end + 1..).unwrap_or(""))
    };
    let value = value.trim().trim_end_matches(',').trim_matches('"');
    Some((key, value))
}
