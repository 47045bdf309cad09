//! The GraphQL schema of an API: parsed and validated with `apollo-compiler` after a prelude
//! that declares what AppSync adds (the `AWS*` scalars and the `@aws_*` directives), then
//! checked for what AppSync adds on top (auth directives, `@aws_subscribe`).

use std::collections::{BTreeMap, BTreeSet};

use apollo_compiler::Schema;
use std::ops::Range;

use apollo_compiler::ast::{OperationType, Value as GqlValue};
use apollo_compiler::parser::LineColumn;
use apollo_compiler::schema::ExtendedType;

use super::model::AuthMode;
use crate::diagnostic::{Diagnostic, Location, Pos};
use crate::rules::Rule;

/// What AppSync declares for every schema. Its own file, so positions in the user's schema stay
/// the user's.
pub const PRELUDE: &str = "\
scalar AWSDate
scalar AWSTime
scalar AWSDateTime
scalar AWSTimestamp
scalar AWSEmail
scalar AWSJSON
scalar AWSURL
scalar AWSPhone
scalar AWSIPAddress
directive @aws_api_key on FIELD_DEFINITION | OBJECT
directive @aws_iam on FIELD_DEFINITION | OBJECT
directive @aws_oidc on FIELD_DEFINITION | OBJECT
directive @aws_lambda on FIELD_DEFINITION | OBJECT
directive @aws_cognito_user_pools(cognito_groups: [String]) on FIELD_DEFINITION | OBJECT
directive @aws_auth(cognito_groups: [String]) on FIELD_DEFINITION
directive @aws_subscribe(mutations: [String]) on FIELD_DEFINITION
";

/// The object types of a schema and their fields, for the resolver checks.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SchemaShape {
    /// Object type → its field names, in schema order.
    pub types: BTreeMap<String, Vec<String>>,
}

/// The outcome of reading a schema: its diagnostics, and its shape when it is valid.
#[derive(Debug)]
pub(crate) struct SchemaCheck {
    pub diagnostics: Vec<Diagnostic>,
    pub shape: Option<SchemaShape>,
}

fn schema_location() -> Location {
    Location {
        pointer: "/schema".to_string(),
        state_path: "schema".to_string(),
        at_key: false,
    }
}

fn at(line: usize, column: usize) -> Pos {
    Pos {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        column: u32::try_from(column).unwrap_or(u32::MAX),
        offset: 0,
    }
}

/// Parses and validates `sdl` (named `file` in messages) and checks its directives against
/// `modes`, the modes the API configures.
pub(crate) fn check_schema(sdl: &str, file: &str, modes: &BTreeSet<AuthMode>) -> SchemaCheck {
    let built = Schema::builder()
        .parse(PRELUDE, "appsync-prelude.graphql")
        .parse(sdl, file)
        .build()
        .and_then(Schema::validate);
    let schema = match built {
        Ok(valid) => valid.into_inner(),
        Err(with_errors) => {
            let diagnostics = with_errors
                .errors
                .iter()
                .map(|d| {
                    let message = d.error.to_string();
                    let rule = if message.starts_with("syntax error") {
                        Rule::AppsyncSchemaSyntax
                    } else {
                        Rule::AppsyncSchemaInvalid
                    };
                    let pos = d.line_column_range().map(|r| at(r.start.line, r.start.column));
                    let where_ = pos.map_or(String::new(), |p| {
                        format!(" at {file}:{}:{}", p.line, p.column)
                    });
                    let mut diagnostic =
                        Diagnostic::new(rule, schema_location(), format!("{message}{where_}"))
                            .with_help(match rule {
                                Rule::AppsyncSchemaSyntax => {
                                    "fix the GraphQL syntax at that position"
                                }
                                _ => {
                                    "declare the type, or use a built-in or AppSync scalar (AWSDateTime, AWSJSON, …)"
                                }
                            });
                    diagnostic.pos = pos;
                    diagnostic
                })
                .collect();
            return SchemaCheck {
                diagnostics,
                shape: None,
            };
        }
    };
    let mut diagnostics = Vec::new();
    let mut shape = SchemaShape::default();
    for (name, ty) in &schema.types {
        let ExtendedType::Object(object) = ty else {
            continue;
        };
        if ty.is_built_in() {
            continue;
        }
        let sources = &schema.sources;
        let on_type = object
            .directives
            .iter()
            .map(|d| (d.name.as_str(), d.node.line_column_range(sources)));
        check_directives(on_type, modes, &mut diagnostics);
        for field in object.fields.values() {
            let on_field = field
                .directives
                .iter()
                .map(|d| (d.name.as_str(), d.line_column_range(sources)));
            check_directives(on_field, modes, &mut diagnostics);
        }
        shape.types.insert(
            name.to_string(),
            object.fields.keys().map(|f| f.to_string()).collect(),
        );
    }
    check_subscriptions(&schema, &mut diagnostics);
    SchemaCheck {
        diagnostics,
        shape: Some(shape),
    }
}

/// Each directive is `(name, position)`.
fn check_directives<'a>(
    directives: impl Iterator<Item = (&'a str, Option<Range<LineColumn>>)>,
    modes: &BTreeSet<AuthMode>,
    out: &mut Vec<Diagnostic>,
) {
    for (name, range) in directives {
        let mode = match name {
            "aws_auth" => AuthMode::CognitoUserPools,
            name => match AuthMode::ALL.into_iter().find(|m| m.directive() == name) {
                Some(mode) => mode,
                None => continue,
            },
        };
        if modes.contains(&mode) {
            continue;
        }
        let pos = range.map(|r| at(r.start.line, r.start.column));
        let mut d = Diagnostic::new(
            Rule::AppsyncAuthUnconfigured,
            schema_location(),
            format!(
                "`@{}` opens a field to {}, which the API does not configure{}",
                name,
                mode.as_str(),
                pos.map_or(String::new(), |p| format!(
                    " (schema {}:{})",
                    p.line, p.column
                ))
            ),
        )
        .with_help(format!(
            "add {} as the default or an additional auth mode, or remove the directive",
            mode.as_str()
        ));
        d.pos = pos;
        out.push(d);
    }
}

/// `@aws_subscribe(mutations: [...])` names mutations of the schema that return the
/// subscription's type.
fn check_subscriptions(schema: &Schema, out: &mut Vec<Diagnostic>) {
    let Some(subscription) = schema
        .root_operation(OperationType::Subscription)
        .and_then(|name| schema.get_object(name))
    else {
        return;
    };
    let mutation = schema
        .root_operation(OperationType::Mutation)
        .and_then(|name| schema.get_object(name));
    for field in subscription.fields.values() {
        let Some(directive) = field.directives.get("aws_subscribe") else {
            continue;
        };
        let pos = directive
            .line_column_range(&schema.sources)
            .map(|r| at(r.start.line, r.start.column));
        let names = directive
            .arguments
            .iter()
            .filter(|a| a.name == "mutations")
            .filter_map(|a| match a.value.as_ref() {
                GqlValue::List(items) => Some(items.clone()),
                _ => None,
            })
            .flatten();
        for name in names {
            let Some(name) = name.as_str() else { continue };
            let found = mutation.and_then(|m| m.fields.get(name));
            let message = match found {
                None => {
                    let candidates = mutation
                        .map(|m| m.fields.keys().map(|k| k.to_string()).collect::<Vec<_>>())
                        .unwrap_or_default();
                    let mut d = Diagnostic::new(
                        Rule::AppsyncSubscribeMutation,
                        schema_location(),
                        format!(
                            "subscription `{}` listens to the mutation `{name}`, which the schema does not have{}",
                            field.name,
                            pos.map_or(String::new(), |p| format!(
                                " (schema {}:{})",
                                p.line, p.column
                            ))
                        ),
                    );
                    d.help = Some(
                        match crate::did_you_mean::closest(
                            name,
                            candidates.iter().map(String::as_str),
                        ) {
                            Some(m) => format!("did you mean `{m}`?"),
                            None => "name a field of the Mutation type".to_string(),
                        },
                    );
                    d.pos = pos;
                    out.push(d);
                    continue;
                }
                Some(m) if m.ty.inner_named_type() != field.ty.inner_named_type() => format!(
                    "subscription `{}` returns `{}` but the mutation `{name}` returns `{}`{}",
                    field.name,
                    field.ty,
                    m.ty,
                    pos.map_or(String::new(), |p| format!(
                        " (schema {}:{})",
                        p.line, p.column
                    ))
                ),
                Some(_) => continue,
            };
            let mut d = Diagnostic::new(Rule::AppsyncSubscribeMutation, schema_location(), message)
                .with_help(
                    "a subscription receives what the mutation returns: give both the same type",
                );
            d.pos = pos;
            out.push(d);
        }
    }
}
