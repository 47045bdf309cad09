//! The `APPSYNC_JS` resolvers of a model. Each one carries the roles allowed its operation
//! (from [`Access`]) and checks the caller against them: a role that needs no item (public,
//! private, custom, a static group) lets the caller in; owner and group-field roles are checked
//! on the item read, written as a condition of the write, or filled in on create.

use super::access::{Access, Role};
use super::{AuthRuleKind, FIELD_SOURCE, Model, ModelOperation, RelationKind};
use crate::stack::appsync::model::AuthMode;

/// The value `util.authType()` returns for a mode.
fn auth_type(mode: AuthMode) -> &'static str {
    match mode {
        AuthMode::ApiKey => "API Key Authorization",
        AuthMode::Iam => "IAM Authorization",
        AuthMode::OpenIdConnect => "Open ID Connect Authorization",
        AuthMode::CognitoUserPools => "User Pool Authorization",
        AuthMode::Lambda => "Lambda Authorization",
    }
}

/// The roles as a JavaScript array literal; `null` for a model without any rule, which
/// AppSync opens to the default mode alone (the schema gives it no directive).
fn rules(model: &Model, roles: &[&Role]) -> String {
    if model.rules.is_empty() && model.fields.iter().all(|f| f.rules.is_empty()) {
        return "null".to_string();
    }
    let items: Vec<String> = roles
        .iter()
        .map(|r| {
            let mode = auth_type(r.mode);
            match &r.kind {
                AuthRuleKind::Owner { field } => format!(
                    "{{ mode: '{mode}', kind: 'owner', field: '{field}', list: {} }}",
                    model
                        .field_named(field)
                        .is_some_and(super::ModelField::is_list)
                ),
                AuthRuleKind::GroupsField { field } => {
                    format!("{{ mode: '{mode}', kind: 'groupsField', field: '{field}' }}")
                }
                AuthRuleKind::Groups { groups } => {
                    // A group rule is one role per group (see `Access`).
                    let group = groups.first().map_or("", String::as_str);
                    format!("{{ mode: '{mode}', kind: 'group', group: '{group}' }}")
                }
                AuthRuleKind::Public | AuthRuleKind::Private | AuthRuleKind::Custom => {
                    format!("{{ mode: '{mode}', kind: 'open' }}")
                }
            }
        })
        .collect();
    format!("[{}]", items.join(", "))
}

/// The checks every resolver shares. `access` tells whether the caller is in without looking
/// at the item, and otherwise which item checks remain; without any, the caller is refused.
const HELPERS: &str = r"function identity(ctx) {
  const id = ctx.identity ?? {};
  const claims = id.claims ?? {};
  const username = id.username ?? claims['cognito:username'];
  const sub = id.sub ?? claims.sub;
  return {
    name: sub && username ? `${sub}::${username}` : sub,
    groups: id.groups ?? claims['cognito:groups'] ?? [],
  };
}

function access(ctx, rules) {
  const type = util.authType();
  const me = identity(ctx);
  const checks = [];
  if (rules === null) {
    return { open: true, checks, me };
  }
  for (const rule of rules) {
    if (rule.mode === type) {
      if (rule.kind === 'open' || (rule.kind === 'group' && me.groups.includes(rule.group))) {
        return { open: true, checks, me };
      }
      if (rule.kind === 'owner' || rule.kind === 'groupsField') {
        checks.push(rule);
      }
    }
  }
  if (checks.length === 0) {
    util.unauthorized();
  }
  return { open: false, checks, me };
}

function permits(item, a) {
  if (a.open) {
    return true;
  }
  for (const rule of a.checks) {
    const value = item[rule.field];
    const values = Array.isArray(value) ? value : [value];
    if (rule.kind === 'owner' && values.includes(a.me.name)) {
      return true;
    }
    if (rule.kind === 'groupsField' && values.some((v) => a.me.groups.includes(v))) {
      return true;
    }
  }
  return false;
}

function ownership(a) {
  const any = [];
  for (const rule of a.checks) {
    if (rule.kind === 'owner') {
      any.push({ [rule.field]: rule.list ? { contains: a.me.name } : { eq: a.me.name } });
    } else {
      for (const group of a.me.groups) {
        any.push({ [rule.field]: { eq: group } });
        any.push({ [rule.field]: { contains: group } });
      }
    }
  }
  return { or: any };
}

function condition(parts) {
  const all = parts.filter((p) => p);
  return JSON.parse(util.transform.toDynamoDBConditionExpression(all.length === 1 ? all[0] : { and: all }));
}

function filter(f) {
  return f ? JSON.parse(util.transform.toDynamoDBFilterExpression(f)) : undefined;
}

function page(ctx, a) {
  if (ctx.error) {
    util.error(ctx.error.message, ctx.error.type);
  }
  return {
    items: ctx.result.items.filter((item) => permits(item, a)),
    nextToken: ctx.result.nextToken,
    startedAt: ctx.result.startedAt,
  };
}

function one(ctx, a) {
  if (ctx.error) {
    util.error(ctx.error.message, ctx.error.type, ctx.result);
  }
  if (ctx.result && !permits(ctx.result, a)) {
    util.unauthorized();
  }
  return ctx.result;
}
";

/// One resolver's code: the imports, its roles, the shared checks, then its handlers.
fn unit(rules: &str, handlers: &str) -> String {
    format!(
        "import {{ runtime, util }} from '@aws-appsync/utils';\n\nconst RULES = {rules};\n\n{HELPERS}\n{handlers}"
    )
}

/// `(Type.field, code, data source)` of the resolvers of a model: its queries, mutations,
/// relation fields and fields with rules of their own.
pub(crate) fn resolvers(m: &Model, models: &[Model], sync: bool) -> Vec<(String, String, String)> {
    let access = Access::of(m);
    let roles = |op| rules(m, &access.roles_for(op));
    let read = roles(ModelOperation::Read);
    let (name, key, plural) = (&m.name, &m.key, m.plural());
    let source = plural.clone();
    let read_one = "export function response(ctx) {\n  return one(ctx, access(ctx, RULES));\n}\n";
    let read_page = "export function response(ctx) {\n  return page(ctx, access(ctx, RULES));\n}\n";
    let mut out = vec![
        (
            format!("Query.get{name}"),
            unit(
                &read,
                &format!(
                    "export function request(ctx) {{\n  access(ctx, RULES);\n  return {{ operation: 'GetItem', key: util.dynamodb.toMapValues({{ {key}: ctx.args.{key} }}) }};\n}}\n\n{read_one}"
                ),
            ),
            source.clone(),
        ),
        (
            format!("Query.list{plural}"),
            unit(
                &read,
                &format!(
                    "export function request(ctx) {{\n  access(ctx, RULES);\n  return {{ operation: 'Scan', limit: ctx.args.limit ?? 100, nextToken: ctx.args.nextToken, filter: filter(ctx.args.filter) }};\n}}\n\n{read_page}"
                ),
            ),
            source.clone(),
        ),
    ];
    if sync {
        // AppSync's delta table keys changes by `id` unless told the base table's key.
        let base = if key == "id" {
            String::new()
        } else {
            format!(", basePartitionKey: '{key}'")
        };
        out.push((
            format!("Query.sync{plural}"),
            unit(
                &read,
                &format!(
                    "export function request(ctx) {{\n  access(ctx, RULES);\n  return {{ operation: 'Sync', limit: ctx.args.limit ?? 100, nextToken: ctx.args.nextToken, lastSync: ctx.args.lastSync, filter: filter(ctx.args.filter){base} }};\n}}\n\n{read_page}"
                ),
            ),
            source.clone(),
        ));
    }
    for index in &m.indexes {
        let sort = index.sort_key.as_ref().map_or(String::new(), |s| {
            format!("\n  if (ctx.args.{s}) {{\n    query.expression += ' AND ' + sortKey('{s}', ctx.args.{s}, query);\n  }}")
        });
        out.push((
            format!("Query.{}", index.query),
            unit(
                &read,
                &format!(
                    "{SORT_KEY}export function request(ctx) {{\n  access(ctx, RULES);\n  const query = {{ expression: '#pk = :pk', expressionNames: {{ '#pk': '{pk}' }}, expressionValues: util.dynamodb.toMapValues({{ ':pk': ctx.args.{pk} }}) }};{sort}\n  return {{ operation: 'Query', index: '{index}', query, scanIndexForward: ctx.args.sortDirection !== 'DESC', limit: ctx.args.limit ?? 100, nextToken: ctx.args.nextToken, filter: filter(ctx.args.filter) }};\n}}\n\n{read_page}",
                    pk = index.partition_key,
                    index = index.name,
                ),
            ),
            source.clone(),
        ));
    }
    let stamp = if m.timestamps {
        "  const now = util.time.nowISO8601();\n"
    } else {
        ""
    };
    let created = if m.timestamps {
        ", createdAt: now, updatedAt: now"
    } else {
        ""
    };
    // Owner fields left out of a create are filled with the caller, as Amplify does.
    let fill_owners = "  if (!a.open) {\n    for (const rule of a.checks) {\n      if (rule.kind === 'owner' && values[rule.field] === undefined) {\n        values[rule.field] = rule.list ? [a.me.name] : a.me.name;\n      }\n    }\n    if (!permits(values, a)) {\n      util.unauthorized();\n    }\n  }\n";
    out.push((
        format!("Mutation.create{name}"),
        unit(
            &roles(ModelOperation::Create),
            &format!(
                "export function request(ctx) {{\n  const a = access(ctx, RULES);\n  const {{ {key}, _version, ...values }} = ctx.args.input;\n{fill_owners}{stamp}  return {{\n    operation: 'PutItem',\n    key: util.dynamodb.toMapValues({{ {key}: {key} ?? util.autoId() }}),\n    attributeValues: util.dynamodb.toMapValues({{ ...values{created} }}),\n    condition: condition([{{ {key}: {{ attributeExists: false }} }}, ctx.args.condition]),\n    _version,\n  }};\n}}\n\nexport function response(ctx) {{\n  if (ctx.error) {{\n    util.error(ctx.error.message, ctx.error.type, ctx.result);\n  }}\n  return ctx.result;\n}}\n"
            ),
        ),
        source.clone(),
    ));
    let updated = if m.timestamps {
        "  values.updatedAt = util.time.nowISO8601();\n"
    } else {
        ""
    };
    let write_response = "export function response(ctx) {\n  if (ctx.error) {\n    util.error(ctx.error.message, ctx.error.type, ctx.result);\n  }\n  return ctx.result;\n}\n";
    out.push((
        format!("Mutation.update{name}"),
        unit(
            &roles(ModelOperation::Update),
            &format!(
                "export function request(ctx) {{\n  const a = access(ctx, RULES);\n  const {{ {key}, _version, ...values }} = ctx.args.input;\n{updated}  const names = {{}};\n  const assigned = {{}};\n  const sets = [];\n  for (const [field, value] of Object.entries(values)) {{\n    names[`#${{field}}`] = field;\n    assigned[`:${{field}}`] = value;\n    sets.push(`#${{field}} = :${{field}}`);\n  }}\n  return {{\n    operation: 'UpdateItem',\n    key: util.dynamodb.toMapValues({{ {key} }}),\n    update: {{ expression: `SET ${{sets.join(', ')}}`, expressionNames: names, expressionValues: util.dynamodb.toMapValues(assigned) }},\n    condition: condition([{{ {key}: {{ attributeExists: true }} }}, ctx.args.condition, a.open ? null : ownership(a)]),\n    _version,\n  }};\n}}\n\n{write_response}"
            ),
        ),
        source.clone(),
    ));
    out.push((
        format!("Mutation.delete{name}"),
        unit(
            &roles(ModelOperation::Delete),
            &format!(
                "export function request(ctx) {{\n  const a = access(ctx, RULES);\n  const {{ {key}, _version }} = ctx.args.input;\n  return {{\n    operation: 'DeleteItem',\n    key: util.dynamodb.toMapValues({{ {key} }}),\n    condition: condition([{{ {key}: {{ attributeExists: true }} }}, ctx.args.condition, a.open ? null : ownership(a)]),\n    _version,\n  }};\n}}\n\n{write_response}"
            ),
        ),
        source,
    ));
    for field in &m.fields {
        let at = format!("{name}.{}", field.name);
        match &field.relation {
            Some(relation) => {
                let Some(target) = models.iter().find(|t| t.name == relation.model) else {
                    continue;
                };
                let target_rules =
                    rules(target, &Access::of(target).roles_for(ModelOperation::Read));
                let code = match relation.kind {
                    RelationKind::BelongsTo => format!(
                        "export function request(ctx) {{\n  access(ctx, RULES);\n  if (!ctx.source.{reference}) {{\n    return runtime.earlyReturn(null);\n  }}\n  return {{ operation: 'GetItem', key: util.dynamodb.toMapValues({{ {target_key}: ctx.source.{reference} }}) }};\n}}\n\n{read_one}",
                        reference = relation.reference,
                        target_key = target.key,
                    ),
                    RelationKind::HasOne | RelationKind::HasMany => {
                        let many = relation.kind == RelationKind::HasMany;
                        format!(
                            "export function request(ctx) {{\n  access(ctx, RULES);\n  return {{\n    operation: 'Query',\n    index: '{index}',\n    query: {{ expression: '#ref = :ref', expressionNames: {{ '#ref': '{reference}' }}, expressionValues: util.dynamodb.toMapValues({{ ':ref': ctx.source.{key} }}) }},\n    scanIndexForward: ctx.args.sortDirection !== 'DESC',\n    limit: {limit},\n    nextToken: ctx.args.nextToken,\n    filter: filter(ctx.args.filter),\n  }};\n}}\n\nexport function response(ctx) {{\n  const items = page(ctx, access(ctx, RULES));\n  return {result};\n}}\n",
                            index = target.index_on(&relation.reference),
                            reference = relation.reference,
                            limit = if many { "ctx.args.limit ?? 100" } else { "1" },
                            result = if many {
                                "items"
                            } else {
                                "items.items[0] ?? null"
                            },
                        )
                    }
                };
                out.push((at, unit(&target_rules, &code), target.plural()));
            }
            None if !field.rules.is_empty() => {
                let field_rules = rules(m, &access.roles_on(&field.name, ModelOperation::Read));
                out.push((
                    at,
                    unit(
                        &field_rules,
                        &format!(
                            "export function request(ctx) {{\n  return {{}};\n}}\n\n// A caller the field's rules do not let in reads null, as with Amplify.\nexport function response(ctx) {{\n  const type = util.authType();\n  const me = identity(ctx);\n  const allowed = RULES === null || RULES.some((rule) => rule.mode === type && (rule.kind === 'open' || (rule.kind === 'group' && me.groups.includes(rule.group))));\n  const a = {{ open: allowed, checks: (RULES ?? []).filter((rule) => rule.mode === type && (rule.kind === 'owner' || rule.kind === 'groupsField')), me }};\n  return permits(ctx.source, a) ? ctx.source.{0} : null;\n}}\n",
                            field.name
                        ),
                    ),
                    FIELD_SOURCE.to_string(),
                ));
            }
            None => {}
        }
    }
    out
}

/// The key condition of a sort key argument (`eq`, `le`, `lt`, `ge`, `gt`, `between`,
/// `beginsWith`), added to the query's expression.
const SORT_KEY: &str = "function sortKey(field, given, query) {
  query.expressionNames['#sk'] = field;
  const [op, value] = Object.entries(given)[0];
  const values = util.dynamodb.toMapValues({ ':sk': Array.isArray(value) ? value[0] : value, ':sk2': Array.isArray(value) ? value[1] : null });
  query.expressionValues[':sk'] = values[':sk'];
  if (op === 'between') {
    query.expressionValues[':sk2'] = values[':sk2'];
    return '#sk BETWEEN :sk AND :sk2';
  }
  if (op === 'beginsWith') {
    return 'begins_with(#sk, :sk)';
  }
  const symbols = { eq: '=', le: '<=', lt: '<', ge: '>=', gt: '>' };
  return `#sk ${symbols[op]} :sk`;
}

";
