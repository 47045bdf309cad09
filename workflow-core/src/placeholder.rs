//! `${Name}` placeholders: the one reader of the DefinitionSubstitutions placeholders in ASL
//! text, shared by the `workflow!` macro (a workflow's `PLACEHOLDERS`), the facade's
//! `asl_with`, the CloudFormation templates and the IAM derivation, so that all of them agree
//! on what a placeholder is.
//!
//! A placeholder is `${`, then one or more characters other than whitespace, control
//! characters, `"`, `\`, `{`, `}` and `$`, then `}`. So `${AWS::Region}`, `${GetAtt:Fn.Arn}`
//! and `${Name}` are placeholders; `${}`, `${ x }` and an unclosed `${x` are left as text, and
//! the scan goes on right after their `${`.
//!
//! ```
//! use workflow_core::placeholder;
//!
//! let text = r#"arn:${AWS::Partition}:lambda:${ x }:${Fn}:${Fn}"#;
//! assert_eq!(placeholder::names(text), ["AWS::Partition", "Fn"]);
//! let first = &placeholder::scan(text)[0];
//! assert_eq!((first.start, first.end, first.name), (4, 21, "AWS::Partition"));
//! assert_eq!(placeholder::whole("${Fn}"), Some("Fn"));
//! assert_eq!(placeholder::whole("${Fn}x"), None);
//! ```

use std::collections::BTreeSet;

/// One placeholder found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placeholder<'a> {
    /// The byte offset of its `$`.
    pub start: usize,
    /// The byte offset just after its `}`.
    pub end: usize,
    /// What stands between the braces.
    pub name: &'a str,
}

/// Every placeholder of `text`, in order.
pub fn scan(text: &str) -> Vec<Placeholder<'_>> {
    let mut found = Vec::new();
    let mut offset = 0;
    while let Some(start) = text[offset..].find("${") {
        let start = offset + start;
        let after = start + 2;
        let Some(length) = text[after..].find('}') else {
            break;
        };
        let name = &text[after..after + length];
        if is_name(name) {
            let end = after + length + 1;
            found.push(Placeholder { start, end, name });
            offset = end;
        } else {
            offset = after;
        }
    }
    found
}

/// The names of the placeholders of `text`, sorted and each once: the names a deploy's
/// DefinitionSubstitutions must supply.
pub fn names(text: &str) -> Vec<&str> {
    let names: BTreeSet<&str> = scan(text).into_iter().map(|p| p.name).collect();
    names.into_iter().collect()
}

/// The name of the placeholder that is the whole of `text`, if it is one.
pub fn whole(text: &str) -> Option<&str> {
    match scan(text)[..] {
        [p] if p.start == 0 && p.end == text.len() => Some(p.name),
        _ => None,
    }
}

/// Whether `name` may stand between `${` and `}`.
pub fn is_name(name: &str) -> bool {
    !name.is_empty()
        && !name.chars().any(|c| {
            matches!(c, '"' | '\\' | '{' | '}' | '$') || c.is_whitespace() || c.is_control()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<&str> {
        scan(text).into_iter().map(|p| p.name).collect()
    }

    #[test]
    fn scans_and_skips_malformed_placeholders() {
        assert_eq!(
            all("${A}${B.c}x${AWS::Region}"),
            ["A", "B.c", "AWS::Region"]
        );
        assert!(all(r#"{"A": "${}", "B": "${ x }", "C": "${open"}"#).is_empty());
        assert_eq!(all("${} ${a b} ${\"q} ${x"), Vec::<&str>::new());
        assert_eq!(all("$${A}}"), ["A"]);
        assert_eq!(all("${${B}"), ["B"]);
        assert_eq!(all("é${Ä}"), ["Ä"]);
    }

    #[test]
    fn names_are_sorted_and_deduplicated() {
        let asl = r#"{"A": "${Zeta}", "B": "arn:${AWS::Partition}:x:${Alpha}", "C": "${Zeta}"}"#;
        assert_eq!(names(asl), ["AWS::Partition", "Alpha", "Zeta"]);
    }

    #[test]
    fn whole_placeholders() {
        assert_eq!(whole("${GetAtt:Fn.Arn}"), Some("GetAtt:Fn.Arn"));
        assert_eq!(whole("x${A}"), None);
        assert_eq!(whole("${A}${B}"), None);
        assert_eq!(whole("${a b}"), None);
        assert_eq!(whole(""), None);
    }
}
