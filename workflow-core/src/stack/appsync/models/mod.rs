//! The data declaration: model types become a whole GraphQL API, as `amplify add api` makes
//! it. A model has typed fields, a key, secondary indexes, relations (has-one, has-many,
//! belongs-to), `createdAt`/`updatedAt` timestamps and authorization rules per model and per
//! field (owner, multiple owners, static and dynamic groups, public, private, custom). The API
//! gets, per model, the type, `get`/`list` queries and a query per index, `create`/`update`/
//! `delete` mutations taking a `condition`, `onCreate`/`onUpdate`/`onDelete` subscriptions taking
//! a `filter`, one new DynamoDB table (on demand, point-in-time recovery, encryption, a global
//! secondary index per index) and `APPSYNC_JS` resolvers over it that enforce the rules.
//!
//! With [`GraphqlApi::sync`] the API is what an Amplify DataStore client syncs against:
//! `_version`, `_deleted` and `_lastChangedAt` on every model, `sync<Models>` queries, mutations
//! taking `_version`, a DeltaSync table, each table's data source versioned with its
//! `DeltaSyncConfig` and every resolver with its conflict handler (`SyncConfig`).
//!
//! The generated schema is compared with the one Amplify's own GraphQL transformer writes for
//! the same models (`tests/amplify_models.rs`): same types, fields, arguments and auth
//! directives, except the differences listed there with their reasons.
//!
//! ```
//! use workflow_core::appsync::{AuthProvider, AuthRule, ConflictHandler, GraphqlApi, Model, ModelOperation};
//! use workflow_core::template::Value;
//!
//! let api = GraphqlApi::new("ShopApi")
//!     .auth(AuthProvider::cognito_user_pools(Value::parameter("UserPoolId")))
//!     .additional_auth(AuthProvider::api_key())
//!     .model(
//!         Model::new("Order")
//!             .field("total", "Float!")
//!             .field("owner", "String")
//!             .rule(AuthRule::owner("owner"))
//!             .rule(AuthRule::public().operations([ModelOperation::Read])),
//!     )
//!     .sync(ConflictHandler::Automerge);
//! assert!(api.check().is_empty());
//! let schema = api.expanded().schema;
//! assert!(schema.contains("type Order @aws_api_key @aws_cognito_user_pools {"));
//! assert!(schema.contains(
//!     "  syncOrders(filter: ModelOrderFilterInput, limit: Int, nextToken: String, lastSync: AWSTimestamp): ModelOrderConnection"
//! ));
//! assert!(schema.contains(
//!     "  onCreateOrder(filter: ModelSubscriptionOrderFilterInput, owner: String): Order @aws_subscribe(mutations: [\"createOrder\"])"
//! ));
//!
//! // A rule for a mode the API does not configure is an error.
//! let wrong = GraphqlApi::new("ShopApi")
//!     .auth(AuthProvider::api_key())
//!     .model(Model::new("Order").rule(AuthRule::private()));
//! assert_eq!(wrong.check()[0].code(), "appsync-auth-unconfigured");
//! ```

mod access;
mod code;
mod sdl;

use std::collections::BTreeSet;

use super::GraphqlApi;
use super::model::{AuthMode, Code, DataSource, DataSourceKind, Resolver, TableIndex};
use crate::diagnostic::Diagnostic;
use crate::did_you_mean::closest;
use crate::rules::Rule;
use crate::template::Value;

/// The scalars a model field may have (GraphQL's and AppSync's).
pub const SCALARS: [&str; 14] = [
    "ID",
    "String",
    "Int",
    "Float",
    "Boolean",
    "AWSDate",
    "AWSTime",
    "AWSDateTime",
    "AWSTimestamp",
    "AWSEmail",
    "AWSJSON",
    "AWSURL",
    "AWSPhone",
    "AWSIPAddress",
];

/// The data source of the resolvers of fields with their own rules (they read their parent).
const FIELD_SOURCE: &str = "ModelFields";

/// What a model operation rule allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ModelOperation {
    Create,
    /// `get`, `list`, `sync`, index queries and subscriptions.
    Read,
    Update,
    Delete,
}

impl ModelOperation {
    pub const ALL: [ModelOperation; 4] = [
        ModelOperation::Create,
        ModelOperation::Read,
        ModelOperation::Update,
        ModelOperation::Delete,
    ];

    /// The word Amplify's `@auth` uses, e.g. `read`.
    pub fn as_str(self) -> &'static str {
        match self {
            ModelOperation::Create => "create",
            ModelOperation::Read => "read",
            ModelOperation::Update => "update",
            ModelOperation::Delete => "delete",
        }
    }
}

/// Who an authorization rule lets in.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AuthRuleKind {
    /// The signed-in user named in this field (`String`), or one of those it lists
    /// (`[String]`: multiple owners). The owner is `<sub>::<username>`.
    Owner { field: String },
    /// Members of these groups (the token's `cognito:groups` claim).
    Groups { groups: Vec<String> },
    /// Members of a group the item names in this field (`String` or `[String]`).
    GroupsField { field: String },
    /// Anyone with the API key (or, with `AWS_IAM`, any signed request).
    Public,
    /// Any signed-in user (of the user pool, the OpenID Connect provider or IAM).
    Private,
    /// Whoever the API's Lambda authorizer lets in.
    Custom,
}

impl AuthRuleKind {
    /// The word Amplify's `@auth(rules: [{ allow: … }])` uses.
    pub fn allow(&self) -> &'static str {
        match self {
            AuthRuleKind::Owner { .. } => "owner",
            AuthRuleKind::Groups { .. } | AuthRuleKind::GroupsField { .. } => "groups",
            AuthRuleKind::Public => "public",
            AuthRuleKind::Private => "private",
            AuthRuleKind::Custom => "custom",
        }
    }

    /// The modes this kind of rule may use, its default first.
    pub fn modes(&self) -> &'static [AuthMode] {
        match self {
            AuthRuleKind::Owner { .. }
            | AuthRuleKind::Groups { .. }
            | AuthRuleKind::GroupsField { .. } => {
                &[AuthMode::CognitoUserPools, AuthMode::OpenIdConnect]
            }
            AuthRuleKind::Public => &[AuthMode::ApiKey, AuthMode::Iam],
            AuthRuleKind::Private => &[
                AuthMode::CognitoUserPools,
                AuthMode::Iam,
                AuthMode::OpenIdConnect,
            ],
            AuthRuleKind::Custom => &[AuthMode::Lambda],
        }
    }
}

/// An authorization rule of a model or of one of its fields.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AuthRule {
    pub kind: AuthRuleKind,
    /// The auth mode the caller uses.
    pub mode: AuthMode,
    /// What it allows (all four by default).
    pub operations: Vec<ModelOperation>,
}

impl AuthRule {
    fn new(kind: AuthRuleKind) -> AuthRule {
        let mode = kind.modes()[0];
        AuthRule {
            kind,
            mode,
            operations: ModelOperation::ALL.to_vec(),
        }
    }

    /// The user named in `field` (a `String`, or a `[String]` of owners).
    pub fn owner(field: impl Into<String>) -> AuthRule {
        AuthRule::new(AuthRuleKind::Owner {
            field: field.into(),
        })
    }

    /// Members of any of `groups`.
    pub fn groups<S: Into<String>>(groups: impl IntoIterator<Item = S>) -> AuthRule {
        AuthRule::new(AuthRuleKind::Groups {
            groups: groups.into_iter().map(Into::into).collect(),
        })
    }

    /// Members of the group (or groups) the item names in `field`.
    pub fn groups_field(field: impl Into<String>) -> AuthRule {
        AuthRule::new(AuthRuleKind::GroupsField {
            field: field.into(),
        })
    }

    /// Anyone with the API key.
    pub fn public() -> AuthRule {
        AuthRule::new(AuthRuleKind::Public)
    }

    /// Any user signed in to the user pool.
    pub fn private() -> AuthRule {
        AuthRule::new(AuthRuleKind::Private)
    }

    /// Whoever the Lambda authorizer lets in.
    pub fn custom() -> AuthRule {
        AuthRule::new(AuthRuleKind::Custom)
    }

    /// The caller's auth mode, e.g. `AWS_IAM` for a public rule (unsigned guests of an identity
    /// pool) or `OPENID_CONNECT` for an owner rule.
    pub fn mode(mut self, mode: AuthMode) -> AuthRule {
        self.mode = mode;
        self
    }

    /// Restricts the rule to these operations.
    pub fn operations(mut self, operations: impl IntoIterator<Item = ModelOperation>) -> AuthRule {
        self.operations = operations.into_iter().collect();
        self
    }

    /// Whether the rule allows `operation`.
    pub fn allows(&self, operation: ModelOperation) -> bool {
        self.operations.contains(&operation)
    }
}

/// How a model field relates to another model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RelationKind {
    /// One item of the other model, whose reference field holds this item's key.
    HasOne,
    /// The items of the other model whose reference field holds this item's key.
    HasMany,
    /// The item of the other model whose key this model's reference field holds.
    BelongsTo,
}

impl RelationKind {
    /// Amplify's directive, e.g. `hasMany`.
    pub fn directive(self) -> &'static str {
        match self {
            RelationKind::HasOne => "hasOne",
            RelationKind::HasMany => "hasMany",
            RelationKind::BelongsTo => "belongsTo",
        }
    }
}

/// A relation field.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Relation {
    pub kind: RelationKind,
    /// The related model.
    pub model: String,
    /// The field holding the key: on the related model for has-one and has-many, on this model
    /// for belongs-to.
    pub reference: String,
}

/// A field of a model.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ModelField {
    pub name: String,
    /// The GraphQL type, e.g. `Float!`, `[String]`, `AWSDateTime`; for a relation, the related
    /// model (`Post`, or `[Post]` for has-many).
    pub ty: String,
    pub relation: Option<Relation>,
    /// Rules of this field alone; when there are some, the model's rules do not apply to it.
    pub rules: Vec<AuthRule>,
}

impl ModelField {
    /// The type without `!` and `[ ]`, e.g. `String` for `[String!]!`.
    pub fn base_type(&self) -> &str {
        self.ty.trim_matches(|c| matches!(c, '[' | ']' | '!'))
    }

    /// Whether the type is a list.
    pub fn is_list(&self) -> bool {
        self.ty.starts_with('[')
    }
}

/// A secondary index of a model (a DynamoDB global secondary index) and its query.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ModelIndex {
    pub name: String,
    pub partition_key: String,
    pub sort_key: Option<String>,
    /// The query field, e.g. `ordersByStatus`.
    pub query: String,
}

/// A model type of the data declaration.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Model {
    /// The GraphQL type name, e.g. `Order`.
    pub name: String,
    /// The key field (`id` by default), of type `ID!`.
    pub key: String,
    pub fields: Vec<ModelField>,
    pub indexes: Vec<ModelIndex>,
    /// The model's rules; none: only the API's default mode reaches it.
    pub rules: Vec<AuthRule>,
    /// `createdAt` and `updatedAt` (`AWSDateTime!`), set by the resolvers; on by default.
    pub timestamps: bool,
}

impl Model {
    /// A model named `name`, keyed by `id`, with timestamps.
    pub fn new(name: impl Into<String>) -> Model {
        Model {
            name: name.into(),
            key: "id".to_string(),
            fields: Vec::new(),
            indexes: Vec::new(),
            rules: Vec::new(),
            timestamps: true,
        }
    }

    /// Sets the key field.
    pub fn key(mut self, field: impl Into<String>) -> Model {
        self.key = field.into();
        self
    }

    /// Adds a field of GraphQL type `ty` (e.g. `"String"`, `"Float!"`, `"[String!]"`,
    /// `"AWSDateTime"`).
    pub fn field(mut self, name: impl Into<String>, ty: impl Into<String>) -> Model {
        self.fields.push(ModelField {
            name: name.into(),
            ty: ty.into(),
            relation: None,
            rules: Vec::new(),
        });
        self
    }

    fn relation(
        mut self,
        name: String,
        kind: RelationKind,
        model: String,
        reference: String,
    ) -> Model {
        let ty = match kind {
            RelationKind::HasMany => format!("[{model}]"),
            _ => model.clone(),
        };
        self.fields.push(ModelField {
            name,
            ty,
            relation: Some(Relation {
                kind,
                model,
                reference,
            }),
            rules: Vec::new(),
        });
        self
    }

    /// A has-many field: the items of `model` whose `reference` field holds this item's key.
    pub fn has_many(self, name: &str, model: &str, reference: &str) -> Model {
        self.relation(
            name.into(),
            RelationKind::HasMany,
            model.into(),
            reference.into(),
        )
    }

    /// A has-one field: the item of `model` whose `reference` field holds this item's key.
    pub fn has_one(self, name: &str, model: &str, reference: &str) -> Model {
        self.relation(
            name.into(),
            RelationKind::HasOne,
            model.into(),
            reference.into(),
        )
    }

    /// A belongs-to field: the item of `model` whose key this model's `reference` field holds.
    pub fn belongs_to(self, name: &str, model: &str, reference: &str) -> Model {
        self.relation(
            name.into(),
            RelationKind::BelongsTo,
            model.into(),
            reference.into(),
        )
    }

    /// Adds a secondary index on `partition_key` (and `sort_key`), queried by `query`.
    pub fn index(
        mut self,
        name: impl Into<String>,
        partition_key: impl Into<String>,
        sort_key: Option<&str>,
        query: impl Into<String>,
    ) -> Model {
        self.indexes.push(ModelIndex {
            name: name.into(),
            partition_key: partition_key.into(),
            sort_key: sort_key.map(str::to_string),
            query: query.into(),
        });
        self
    }

    /// Adds an authorization rule of the model.
    pub fn rule(mut self, rule: AuthRule) -> Model {
        self.rules.push(rule);
        self
    }

    /// Adds a rule of the field `field` alone (declared before).
    pub fn field_rule(mut self, field: &str, rule: AuthRule) -> Model {
        if let Some(f) = self.fields.iter_mut().find(|f| f.name == field) {
            f.rules.push(rule);
        }
        self
    }

    /// Turns the `createdAt`/`updatedAt` timestamps on or off.
    pub fn timestamps(mut self, on: bool) -> Model {
        self.timestamps = on;
        self
    }

    /// The plural of the name, for `list<Plural>` and the data source: `Orders`, `Categories`,
    /// `Addresses`.
    pub fn plural(&self) -> String {
        plural(&self.name)
    }

    /// The field named `name`.
    pub fn field_named(&self, name: &str) -> Option<&ModelField> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The global secondary index serving the has-many or has-one relation of another model
    /// through `reference`: a declared index on it, or `by<Reference>`.
    pub fn index_on(&self, reference: &str) -> String {
        self.indexes
            .iter()
            .find(|i| i.partition_key == reference)
            .map_or_else(
                || format!("by{}", upper_first(reference)),
                |i| i.name.clone(),
            )
    }
}

pub(crate) fn upper_first(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) => c.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

fn plural(name: &str) -> String {
    let consonant_y =
        name.ends_with('y') && !name[..name.len() - 1].ends_with(['a', 'e', 'i', 'o', 'u']);
    if consonant_y {
        format!("{}ies", &name[..name.len() - 1])
    } else if name.ends_with(['s', 'x', 'z']) || name.ends_with("ch") || name.ends_with("sh") {
        format!("{name}es")
    } else {
        format!("{name}s")
    }
}

/// How a conflicting write of an offline client is resolved.
#[derive(Debug, Clone, PartialEq)]
pub enum ConflictHandler {
    /// AppSync merges the two versions (lists grow, the server's scalars win).
    Automerge,
    /// The write is rejected; the client receives the server's version.
    OptimisticConcurrency,
    /// This Lambda function decides.
    Lambda(Value),
}

impl ConflictHandler {
    /// The name CloudFormation uses.
    pub fn as_str(&self) -> &'static str {
        match self {
            ConflictHandler::Automerge => "AUTOMERGE",
            ConflictHandler::OptimisticConcurrency => "OPTIMISTIC_CONCURRENCY",
            ConflictHandler::Lambda(_) => "LAMBDA",
        }
    }
}

impl GraphqlApi {
    /// An API of these model types alone; add the auth modes (and anything else) with the
    /// builder, and check it with [`GraphqlApi::validate`] as any other API.
    pub fn from_models(id: impl Into<String>, models: &[Model]) -> GraphqlApi {
        let mut api = GraphqlApi::new(id);
        api.models = models.to_vec();
        api
    }

    /// Adds a model type.
    pub fn model(mut self, model: Model) -> GraphqlApi {
        self.models.push(model);
        self
    }

    /// Turns sync on for the models, with this conflict handler.
    pub fn sync(mut self, handler: ConflictHandler) -> GraphqlApi {
        self.sync = Some(handler);
        self
    }

    /// The API with its models written out: their schema after the declared one, their tables'
    /// data sources and their resolvers after the declared ones. Without models, the API as it
    /// is. The auth directives depend on the default mode, which is why this happens once the
    /// whole API is declared.
    pub fn expanded(&self) -> GraphqlApi {
        let mut api = self.clone();
        if self.models.is_empty() {
            return api;
        }
        api.models.clear();
        let default = self.default_auth.as_ref().map(super::AuthProvider::mode);
        let generated = sdl::schema(&self.models, self.sync.is_some(), default);
        api.schema = if self.schema.trim().is_empty() {
            generated
        } else {
            format!("{}\n\n{generated}", self.schema.trim_end())
        };
        let mut field_rules = false;
        for model in &self.models {
            let mut indexes: Vec<TableIndex> = model
                .indexes
                .iter()
                .map(|i| TableIndex {
                    name: i.name.clone(),
                    partition_key: i.partition_key.clone(),
                    sort_key: i.sort_key.clone(),
                })
                .collect();
            for other in &self.models {
                for field in &other.fields {
                    let Some(relation) = &field.relation else {
                        continue;
                    };
                    let serves = relation.model == model.name
                        && relation.kind != RelationKind::BelongsTo
                        && !indexes
                            .iter()
                            .any(|i| i.partition_key == relation.reference);
                    if serves {
                        indexes.push(TableIndex {
                            name: model.index_on(&relation.reference),
                            partition_key: relation.reference.clone(),
                            sort_key: None,
                        });
                    }
                }
            }
            let source = DataSource {
                name: model.plural(),
                kind: DataSourceKind::Table {
                    partition_key: model.key.clone(),
                    indexes,
                    versioned: self.sync.is_some(),
                },
                description: Some(format!("The {} items", model.name)),
            };
            api.data_sources.push(source);
            for (field, text, data_source) in
                code::resolvers(model, &self.models, self.sync.is_some())
            {
                let mut resolver = Resolver::unit(&field, data_source).code(Code::js(text));
                resolver.sync = self.sync.clone();
                api.resolvers.push(resolver);
            }
            field_rules |= model.fields.iter().any(|f| !f.rules.is_empty());
        }
        if field_rules {
            api.data_sources.push(
                DataSource::none(FIELD_SOURCE)
                    .description("Resolves the fields that have rules of their own"),
            );
        }
        api
    }

    /// The diagnostics of the models: names, field types, relations, indexes and rules.
    pub(crate) fn check_models(&self, modes: &BTreeSet<AuthMode>, out: &mut Vec<Diagnostic>) {
        let names: Vec<&str> = self.models.iter().map(|m| m.name.as_str()).collect();
        let mut seen = BTreeSet::new();
        for model in &self.models {
            let pointer = format!("/models/{}", model.name);
            super::check_name(&model.name, "model", &pointer, out);
            if !seen.insert(model.name.as_str()) {
                out.push(
                    Diagnostic::new(
                        Rule::AppsyncDuplicateName,
                        super::location(&pointer, "models"),
                        format!("the model `{}` is declared twice", model.name),
                    )
                    .with_help("give each model its own name"),
                );
            }
            let mut fields = BTreeSet::new();
            for field in &model.fields {
                let at = format!("{pointer}/fields/{}", field.name);
                if field.name == model.key || !fields.insert(field.name.as_str()) {
                    out.push(
                        Diagnostic::new(
                            Rule::AppsyncDuplicateName,
                            super::location(&at, "models"),
                            format!("the model `{}` declares `{}` twice", model.name, field.name),
                        )
                        .with_help("declare each field once; the key field is declared by `key`"),
                    );
                }
                match &field.relation {
                    None => check_field_type(model, field, &at, out),
                    Some(relation) => {
                        check_relation(self, model, field, relation, &names, &at, out)
                    }
                }
                for (i, rule) in field.rules.iter().enumerate() {
                    check_rule(model, rule, &format!("{at}/rules/{i}"), modes, out);
                }
            }
            for index in &model.indexes {
                let at = format!("{pointer}/indexes/{}", index.name);
                for key in std::iter::once(&index.partition_key).chain(&index.sort_key) {
                    if key != &model.key && model.field_named(key).is_none() {
                        out.push(unknown_field(model, key, &at, "the index"));
                    }
                }
            }
            for (i, rule) in model.rules.iter().enumerate() {
                check_rule(model, rule, &format!("{pointer}/rules/{i}"), modes, out);
            }
        }
    }
}

fn check_field_type(model: &Model, field: &ModelField, at: &str, out: &mut Vec<Diagnostic>) {
    let base = field.base_type();
    let shape_ok = {
        let inner = field.ty.trim_end_matches('!');
        let inner = inner
            .strip_prefix('[')
            .and_then(|t| t.strip_suffix(']'))
            .unwrap_or(inner);
        inner.trim_end_matches('!') == base
    };
    if SCALARS.contains(&base) && shape_ok {
        return;
    }
    out.push(
        Diagnostic::new(
            Rule::AppsyncModelFieldType,
            super::location(at, "models"),
            format!(
                "the field `{}.{}` has the type `{}`, which is not a scalar",
                model.name, field.name, field.ty
            ),
        )
        .with_help(match closest(base, SCALARS) {
            Some(m) if shape_ok => format!("did you mean `{m}`?"),
            _ => "use a scalar (ID, String, Int, Float, Boolean, AWSDateTime, AWSJSON, …), optionally `[…]` and `!`; relate models with has_many, has_one or belongs_to".to_string(),
        }),
    );
}

fn check_relation(
    api: &GraphqlApi,
    model: &Model,
    field: &ModelField,
    relation: &Relation,
    names: &[&str],
    at: &str,
    out: &mut Vec<Diagnostic>,
) {
    let Some(target) = api.models.iter().find(|m| m.name == relation.model) else {
        out.push(
            Diagnostic::new(
                Rule::AppsyncModelRelation,
                super::location(&format!("{at}/model"), "models"),
                format!(
                    "`{}.{}` relates to `{}`, which is not a declared model",
                    model.name, field.name, relation.model
                ),
            )
            .with_help(match closest(&relation.model, names.iter().copied()) {
                Some(m) => format!("did you mean `{m}`?"),
                None => "declare the model too".to_string(),
            }),
        );
        return;
    };
    let holder = match relation.kind {
        RelationKind::BelongsTo => model,
        RelationKind::HasOne | RelationKind::HasMany => target,
    };
    if holder.field_named(&relation.reference).is_none() {
        out.push(unknown_field(
            holder,
            &relation.reference,
            &format!("{at}/reference"),
            &format!("the relation `{}.{}`", model.name, field.name),
        ));
    }
    // A relation by reference is declared on both sides, as Amplify requires: belongs-to
    // pairs with a has-one or has-many through the same reference field.
    let counterpart = target.fields.iter().any(|f| {
        f.relation.as_ref().is_some_and(|r| {
            // A relation to an undeclared model is reported already: it counts here.
            (r.model == model.name || !names.contains(&r.model.as_str()))
                && r.reference == relation.reference
                && (r.kind == RelationKind::BelongsTo) != (relation.kind == RelationKind::BelongsTo)
        })
    });
    if !counterpart {
        let wanted = match relation.kind {
            RelationKind::BelongsTo => "has_many or has_one",
            RelationKind::HasOne | RelationKind::HasMany => "belongs_to",
        };
        out.push(
            Diagnostic::new(
                Rule::AppsyncModelRelation,
                super::location(at, "models"),
                format!(
                    "`{}.{}` relates to `{}`, which has no relation back through `{}`",
                    model.name, field.name, relation.model, relation.reference
                ),
            )
            .with_help(format!(
                "declare the other side on `{}`: a {wanted} to `{}` through `{}`",
                relation.model, model.name, relation.reference
            )),
        );
    }
}

fn unknown_field(model: &Model, field: &str, at: &str, what: &str) -> Diagnostic {
    Diagnostic::new(
        Rule::AppsyncModelUnknownField,
        super::location(at, "models"),
        format!(
            "{what} names `{field}`, which is not a field of `{}`",
            model.name
        ),
    )
    .with_help(
        match closest(field, model.fields.iter().map(|f| f.name.as_str())) {
            Some(m) => format!("did you mean `{m}`?"),
            None => format!("declare `{field}` on `{}`", model.name),
        },
    )
}

fn check_rule(
    model: &Model,
    rule: &AuthRule,
    at: &str,
    modes: &BTreeSet<AuthMode>,
    out: &mut Vec<Diagnostic>,
) {
    let allow = rule.kind.allow();
    if !rule.kind.modes().contains(&rule.mode) {
        let allowed: Vec<&str> = rule.kind.modes().iter().map(|m| m.as_str()).collect();
        out.push(
            Diagnostic::new(
                Rule::AppsyncModelAuthRule,
                super::location(at, "models"),
                format!("a {allow} rule cannot use {}", rule.mode.as_str()),
            )
            .with_help(format!("use one of {}", allowed.join(", "))),
        );
    } else if !modes.contains(&rule.mode) {
        out.push(
            Diagnostic::new(
                Rule::AppsyncAuthUnconfigured,
                super::location(at, "models"),
                format!(
                    "a {allow} rule of `{}` opens it to {}, which the API does not configure",
                    model.name,
                    rule.mode.as_str()
                ),
            )
            .with_help(format!(
                "add {} as the default or an additional auth mode, or change the rule",
                rule.mode.as_str()
            )),
        );
    }
    match &rule.kind {
        AuthRuleKind::Owner { field } | AuthRuleKind::GroupsField { field } => {
            match model.field_named(field) {
                None => out.push(unknown_field(model, field, at, &format!("the {allow} rule"))),
                Some(f) if f.base_type() != "String" || f.relation.is_some() => out.push(
                    Diagnostic::new(
                        Rule::AppsyncModelAuthRule,
                        super::location(at, "models"),
                        format!(
                            "the {allow} rule names `{}.{field}`, of type `{}`, not `String` or `[String]`",
                            model.name, f.ty
                        ),
                    )
                    .with_help("the field holds user or group names: give it the type String or [String]"),
                ),
                Some(_) => {}
            }
        }
        AuthRuleKind::Groups { groups } if groups.is_empty() => out.push(
            Diagnostic::new(
                Rule::AppsyncModelAuthRule,
                super::location(at, "models"),
                "the groups rule names no group",
            )
            .with_help("list at least one group"),
        ),
        _ => {}
    }
    if rule.operations.is_empty() {
        out.push(
            Diagnostic::new(
                Rule::AppsyncModelAuthRule,
                super::location(at, "models"),
                format!("the {allow} rule of `{}` allows no operation", model.name),
            )
            .with_help("list some of create, read, update, delete, or remove the rule"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::plural;

    #[test]
    fn plurals_follow_english_spelling() {
        let words = [
            "Order", "Category", "Address", "Day", "Box", "Match", "Meta",
        ];
        let plurals: Vec<String> = words.iter().map(|w| plural(w)).collect();
        assert_eq!(
            plurals,
            [
                "Orders",
                "Categories",
                "Addresses",
                "Days",
                "Boxes",
                "Matches",
                "Metas"
            ]
        );
    }
}
