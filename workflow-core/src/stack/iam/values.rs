//! What the definition says about a parameter: fixed text, a value chosen at run time, an
//! object or an array; and the `${…}` placeholders and CloudFormation intrinsics it may hold.

use super::reasons::R_MISSING;
use crate::expr::{Arg, Dynamic, Jsonata};
use crate::model::{Json, Template};

/// The string is exactly one `${…}`.
pub(super) fn is_whole_placeholder(s: &str) -> bool {
    crate::placeholder::whole(s).is_some()
}

pub(super) fn placeholder_name(s: &str) -> &str {
    crate::placeholder::whole(s).unwrap_or_default()
}

/// A whole placeholder whose name says it holds an ARN (`${ChargeFunctionArn}`,
/// `${GetAtt:Fn.Arn}`).
pub(super) fn placeholder_is_arn(s: &str) -> bool {
    let name = placeholder_name(s);
    name.ends_with("Arn") || name.ends_with("ARN") || name.ends_with("arn")
}

/// Splits on `sep`, leaving `${…}` placeholders (which may hold `:` or `.`) whole.
pub(super) fn split_outside(s: &str, sep: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut in_placeholder = false;
    let mut prev = '\0';
    for (i, c) in s.char_indices() {
        if in_placeholder {
            if c == '}' {
                in_placeholder = false;
            }
        } else if c == '{' && prev == '$' {
            in_placeholder = true;
        } else if c == sep {
            parts.push(&s[start..i]);
            start = i + c.len_utf8();
        }
        prev = c;
    }
    parts.push(&s[start..]);
    parts
}

/// A CloudFormation intrinsic as a placeholder: `{"Ref": "X"}` → `${Ref:X}` (`${AWS::Region}`
/// for pseudo parameters), `{"Fn::GetAtt": ["X", "Arn"]}` → `${GetAtt:X.Arn}`, `{"Fn::Sub":
/// "text"}` → the text.
pub(super) fn cfn_json(j: &Json) -> Option<String> {
    let Json::Object(members) = j else {
        return None;
    };
    let [(key, value)] = members.as_slice() else {
        return None;
    };
    match (key.as_str(), value) {
        ("Ref", Json::String(x)) => Some(ref_placeholder(x)),
        ("Fn::GetAtt", Json::String(x)) => Some(format!("${{GetAtt:{x}}}")),
        ("Fn::GetAtt", Json::Array(parts)) => match parts.as_slice() {
            [Json::String(a), Json::String(b)] => Some(format!("${{GetAtt:{a}.{b}}}")),
            _ => None,
        },
        ("Fn::Sub", Json::String(x)) => Some(x.clone()),
        _ => None,
    }
}

fn cfn_template(members: &[(String, Template)]) -> Option<String> {
    let [(key, value)] = members else {
        return None;
    };
    match (key.as_str(), value) {
        ("Ref", Template::String(x)) => Some(ref_placeholder(x)),
        ("Fn::GetAtt", Template::String(x)) => Some(format!("${{GetAtt:{x}}}")),
        ("Fn::GetAtt", Template::Array(parts)) => match parts.as_slice() {
            [Template::String(a), Template::String(b)] => Some(format!("${{GetAtt:{a}.{b}}}")),
            _ => None,
        },
        ("Fn::Sub", Template::String(x)) => Some(x.clone()),
        _ => None,
    }
}

fn ref_placeholder(x: &str) -> String {
    if x.starts_with("AWS::") {
        format!("${{{x}}}")
    } else {
        format!("${{Ref:{x}}}")
    }
}

/// `${GetAtt:X.Arn}` or `${Ref:X}` of a CloudFormation resource → `${GetAtt:X.ATTRIBUTE}`.
pub(super) fn cfn_sibling(placeholder: &str, attribute: &str) -> Option<String> {
    let name = placeholder_name(placeholder);
    let logical = if let Some(rest) = name.strip_prefix("GetAtt:") {
        rest.split_once('.')?.0
    } else {
        name.strip_prefix("Ref:")?
    };
    Some(format!("${{GetAtt:{logical}.{attribute}}}"))
}

/// What the definition says about one parameter.
#[derive(Debug, Clone)]
pub(super) enum Val<'a> {
    Absent,
    /// A fixed string (numbers and booleans as text); placeholders allowed.
    Lit(String),
    /// Chosen at run time: a path, an intrinsic function or a JSONata expression.
    Dyn,
    Obj(&'a [(String, Template)]),
    Arr(&'a [Template]),
}

pub(super) fn val(t: Option<&Template>) -> Val<'_> {
    match t {
        None | Some(Template::Null) => Val::Absent,
        Some(Template::String(s)) => Val::Lit(s.clone()),
        Some(Template::Number(n)) => Val::Lit(n.to_string()),
        Some(Template::Bool(b)) => Val::Lit(b.to_string()),
        Some(Template::Expr(j)) => jsonata_literal(j).map_or(Val::Dyn, Val::Lit),
        Some(Template::Dynamic(_)) => Val::Dyn,
        Some(Template::Array(items)) => Val::Arr(items),
        Some(Template::Object(members)) => {
            cfn_template(members).map_or(Val::Obj(members), Val::Lit)
        }
    }
}

/// The member `key` of an object value (`Dyn` when the whole object is chosen at run time).
pub(super) fn get<'a>(v: &Val<'a>, key: &str) -> Val<'a> {
    match v {
        Val::Obj(members) => val(raw(members, key)),
        Val::Dyn => Val::Dyn,
        _ => Val::Absent,
    }
}

pub(super) fn raw<'a>(members: &'a [(String, Template)], key: &str) -> Option<&'a Template> {
    members.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

/// `{% 'text' %}`: a JSONata expression that is just a string literal.
fn jsonata_literal(j: &Jsonata) -> Option<String> {
    let body = j.body().trim();
    let quote = body.chars().next().filter(|c| *c == '\'' || *c == '"')?;
    let inner = body.strip_prefix(quote)?.strip_suffix(quote)?;
    (!inner.contains(quote) && !inner.contains('\\')).then(|| inner.to_string())
}

/// The fixed start of a value built at run time: `States.Format('https://api.example.com/{}',
/// $.id)` → `https://api.example.com/`, `{% 'https://api.example.com/' & $id %}` → the same.
pub(super) fn literal_prefix(t: Option<&Template>) -> Option<String> {
    let prefix = match t? {
        Template::Dynamic(Dynamic::Intrinsic(call)) if call.name == "States.Format" => {
            match call.args.first()? {
                Arg::String(format) => format.split('{').next()?.to_string(),
                _ => return None,
            }
        }
        Template::Expr(j) => {
            let body = j.body().trim_start();
            let quote = body.chars().next().filter(|c| *c == '\'' || *c == '"')?;
            let rest = &body[1..];
            let end = rest.find(quote)?;
            let literal = &rest[..end];
            if literal.contains('\\') || !rest[end + 1..].trim_start().starts_with('&') {
                return None;
            }
            literal.to_string()
        }
        _ => return None,
    };
    (!prefix.is_empty()).then_some(prefix)
}

/// Resources with the reason they are wider than the definition says.
pub(super) type Res = (Vec<String>, Option<&'static str>);

/// `(operator, key, value)` triples.
pub(super) type Conditions = Vec<(String, String, String)>;

/// A wildcard resource, with `R_MISSING` when the value is absent and `dynamic` otherwise.
pub(super) fn wide(v: &Val<'_>, resource: String, dynamic: &'static str) -> Res {
    let why = if matches!(v, Val::Absent) {
        R_MISSING
    } else {
        dynamic
    };
    (vec![resource], Some(why))
}
