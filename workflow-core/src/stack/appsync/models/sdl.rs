//! The schema of the models, in the shape Amplify's transformer writes (and DataStore
//! expects): `Model<Name>Connection`, `Model<Name>FilterInput`, `Model<Name>ConditionInput`,
//! `ModelSubscription<Name>FilterInput`, `Create/Update/Delete<Name>Input` and the shared
//! `Model<Scalar>Input` filters.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use super::access::{self, Access};
use super::{AuthRuleKind, Model, ModelField, ModelOperation, RelationKind, upper_first};
use crate::stack::appsync::model::AuthMode;

/// The filter family of a scalar: `ModelStringInput` for `AWSDateTime`, `ModelIntInput` for
/// `AWSTimestamp`.
pub(crate) fn filter_kind(base: &str) -> &'static str {
    match base {
        "ID" => "ID",
        "Int" | "AWSTimestamp" => "Int",
        "Float" => "Float",
        "Boolean" => "Boolean",
        _ => "String",
    }
}

/// `(operators, with attribute checks)` of a filter family; Int and Float are numbers.
fn operators(kind: &str) -> &'static [&'static str] {
    match kind {
        "String" | "ID" => &[
            "ne",
            "eq",
            "le",
            "lt",
            "ge",
            "gt",
            "contains",
            "notContains",
            "between",
            "beginsWith",
        ],
        "Boolean" => &["ne", "eq"],
        _ => &["ne", "eq", "le", "lt", "ge", "gt", "between"],
    }
}

fn operator_type(operator: &str, kind: &str) -> String {
    match operator {
        "between" | "in" | "notIn" => format!("[{kind}]"),
        _ => kind.to_string(),
    }
}

/// The filters every model schema declares.
fn shared_inputs(out: &mut String, key_conditions: &BTreeSet<&'static str>) {
    for kind in ["String", "Int", "Float", "Boolean", "ID"] {
        let _ = writeln!(out, "input Model{kind}Input {{");
        for op in operators(kind) {
            let _ = writeln!(out, "  {op}: {}", operator_type(op, kind));
        }
        let _ = writeln!(
            out,
            "  attributeExists: Boolean\n  attributeType: ModelAttributeTypes"
        );
        if matches!(kind, "String" | "ID") {
            let _ = writeln!(out, "  size: ModelSizeInput");
        }
        let _ = writeln!(out, "}}\n");
        let _ = writeln!(out, "input ModelSubscription{kind}Input {{");
        for op in operators(kind) {
            let _ = writeln!(out, "  {op}: {}", operator_type(op, kind));
        }
        if kind != "Boolean" {
            let _ = writeln!(out, "  in: [{kind}]\n  notIn: [{kind}]");
        }
        let _ = writeln!(out, "}}\n");
    }
    for kind in key_conditions {
        let _ = writeln!(out, "input Model{kind}KeyConditionInput {{");
        for op in ["eq", "le", "lt", "ge", "gt", "between"] {
            let _ = writeln!(out, "  {op}: {}", operator_type(op, kind));
        }
        if matches!(*kind, "String" | "ID") {
            let _ = writeln!(out, "  beginsWith: {kind}");
        }
        let _ = writeln!(out, "}}\n");
    }
    out.push_str(
        "enum ModelAttributeTypes {\n  binary\n  binarySet\n  bool\n  list\n  map\n  number\n  numberSet\n  string\n  stringSet\n  _null\n}\n\n",
    );
    out.push_str("input ModelSizeInput {\n  ne: Int\n  eq: Int\n  le: Int\n  lt: Int\n  ge: Int\n  gt: Int\n  between: [Int]\n}\n\n");
    out.push_str("enum ModelSortDirection {\n  ASC\n  DESC\n}\n\n");
}

fn directive_text(directives: &[&str]) -> String {
    directives.iter().map(|d| format!(" @{d}")).collect()
}

/// The fields of a model that hold values (not relations).
fn value_fields(model: &Model) -> impl Iterator<Item = &ModelField> {
    model.fields.iter().filter(|f| f.relation.is_none())
}

/// The fields rules read identities from: owner fields and group fields, of the model's rules
/// and of its fields' rules.
pub(crate) fn identity_fields(model: &Model) -> (Vec<&str>, Vec<&str>) {
    let (mut owners, mut groups) = (Vec::new(), Vec::new());
    let rules = model
        .rules
        .iter()
        .chain(model.fields.iter().flat_map(|f| &f.rules));
    for rule in rules {
        match &rule.kind {
            AuthRuleKind::Owner { field } if !owners.contains(&field.as_str()) => {
                owners.push(field.as_str());
            }
            AuthRuleKind::GroupsField { field } if !groups.contains(&field.as_str()) => {
                groups.push(field.as_str());
            }
            _ => {}
        }
    }
    (owners, groups)
}

/// The SDL of the models: shared filters, then per model its types and inputs, then the three
/// root types.
pub(crate) fn schema(models: &[Model], sync: bool, default: Option<AuthMode>) -> String {
    let mut sdl = String::new();
    let key_conditions: BTreeSet<&'static str> = models
        .iter()
        .flat_map(|m| {
            m.indexes.iter().filter_map(|i| {
                let sort = i.sort_key.as_ref()?;
                Some(filter_kind(m.field_named(sort)?.base_type()))
            })
        })
        .collect();
    shared_inputs(&mut sdl, &key_conditions);
    let (mut queries, mut mutations, mut subscriptions) =
        (String::new(), String::new(), String::new());
    let type_modes = |m: &Model| Access::of(m).modes();
    for m in models {
        let access = Access::of(m);
        let (name, key, plural) = (&m.name, &m.key, m.plural());
        let type_directives = directive_text(&access::directives(&access.modes(), default));
        let _ = writeln!(sdl, "type {name}{type_directives} {{\n  {key}: ID!");
        for field in &m.fields {
            match &field.relation {
                Some(r) if r.kind == RelationKind::HasMany => {
                    let _ = writeln!(
                        sdl,
                        "  {}(filter: Model{1}FilterInput, sortDirection: ModelSortDirection, limit: Int, nextToken: String): Model{1}Connection",
                        field.name, r.model,
                    );
                }
                _ => {
                    let _ = writeln!(sdl, "  {}: {}", field.name, field.ty);
                }
            }
        }
        if m.timestamps {
            sdl.push_str("  createdAt: AWSDateTime!\n  updatedAt: AWSDateTime!\n");
        }
        if sync {
            sdl.push_str(
                "  _version: Int!\n  _deleted: Boolean\n  _lastChangedAt: AWSTimestamp!\n",
            );
        }
        sdl.push_str("}\n\n");

        // The connection is also what has-many fields of other models return, so it is open
        // to their modes too.
        let mut connection_modes = access.modes();
        for other in models {
            let points_here = other.fields.iter().any(|f| {
                f.relation
                    .as_ref()
                    .is_some_and(|r| r.kind == RelationKind::HasMany && r.model == *name)
            });
            if points_here {
                connection_modes.extend(type_modes(other));
            }
        }
        let connection_directives = directive_text(&access::directives(&connection_modes, default));
        let _ = writeln!(
            sdl,
            "type Model{name}Connection{connection_directives} {{\n  items: [{name}]!\n  nextToken: String{}\n}}\n",
            if sync {
                "\n  startedAt: AWSTimestamp"
            } else {
                ""
            }
        );

        let timestamps: &[&str] = if m.timestamps {
            &["createdAt", "updatedAt"]
        } else {
            &[]
        };
        let deleted = if sync {
            "  _deleted: ModelBooleanInput\n"
        } else {
            ""
        };
        // The filter of lists and the condition of writes: the same fields, the key only in
        // the filter.
        for (input, key_line) in [
            ("Filter", format!("\n  {key}: ModelIDInput")),
            ("Condition", String::new()),
        ] {
            let _ = writeln!(sdl, "input Model{name}{input}Input {{{key_line}");
            for f in value_fields(m) {
                let kind = filter_kind(f.base_type());
                let _ = writeln!(sdl, "  {}: Model{kind}Input", f.name);
            }
            for t in timestamps {
                let _ = writeln!(sdl, "  {t}: ModelStringInput");
            }
            let _ = writeln!(
                sdl,
                "  and: [Model{name}{input}Input]\n  or: [Model{name}{input}Input]\n  not: Model{name}{input}Input\n{deleted}}}\n"
            );
        }

        // Identity fields are not filters a subscriber may choose: owners are matched by
        // the service (as strings), group fields not at all.
        let (owners, groups) = identity_fields(m);
        let _ = writeln!(
            sdl,
            "input ModelSubscription{name}FilterInput {{\n  {key}: ModelSubscriptionIDInput"
        );
        for f in value_fields(m) {
            if owners.contains(&f.name.as_str()) || groups.contains(&f.name.as_str()) {
                continue;
            }
            let _ = writeln!(
                sdl,
                "  {}: ModelSubscription{}Input",
                f.name,
                filter_kind(f.base_type())
            );
        }
        for t in timestamps {
            let _ = writeln!(sdl, "  {t}: ModelSubscriptionStringInput");
        }
        let _ = writeln!(
            sdl,
            "  and: [ModelSubscription{name}FilterInput]\n  or: [ModelSubscription{name}FilterInput]\n{deleted}{}}}\n",
            owners
                .iter()
                .map(|o| format!("  {o}: ModelStringInput\n"))
                .collect::<String>()
        );

        let version = if sync { "  _version: Int\n" } else { "" };
        let _ = writeln!(sdl, "input Create{name}Input {{\n  {key}: ID");
        for f in value_fields(m) {
            let _ = writeln!(sdl, "  {}: {}", f.name, f.ty);
        }
        let _ = writeln!(
            sdl,
            "{version}}}\n\ninput Update{name}Input {{\n  {key}: ID!"
        );
        for f in value_fields(m) {
            let _ = writeln!(
                sdl,
                "  {}: {}",
                f.name,
                f.ty.strip_suffix('!').unwrap_or(&f.ty)
            );
        }
        let _ = writeln!(
            sdl,
            "{version}}}\n\ninput Delete{name}Input {{\n  {key}: ID!\n{version}}}\n"
        );

        let op = |operation| {
            directive_text(&access::directives(
                &access::modes(access.roles_for(operation)),
                default,
            ))
        };
        let read = op(ModelOperation::Read);
        let page = "limit: Int, nextToken: String";
        let _ = writeln!(queries, "  get{name}({key}: ID!): {name}{read}");
        let _ = writeln!(
            queries,
            "  list{plural}(filter: Model{name}FilterInput, {page}): Model{name}Connection{read}"
        );
        if sync {
            let _ = writeln!(
                queries,
                "  sync{plural}(filter: Model{name}FilterInput, {page}, lastSync: AWSTimestamp): Model{name}Connection{read}"
            );
        }
        for index in &m.indexes {
            let ty = |field: &str| {
                m.field_named(field)
                    .map_or("ID", |f| f.base_type())
                    .to_string()
            };
            let sort = index.sort_key.as_ref().map_or(String::new(), |s| {
                format!("{s}: Model{}KeyConditionInput, ", filter_kind(&ty(s)))
            });
            let _ = writeln!(
                queries,
                "  {}({}: {}!, {sort}sortDirection: ModelSortDirection, filter: Model{name}FilterInput, {page}): Model{name}Connection{read}",
                index.query,
                index.partition_key,
                ty(&index.partition_key)
            );
        }
        for (verb, operation) in [
            ("create", ModelOperation::Create),
            ("update", ModelOperation::Update),
            ("delete", ModelOperation::Delete),
        ] {
            let input = format!("{}{name}Input", upper_first(verb));
            let _ = writeln!(
                mutations,
                "  {verb}{name}(input: {input}!, condition: Model{name}ConditionInput): {name}{}",
                op(operation)
            );
            // A subscriber who is an owner passes their name, so the service only sends them
            // their own items; list-valued owner fields are matched by the filter instead.
            let listen_owners: Vec<String> = access
                .roles_for(ModelOperation::Read)
                .into_iter()
                .filter_map(|r| match &r.kind {
                    AuthRuleKind::Owner { field }
                        if m.field_named(field).is_some_and(|f| !f.is_list()) =>
                    {
                        Some(format!(", {field}: String"))
                    }
                    _ => None,
                })
                .collect::<Vec<_>>();
            let mut args = String::new();
            for a in listen_owners {
                if !args.contains(&a) {
                    args.push_str(&a);
                }
            }
            let _ = writeln!(
                subscriptions,
                "  on{}{name}(filter: ModelSubscription{name}FilterInput{args}): {name} @aws_subscribe(mutations: [\"{verb}{name}\"]){read}",
                upper_first(verb)
            );
        }
    }
    let _ = write!(
        sdl,
        "type Query {{\n{queries}}}\n\ntype Mutation {{\n{mutations}}}\n\ntype Subscription {{\n{subscriptions}}}\n"
    );
    sdl
}
