//! The judge of the data declaration is Amplify's own GraphQL transformer (npm
//! `@aws-amplify/graphql-transformer`, the library behind `amplify add api` and the
//! AmplifyGraphqlApi CDK construct, pinned in `tests/amplify-transformer/` and installed by
//! `scripts/amplify-transformer.sh`). For each model set, the models are written as Amplify SDL
//! (`@model`, `@auth`, `@index`, `@hasMany`, …), transformed with conflict resolution on, and the
//! transformer's schema is compared with ours: every type, its kind and auth directives, every
//! field with its type and arguments (name and type), and the auth directives of the query,
//! mutation and subscription fields. A difference fails the test unless [`ALLOWED`] lists it
//! with its reason; an entry of [`ALLOWED`] that no model set needs fails it too.
//!
//! The resources are compared where sync lives: the versioned data sources and their
//! `DeltaSyncConfig`, the `SyncConfig` of resolvers, the delta table. Deliberately not compared:
//!
//! - resolver code: ours is `APPSYNC_JS` unit resolvers that check the rules themselves; the
//!   transformer writes VTL pipelines (auth, data and slot functions);
//! - tables: ours are `AWS::DynamoDB::Table` resources of the one stack; the transformer writes
//!   Amplify's custom table resource in a nested stack per model;
//! - logical ids and names, which follow each tool's own scheme.
//!
//! Two choices make the inputs fit both: relations are written by reference
//! (`@hasMany(references: […])`, the transformer's current form, with no implicit key fields),
//! and owner fields are declared on the model (the transformer would add an undeclared one).
//!
//! Without npm the test is skipped with a note; with npm it installs the pinned transformer
//! first (the script does nothing when it is there).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

use apollo_compiler::Schema;
use apollo_compiler::schema::ExtendedType;
use workflow::core::appsync::schema::PRELUDE;
use workflow::core::appsync::{
    AuthMode, AuthProvider, AuthRule, AuthRuleKind, ConflictHandler, GraphqlApi, Model,
    ModelOperation, RelationKind,
};
use workflow::core::template::{App, Parameter, Value};

/// The differences we keep, each with why: `(difference, reason)`. A difference is written
/// `<type>: <what>` as [`compare`] reports it.
const ALLOWED: &[(&str, &str)] = &[(
    "AmplifyAIConversationTurnErrorInput: only in amplify",
    "an input of Amplify's AI conversation routes, which the transformer declares in every schema; models do not use it",
)];

// ---- the model sets ----

fn user_pool() -> AuthProvider {
    AuthProvider::cognito_user_pools(Value::parameter("UserPoolId"))
}

/// The seed's order shop: customers own their orders, staff (the `Admin` group) see all,
/// everyone reads the catalogue with the API key.
fn order_shop() -> GraphqlApi {
    use ModelOperation::*;
    GraphqlApi::new("ShopApi")
        .auth(user_pool())
        .additional_auth(AuthProvider::api_key())
        .model(
            Model::new("Order")
                .field("customer", "String")
                .field("total", "Float!")
                .field("status", "String!")
                .field("placedAt", "AWSDateTime")
                .has_many("lines", "OrderLine", "orderId")
                .index("byStatus", "status", Some("placedAt"), "ordersByStatus")
                .rule(AuthRule::owner("customer").operations([Create, Read]))
                .rule(AuthRule::groups(["Admin"])),
        )
        .model(
            Model::new("OrderLine")
                .field("orderId", "ID!")
                .field("productId", "ID!")
                .field("quantity", "Int!")
                .belongs_to("order", "Order", "orderId")
                .belongs_to("product", "Product", "productId")
                .rule(AuthRule::private())
                .rule(AuthRule::groups(["Admin"])),
        )
        .model(
            Model::new("Product")
                .field("name", "String!")
                .field("price", "Float!")
                .field("tags", "[String]")
                .has_many("lines", "OrderLine", "productId")
                .rule(AuthRule::public().operations([Read]))
                .rule(AuthRule::groups(["Admin"])),
        )
        .sync(ConflictHandler::Automerge)
}

/// A blog: blogs and posts with owners, editors (multiple owners), readers by group field,
/// static groups; comments readable by everyone signed in.
fn blog() -> GraphqlApi {
    use ModelOperation::*;
    GraphqlApi::new("BlogApi")
        .auth(user_pool())
        .additional_auth(AuthProvider::api_key())
        .model(
            Model::new("Blog")
                .field("name", "String!")
                .field("owner", "String")
                .has_many("posts", "Post", "blogId")
                .rule(AuthRule::owner("owner"))
                .rule(AuthRule::groups(["Admin", "Editors"]))
                .rule(AuthRule::public().operations([Read])),
        )
        .model(
            Model::new("Post")
                .field("title", "String!")
                .field("blogId", "ID!")
                .field("author", "String")
                .field("editors", "[String]")
                .field("readers", "[String]")
                .belongs_to("blog", "Blog", "blogId")
                .has_many("comments", "Comment", "postId")
                .rule(AuthRule::owner("author"))
                .rule(AuthRule::owner("editors").operations([Read, Update]))
                .rule(AuthRule::groups_field("readers").operations([Read]))
                .rule(AuthRule::groups(["Admin"])),
        )
        .model(
            Model::new("Comment")
                .field("postId", "ID!")
                .field("content", "String!")
                .field("owner", "String")
                .belongs_to("post", "Post", "postId")
                .rule(AuthRule::owner("owner"))
                .rule(AuthRule::private().operations([Read])),
        )
        .sync(ConflictHandler::OptimisticConcurrency)
}

/// Indexes: partition keys of several types, sort keys of several types, two indexes on one
/// field, a model without timestamps; the public reads through IAM.
fn indexes() -> GraphqlApi {
    GraphqlApi::new("EventsApi")
        .auth(AuthProvider::iam())
        .additional_auth(AuthProvider::api_key())
        .model(
            Model::new("Event")
                .field("venue", "String!")
                .field("startsAt", "AWSDateTime!")
                .field("seats", "Int")
                .field("price", "Float")
                .field("open", "Boolean")
                .field("category", "String")
                .index("byVenue", "venue", Some("startsAt"), "eventsByVenue")
                .index("byVenueSeats", "venue", Some("seats"), "eventsByVenueSeats")
                .index("byCategory", "category", None, "eventsByCategory")
                .rule(
                    AuthRule::public()
                        .mode(AuthMode::Iam)
                        .operations([ModelOperation::Read]),
                )
                .rule(AuthRule::public()),
        )
        .model(
            Model::new("Venue")
                .field("city", "String!")
                .field("capacity", "Int!")
                .timestamps(false)
                .index("byCity", "city", Some("capacity"), "venuesByCity")
                .rule(AuthRule::public()),
        )
        .sync(ConflictHandler::Automerge)
}

/// Relations of every kind, private access through IAM and OpenID Connect.
fn relations() -> GraphqlApi {
    GraphqlApi::new("TeamApi")
        .auth(AuthProvider::iam())
        .additional_auth(AuthProvider::openid_connect("https://login.example.com"))
        .model(
            Model::new("Member")
                .field("name", "String!")
                .has_one("profile", "Profile", "memberId")
                .has_many("tasks", "Task", "memberId")
                .rule(AuthRule::private().mode(AuthMode::Iam))
                .rule(AuthRule::private().mode(AuthMode::OpenIdConnect)),
        )
        .model(
            Model::new("Profile")
                .field("memberId", "ID")
                .field("bio", "String")
                .belongs_to("member", "Member", "memberId")
                .rule(AuthRule::private().mode(AuthMode::Iam)),
        )
        .model(
            Model::new("Task")
                .field("memberId", "ID!")
                .field("title", "String!")
                .field("done", "Boolean")
                .belongs_to("member", "Member", "memberId")
                .rule(AuthRule::private().mode(AuthMode::OpenIdConnect)),
        )
        .sync(ConflictHandler::Lambda(Value::parameter(
            "ConflictHandlerArn",
        )))
}

/// A Lambda authorizer, owners with OpenID Connect, and a field with rules of its own.
fn custom() -> GraphqlApi {
    use ModelOperation::*;
    GraphqlApi::new("VaultApi")
        .auth(AuthProvider::lambda(Value::parameter("AuthorizerArn")))
        .additional_auth(user_pool())
        .additional_auth(AuthProvider::iam())
        .model(
            Model::new("Document")
                .field("title", "String!")
                .field("owner", "String")
                .field("secret", "String")
                .rule(AuthRule::custom())
                .rule(AuthRule::owner("owner"))
                .rule(AuthRule::public().mode(AuthMode::Iam).operations([Read]))
                .field_rule("secret", AuthRule::owner("owner")),
        )
        .model(
            Model::new("AuditEntry")
                .field("action", "String!")
                .field("at", "AWSTimestamp!")
                .field("details", "AWSJSON")
                .rule(AuthRule::custom().operations([Create, Read])),
        )
        .sync(ConflictHandler::Automerge)
}

// ---- the models as Amplify SDL ----

fn provider(mode: AuthMode) -> &'static str {
    match mode {
        AuthMode::ApiKey => "apiKey",
        AuthMode::Iam => "iam",
        AuthMode::OpenIdConnect => "oidc",
        AuthMode::CognitoUserPools => "userPools",
        AuthMode::Lambda => "function",
    }
}

fn rules(rules: &[AuthRule]) -> String {
    let items: Vec<String> = rules
        .iter()
        .map(|r| {
            let who = match &r.kind {
                AuthRuleKind::Owner { field } => format!("allow: owner, ownerField: \"{field}\""),
                AuthRuleKind::Groups { groups } => format!(
                    "allow: groups, groups: [{}]",
                    groups
                        .iter()
                        .map(|g| format!("\"{g}\""))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                AuthRuleKind::GroupsField { field } => {
                    format!("allow: groups, groupsField: \"{field}\"")
                }
                other => format!("allow: {}", other.allow()),
            };
            let operations: Vec<&str> = r.operations.iter().map(|o| o.as_str()).collect();
            format!(
                "{{ {who}, provider: {}, operations: [{}] }}",
                provider(r.mode),
                operations.join(", ")
            )
        })
        .collect();
    format!("@auth(rules: [{}])", items.join(", "))
}

fn amplify_sdl(models: &[Model]) -> String {
    let mut sdl = String::new();
    for m in models {
        let timestamps = if m.timestamps {
            ""
        } else {
            "(timestamps: null)"
        };
        let auth = if m.rules.is_empty() {
            String::new()
        } else {
            format!(" {}", rules(&m.rules))
        };
        let _ = writeln!(sdl, "type {} @model{timestamps}{auth} {{", m.name);
        let primary = if m.key == "id" { "" } else { " @primaryKey" };
        let _ = writeln!(sdl, "  {}: ID!{primary}", m.key);
        for f in &m.fields {
            let mut directives = String::new();
            for index in m.indexes.iter().filter(|i| i.partition_key == f.name) {
                let sort = index
                    .sort_key
                    .as_ref()
                    .map_or(String::new(), |s| format!(", sortKeyFields: [\"{s}\"]"));
                let _ = write!(
                    directives,
                    " @index(name: \"{}\"{sort}, queryField: \"{}\")",
                    index.name, index.query
                );
            }
            if let Some(r) = &f.relation {
                let _ = write!(
                    directives,
                    " @{}(references: [\"{}\"])",
                    r.kind.directive(),
                    r.reference
                );
                debug_assert!(matches!(
                    r.kind,
                    RelationKind::HasMany | RelationKind::HasOne | RelationKind::BelongsTo
                ));
            }
            if !f.rules.is_empty() {
                let _ = write!(directives, " {}", rules(&f.rules));
            }
            let _ = writeln!(sdl, "  {}: {}{directives}", f.name, f.ty);
        }
        sdl.push_str("}\n\n");
    }
    sdl
}

// ---- reading and comparing schemas ----

#[derive(Debug, Default, PartialEq)]
struct Field {
    ty: String,
    args: BTreeMap<String, String>,
    directives: BTreeSet<String>,
}

#[derive(Debug, Default, PartialEq)]
struct Type {
    kind: &'static str,
    directives: BTreeSet<String>,
    fields: BTreeMap<String, Field>,
}

/// The types of a schema, without the prelude's scalars and directives.
fn summary(sdl: &str) -> BTreeMap<String, Type> {
    let schema = match Schema::builder()
        .parse(PRELUDE, "prelude.graphql")
        .parse(sdl, "schema.graphql")
        .build()
    {
        Ok(schema) => schema,
        Err(with_errors) => panic!("the schema does not parse: {}\n{sdl}", with_errors.errors),
    };
    let directives = |list: &apollo_compiler::ast::DirectiveList| -> BTreeSet<String> {
        list.iter()
            .filter(|d| d.name.starts_with("aws_") && d.name != "aws_subscribe")
            .map(|d| d.name.to_string())
            .collect()
    };
    let mut out = BTreeMap::new();
    for (name, ty) in &schema.types {
        if ty.is_built_in() || matches!(ty, ExtendedType::Scalar(_)) {
            continue;
        }
        let mut summary = Type::default();
        match ty {
            ExtendedType::Object(object) => {
                summary.kind = "type";
                summary.directives = object
                    .directives
                    .iter()
                    .filter(|d| d.name.starts_with("aws_"))
                    .map(|d| d.name.to_string())
                    .collect();
                for (field_name, field) in &object.fields {
                    summary.fields.insert(
                        field_name.to_string(),
                        Field {
                            ty: field.ty.to_string(),
                            args: field
                                .arguments
                                .iter()
                                .map(|a| (a.name.to_string(), a.ty.to_string()))
                                .collect(),
                            directives: directives(&field.directives),
                        },
                    );
                }
            }
            ExtendedType::InputObject(input) => {
                summary.kind = "input";
                for (field_name, field) in &input.fields {
                    summary.fields.insert(
                        field_name.to_string(),
                        Field {
                            ty: field.ty.to_string(),
                            ..Field::default()
                        },
                    );
                }
            }
            ExtendedType::Enum(e) => {
                summary.kind = "enum";
                for value in e.values.keys() {
                    summary.fields.insert(value.to_string(), Field::default());
                }
            }
            _ => summary.kind = "other",
        }
        out.insert(name.to_string(), summary);
    }
    out
}

fn set(s: &BTreeSet<String>) -> String {
    format!("[{}]", s.iter().cloned().collect::<Vec<_>>().join(" "))
}

/// Every difference, as `<type>: <what>`.
fn compare(ours: &BTreeMap<String, Type>, amplify: &BTreeMap<String, Type>) -> Vec<String> {
    let mut out = Vec::new();
    let names: BTreeSet<&String> = ours.keys().chain(amplify.keys()).collect();
    for name in names {
        let (Some(o), Some(a)) = (ours.get(name), amplify.get(name)) else {
            let side = if ours.contains_key(name) {
                "ours"
            } else {
                "amplify"
            };
            out.push(format!("{name}: only in {side}"));
            continue;
        };
        if o.kind != a.kind {
            out.push(format!("{name}: {} here, {} in amplify", o.kind, a.kind));
        }
        if o.directives != a.directives {
            out.push(format!(
                "{name}: directives {} here, {} in amplify",
                set(&o.directives),
                set(&a.directives)
            ));
        }
        let fields: BTreeSet<&String> = o.fields.keys().chain(a.fields.keys()).collect();
        for field in fields {
            let (Some(of), Some(af)) = (o.fields.get(field), a.fields.get(field)) else {
                let side = if o.fields.contains_key(field) {
                    "ours"
                } else {
                    "amplify"
                };
                out.push(format!("{name}: field {field} only in {side}"));
                continue;
            };
            if of.ty != af.ty {
                out.push(format!(
                    "{name}: field {field} is {} here, {} in amplify",
                    of.ty, af.ty
                ));
            }
            if of.args != af.args {
                out.push(format!(
                    "{name}: field {field} takes {:?} here, {:?} in amplify",
                    of.args, af.args
                ));
            }
            if of.directives != af.directives {
                out.push(format!(
                    "{name}: field {field} has directives {} here, {} in amplify",
                    set(&of.directives),
                    set(&af.directives)
                ));
            }
        }
    }
    out
}

/// What makes the resources syncable, as facts: the versioned data sources and their
/// `DeltaSyncConfig` TTLs, the resolvers' (or pipeline functions') `SyncConfig`, the delta
/// table's keys, time to live and stream. `resources` are every template's resources.
fn sync_facts<'a>(resources: impl Iterator<Item = &'a serde_json::Value>) -> BTreeSet<String> {
    let mut facts = BTreeSet::new();
    let mut versioned = 0;
    for r in resources {
        let p = &r["Properties"];
        match r["Type"].as_str().unwrap_or_default() {
            "AWS::AppSync::DataSource" if p["DynamoDBConfig"]["Versioned"] == true => {
                versioned += 1;
                let d = &p["DynamoDBConfig"]["DeltaSyncConfig"];
                facts.insert(format!(
                    "versioned data source: base table TTL {} min, delta TTL {} min",
                    d["BaseTableTTL"], d["DeltaSyncTableTTL"]
                ));
            }
            "AWS::AppSync::Resolver" | "AWS::AppSync::FunctionConfiguration"
                if p["SyncConfig"].is_object() =>
            {
                let c = &p["SyncConfig"];
                facts.insert(format!(
                    "sync config: {} {}{}",
                    c["ConflictDetection"],
                    c["ConflictHandler"],
                    if c["LambdaConflictHandlerConfig"].is_object() {
                        " with a handler function"
                    } else {
                        ""
                    }
                ));
            }
            "AWS::DynamoDB::Table" if p["KeySchema"][0]["AttributeName"] == "ds_pk" => {
                facts.insert(format!(
                    "delta table: keys {}, time to live {}, stream {}",
                    p["KeySchema"], p["TimeToLiveSpecification"], p["StreamSpecification"]
                ));
            }
            _ => {}
        }
    }
    facts.insert(format!("{versioned} versioned data sources"));
    facts
}

/// Every resolver's code parses as JavaScript (`node --check`; APPSYNC_JS is a subset).
fn check_resolver_syntax(name: &str, template: &workflow::core::template::Template) {
    let dir = std::env::temp_dir().join(format!("amplify-resolvers-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut checked = 0;
    for id in template.resource_ids() {
        let resource = template.resource(id).unwrap();
        let Some(code) = resource
            .get("Properties")
            .and_then(|p| p.get("Code"))
            .and_then(|c| c.as_str())
        else {
            continue;
        };
        let file = dir.join(format!("{id}.mjs"));
        std::fs::write(&file, code).unwrap();
        let output = Command::new("node")
            .arg("--check")
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{name}: the code of {id} does not parse:\n{}\n{code}",
            String::from_utf8_lossy(&output.stderr)
        );
        checked += 1;
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(checked > 0, "{name}: no resolver code");
}

/// The transformer's schema for `sdl`, with the API's modes (default first) and handler, and
/// its templates' resources.
fn transform(
    dir: &Path,
    sdl: &str,
    modes: &[AuthMode],
    handler: &ConflictHandler,
) -> (String, Vec<serde_json::Value>) {
    let modes: Vec<&str> = modes.iter().map(|m| m.as_str()).collect();
    let templates = std::env::temp_dir().join(format!(
        "amplify-templates-{}-{}.json",
        std::process::id(),
        handler.as_str()
    ));
    let mut child = Command::new("node")
        .arg(dir.join("transform.js"))
        .args(["--auth", &modes.join(","), "--conflict", handler.as_str()])
        .arg("--template")
        .arg(&templates)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(sdl.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "the transformer rejects the models:\n{}\n{sdl}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = std::fs::read_to_string(&templates).expect("the transformer's templates");
    let _ = std::fs::remove_file(&templates);
    let templates: serde_json::Value = serde_json::from_str(&text).unwrap();
    let resources = templates
        .as_object()
        .unwrap()
        .values()
        .filter_map(|t| t["Resources"].as_object())
        .flat_map(|r| r.values().cloned())
        .collect();
    (String::from_utf8(output.stdout).unwrap(), resources)
}

#[test]
fn our_schema_is_the_one_amplify_writes_for_the_same_models() {
    if Command::new("npm").arg("--version").output().is_err() {
        eprintln!(
            "note: skipping the Amplify transformer comparison: npm is not installed (it installs @aws-amplify/graphql-transformer)"
        );
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let install = Command::new(root.join("scripts/amplify-transformer.sh"))
        .status()
        .expect("scripts/amplify-transformer.sh runs");
    assert!(install.success(), "scripts/amplify-transformer.sh failed");
    let dir = root.join("tests/amplify-transformer");

    let sets = [
        ("order shop", order_shop()),
        ("blog", blog()),
        ("indexes", indexes()),
        ("relations", relations()),
        ("custom auth", custom()),
    ];
    let mut table = String::from(
        "| model set | models | types | fields | differences allowed | unexplained | sync facts equal |\n|---|---|---|---|---|---|---|\n",
    );
    let mut unexplained = Vec::new();
    let mut used = BTreeSet::new();
    let mut first = None;
    for (name, api) in &sets {
        assert_eq!(api.check(), Vec::new(), "{name} is valid");
        let handler = api.sync.clone().expect("sync on");
        let modes: Vec<AuthMode> = api.auth_providers().map(AuthProvider::mode).collect();
        let (schema, resources) = transform(&dir, &amplify_sdl(&api.models), &modes, &handler);
        let amplify = summary(&schema);
        let ours = summary(&api.expanded().schema);
        let template = App::new()
            .parameter(Parameter::string("UserPoolId"))
            .parameter(Parameter::string("AuthorizerArn"))
            .parameter(Parameter::string("ConflictHandlerArn"))
            .part(api.clone().validate().expect("valid"))
            .to_template()
            .unwrap();
        let ours_tree: serde_json::Value =
            serde_json::from_str(&template.to_json_string()).unwrap();
        let ours_resources = ours_tree["Resources"].as_object().unwrap().values();
        check_resolver_syntax(name, &template);
        let facts = sync_facts(resources.iter());
        assert_eq!(
            sync_facts(ours_resources),
            facts,
            "{name}: the sync resources differ from the transformer's"
        );
        let differences = compare(&ours, &amplify);
        let mut allowed = 0;
        let mut left = 0;
        for d in differences {
            match ALLOWED.iter().position(|(a, _)| *a == d) {
                Some(i) => {
                    allowed += 1;
                    used.insert(i);
                }
                None => {
                    left += 1;
                    unexplained.push(format!("{name}: {d}"));
                }
            }
        }
        let fields: usize = amplify.values().map(|t| t.fields.len()).sum();
        let _ = writeln!(
            table,
            "| {name} | {} | {} | {fields} | {allowed} | {left} | {} |",
            api.models.len(),
            amplify.len(),
            facts.len()
        );
        if first.is_none() {
            first = Some((api.clone(), amplify));
        }
    }
    println!("{table}");
    // The comparison can fail: the order shop without sync, or with its owner rule dropped,
    // is not what the transformer wrote.
    let (shop, amplify) = first.expect("a model set");
    let mut unsynced = shop.clone();
    unsynced.sync = None;
    let found = compare(&summary(&unsynced.expanded().schema), &amplify);
    assert!(
        found.contains(&"Order: field _version only in amplify".to_string()),
        "{found:?}"
    );
    assert!(
        found.contains(&"Query: field syncOrders only in amplify".to_string()),
        "{found:?}"
    );
    let mut ownerless = shop;
    ownerless.models[0].rules.remove(0);
    let found = compare(&summary(&ownerless.expanded().schema), &amplify);
    assert!(
        found
            .iter()
            .any(|d| d.starts_with("Subscription: field onCreateOrder takes")),
        "{found:?}"
    );
    for (i, (difference, reason)) in ALLOWED.iter().enumerate() {
        assert!(
            used.contains(&i),
            "the allowed difference `{difference}` ({reason}) no longer occurs: remove it"
        );
    }
    assert!(
        unexplained.is_empty(),
        "differences from Amplify's transformer, neither fixed nor listed in ALLOWED:\n{}",
        unexplained.join("\n")
    );
}
