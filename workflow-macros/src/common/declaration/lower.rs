//! Stage 2 shared by `amplify_app!` and `user_pool!`: reading the value tree into the model's
//! parts, with a map from the model's JSON Pointers to the tokens they came from. Only the shape
//! is checked here (unknown or repeated fields, a string where a list belongs); every rule about
//! the values is the core validator's.

use proc_macro2::TokenStream;
use workflow_core::amplify::{EnvironmentVariable, Secret, SecretRef};
use workflow_core::did_you_mean::closest;
use workflow_core::template::Value;

use super::syntax::{Kind, Member, Node};

/// The tokens of each model pointer, and the shape errors.
#[derive(Default)]
pub struct Lowering {
    spans: Vec<(String, TokenStream)>,
    /// The pointers of values that could not be read (left empty in the model).
    failed: Vec<String>,
    pub errors: Vec<syn::Error>,
}

impl Lowering {
    /// The tokens of the longest recorded pointer that `pointer` starts with.
    pub fn tokens_for(&self, pointer: &str) -> Option<&TokenStream> {
        crate::workflow::lower::best(&self.spans, pointer, true).map(|(_, t)| t)
    }

    pub(crate) fn record(&mut self, pointer: &str, tokens: &TokenStream) {
        self.spans.push((pointer.to_string(), tokens.clone()));
    }

    pub(crate) fn error(&mut self, tokens: &TokenStream, message: impl std::fmt::Display) {
        self.errors.push(syn::Error::new_spanned(tokens, message));
    }

    /// An error about the value at `pointer`, which the model then holds empty.
    pub(crate) fn fail(
        &mut self,
        pointer: &str,
        tokens: &TokenStream,
        message: impl std::fmt::Display,
    ) {
        self.failed.push(pointer.to_string());
        self.error(tokens, message);
    }

    /// Whether a validator diagnostic at `pointer` is about a value the lowering could not
    /// read (and so would only repeat its error).
    pub fn is_about_failed(&self, pointer: &str) -> bool {
        self.failed.iter().any(|f| {
            pointer == f || (pointer.starts_with(f.as_str()) && pointer[f.len()..].starts_with('/'))
        })
    }

    /// The members of the object at `pointer`, each checked against `known` (with a
    /// did-you-mean for the others; any key when `known` is empty) and given once.
    pub(crate) fn object<'a>(
        &mut self,
        node: &'a Node,
        pointer: &str,
        what: &str,
        known: &[&str],
    ) -> Vec<&'a Member> {
        let Kind::Object(members) = &node.kind else {
            self.fail(
                pointer,
                &node.tokens,
                format!("expected `{{ … }}` for {what}, found {}", node.describe()),
            );
            return Vec::new();
        };
        let mut out: Vec<&Member> = Vec::new();
        for m in members {
            if !known.is_empty() && !known.contains(&m.key.as_str()) {
                let hint = match closest(&m.key, known.iter().copied()) {
                    Some(c) => format!("; did you mean `{c}`?"),
                    None => String::new(),
                };
                self.error(
                    &m.key_tokens,
                    format!(
                        "unknown field `{}` of {what}; expected one of: {}{hint}",
                        m.key,
                        known.join(", ")
                    ),
                );
            } else if out.iter().any(|o| o.key == m.key) {
                self.error(
                    &m.key_tokens,
                    format!("the field `{}` is given twice", m.key),
                );
            } else {
                out.push(m);
            }
        }
        out
    }

    pub(crate) fn string(&mut self, node: &Node, pointer: &str) -> String {
        self.record(pointer, &node.tokens);
        match &node.kind {
            Kind::Str(s) => s.clone(),
            _ => {
                self.fail(
                    pointer,
                    &node.tokens,
                    format!("expected a string, found {}", node.describe()),
                );
                String::new()
            }
        }
    }

    /// A name written bare (`PRODUCTION`) or quoted, or a number (`301`).
    pub(crate) fn name(&mut self, node: &Node, pointer: &str) -> String {
        self.record(pointer, &node.tokens);
        match &node.kind {
            Kind::Str(s) | Kind::Ident(s) | Kind::Int(s) => s.clone(),
            _ => {
                self.fail(
                    pointer,
                    &node.tokens,
                    format!("expected a name, found {}", node.describe()),
                );
                String::new()
            }
        }
    }

    pub(crate) fn int(&mut self, node: &Node, pointer: &str) -> u32 {
        self.record(pointer, &node.tokens);
        match &node.kind {
            Kind::Int(digits) => digits.parse().unwrap_or_else(|_| {
                self.fail(pointer, &node.tokens, "the number is too large");
                0
            }),
            _ => {
                self.fail(
                    pointer,
                    &node.tokens,
                    format!("expected a number, found {}", node.describe()),
                );
                0
            }
        }
    }

    pub(crate) fn boolean(&mut self, node: &Node, pointer: &str) -> bool {
        self.record(pointer, &node.tokens);
        match &node.kind {
            Kind::Bool(b) => *b,
            _ => {
                self.fail(
                    pointer,
                    &node.tokens,
                    format!("expected true or false, found {}", node.describe()),
                );
                false
            }
        }
    }

    pub(crate) fn items<'a>(&mut self, node: &'a Node, pointer: &str) -> &'a [Node] {
        self.record(pointer, &node.tokens);
        match &node.kind {
            Kind::List(items) => items,
            _ => {
                self.fail(
                    pointer,
                    &node.tokens,
                    format!("expected `[ … ]`, found {}", node.describe()),
                );
                &[]
            }
        }
    }

    /// A list of names or strings.
    pub(crate) fn names(&mut self, node: &Node, pointer: &str) -> Vec<String> {
        let items = self.items(node, pointer);
        items
            .iter()
            .enumerate()
            .map(|(i, item)| self.name(item, &format!("{pointer}/{i}")))
            .collect()
    }

    /// `secrets_manager("id")`, `secrets_manager("id", "json-key")`, or a string (which the
    /// validator reports unless it is a dynamic reference).
    pub(crate) fn secret(&mut self, node: &Node, pointer: &str) -> Secret {
        self.record(pointer, &node.tokens);
        match &node.kind {
            Kind::Str(s) => Secret::from(s.as_str()),
            Kind::Call(f, args) if f == "secrets_manager" && (1..=2).contains(&args.len()) => {
                let id = self.string(&args[0], pointer);
                let r = SecretRef::secrets_manager(id);
                match args.get(1) {
                    Some(key) => Secret::Reference(r.json_key(self.string(key, pointer))),
                    None => Secret::Reference(r),
                }
            }
            _ => {
                self.fail(
                    pointer,
                    &node.tokens,
                    "expected secrets_manager(\"secret-id\", \"json-key\")",
                );
                Secret::Reference(SecretRef::secrets_manager(""))
            }
        }
    }

    /// `created` or `role_arn("arn:…")`.
    pub(crate) fn role(&mut self, node: &Node, pointer: &str) -> Option<Value> {
        self.record(pointer, &node.tokens);
        match &node.kind {
            Kind::Ident(i) if i == "created" => None,
            Kind::Call(f, args) if f == "role_arn" && args.len() == 1 => {
                Some(Value::literal(self.string(&args[0], pointer)))
            }
            _ => {
                self.fail(
                    pointer,
                    &node.tokens,
                    "expected `created` or `role_arn(\"arn:…\")`",
                );
                None
            }
        }
    }

    pub(crate) fn environment(&mut self, node: &Node, pointer: &str) -> Vec<EnvironmentVariable> {
        self.object(node, pointer, "environment", &[])
            .into_iter()
            .enumerate()
            .map(|(i, m)| EnvironmentVariable {
                name: m.key.clone(),
                value: Value::literal(self.string(&m.value, &format!("{pointer}/{i}"))),
            })
            .collect()
    }
}
