//! A validated API as resources of a stack: the API, its schema, key, data sources with their
//! least-privilege roles, functions, resolvers, cache and domain.

use super::model::{
    AuthProvider, Code, DataSource, DataSourceKind, DefaultAction, KeyExpiry, Resolver,
    ResolverKind, TableAccess, TableIndex,
};
use super::models::ConflictHandler;
use super::{GraphqlApi, SCHEMA_FILE, ValidatedApi};
use crate::did_you_mean::closest;
use crate::template::render::{policy_document, role_properties};
use crate::template::{StackNames, StackPart, TemplateError, Tree, Value};

const JS_RUNTIME_VERSION: &str = "1.0.0";
const VTL_FUNCTION_VERSION: &str = "2018-05-29";

/// The item actions of a read-write table; the first four are the reads.
const READ_WRITE: [&str; 9] = [
    "dynamodb:GetItem",
    "dynamodb:BatchGetItem",
    "dynamodb:Query",
    "dynamodb:Scan",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:BatchWriteItem",
    "dynamodb:ConditionCheckItem",
];

/// How long AppSync keeps changes in the delta table, and deleted items in a base table, in
/// minutes (Amplify's values: 30 minutes and 30 days).
const DELTA_SYNC_TTL_MINUTES: u32 = 30;
const BASE_TABLE_TTL_MINUTES: u32 = 43_200;

fn key_schema(partition_key: &str, sort_key: Option<&str>) -> Tree {
    let mut keys = vec![Tree::object([
        ("AttributeName", Tree::from(partition_key)),
        ("KeyType", Tree::from("HASH")),
    ])];
    if let Some(sort) = sort_key {
        keys.push(Tree::object([
            ("AttributeName", Tree::from(sort)),
            ("KeyType", Tree::from("RANGE")),
        ]));
    }
    Tree::Array(keys)
}

/// Whether a table's items expire (through `_ttl`).
#[derive(PartialEq)]
enum Expiry {
    Never,
    /// A versioned table: AppSync expires deleted items.
    Versioned,
    /// The delta table: changes expire, and are also a stream (as Amplify makes it).
    DeltaSync,
}

/// An on-demand table with point-in-time recovery and server-side encryption, its string
/// keys, its global secondary indexes and, when items expire, time to live on `_ttl`.
fn table(
    partition_key: &str,
    sort_key: Option<&str>,
    indexes: &[TableIndex],
    expiry: Expiry,
) -> Tree {
    let mut attributes: Vec<&str> = vec![partition_key];
    attributes.extend(sort_key);
    for index in indexes {
        attributes.push(&index.partition_key);
        attributes.extend(index.sort_key.as_deref());
    }
    let mut seen = std::collections::BTreeSet::new();
    attributes.retain(|a| seen.insert(*a));
    let mut properties = vec![
        ("BillingMode", Tree::from("PAY_PER_REQUEST")),
        (
            "AttributeDefinitions",
            Tree::Array(
                attributes
                    .iter()
                    .map(|a| {
                        Tree::object([
                            ("AttributeName", Tree::from(*a)),
                            ("AttributeType", Tree::from("S")),
                        ])
                    })
                    .collect(),
            ),
        ),
        ("KeySchema", key_schema(partition_key, sort_key)),
    ];
    if !indexes.is_empty() {
        properties.push((
            "GlobalSecondaryIndexes",
            Tree::Array(
                indexes
                    .iter()
                    .map(|i| {
                        Tree::object([
                            ("IndexName", Tree::from(i.name.as_str())),
                            (
                                "KeySchema",
                                key_schema(&i.partition_key, i.sort_key.as_deref()),
                            ),
                            (
                                "Projection",
                                Tree::object([("ProjectionType", Tree::from("ALL"))]),
                            ),
                        ])
                    })
                    .collect(),
            ),
        ));
    }
    properties.push((
        "PointInTimeRecoverySpecification",
        Tree::object([("PointInTimeRecoveryEnabled", Tree::Bool(true))]),
    ));
    properties.push((
        "SSESpecification",
        Tree::object([("SSEEnabled", Tree::Bool(true))]),
    ));
    if expiry == Expiry::DeltaSync {
        properties.push((
            "StreamSpecification",
            Tree::object([("StreamViewType", Tree::from("NEW_AND_OLD_IMAGES"))]),
        ));
    }
    if expiry != Expiry::Never {
        properties.push((
            "TimeToLiveSpecification",
            Tree::object([
                ("AttributeName", Tree::from("_ttl")),
                ("Enabled", Tree::Bool(true)),
            ]),
        ));
    }
    resource("AWS::DynamoDB::Table", properties)
}

fn is_versioned(kind: &DataSourceKind) -> bool {
    matches!(
        kind,
        DataSourceKind::Table {
            versioned: true,
            ..
        }
    )
}

/// The logical ids of the API's resources, in template order.
struct Ids<'a> {
    api: &'a GraphqlApi,
}

impl Ids<'_> {
    fn schema(&self) -> String {
        format!("{}Schema", self.api.id)
    }
    fn api_key(&self) -> String {
        format!("{}ApiKey", self.api.id)
    }
    fn authorizer_permission(&self) -> String {
        format!("{}AuthorizerPermission", self.api.id)
    }
    fn delta_sync_table(&self) -> String {
        format!("{}DeltaSyncTable", self.api.id)
    }
    fn table(&self, source: &DataSource) -> String {
        format!("{}{}Table", self.api.id, source.name)
    }
    fn role(&self, source: &DataSource) -> String {
        format!("{}{}Role", self.api.id, source.name)
    }
    fn data_source(&self, name: &str) -> String {
        format!("{}{}DataSource", self.api.id, name)
    }
    fn function(&self, name: &str) -> String {
        format!("{}{}Function", self.api.id, name)
    }
    fn resolver(&self, resolver: &Resolver) -> String {
        format!(
            "{}{}{}Resolver",
            self.api.id,
            id_part(&resolver.type_name),
            id_part(&resolver.field_name)
        )
    }
    fn cache(&self) -> String {
        format!("{}Cache", self.api.id)
    }
    fn domain(&self) -> String {
        format!("{}Domain", self.api.id)
    }
    fn domain_association(&self) -> String {
        format!("{}DomainAssociation", self.api.id)
    }

    fn all(&self) -> Vec<String> {
        let api = self.api;
        let mut ids = vec![api.id.clone(), self.schema()];
        if api
            .auth_providers()
            .any(|p| matches!(p, AuthProvider::ApiKey { .. }))
        {
            ids.push(self.api_key());
        }
        if api
            .auth_providers()
            .any(|p| matches!(p, AuthProvider::Lambda { .. }))
        {
            ids.push(self.authorizer_permission());
        }
        if api.data_sources.iter().any(|s| is_versioned(&s.kind)) {
            ids.push(self.delta_sync_table());
        }
        for source in &api.data_sources {
            if matches!(source.kind, DataSourceKind::Table { .. }) {
                ids.push(self.table(source));
            }
            if has_role(&source.kind) {
                ids.push(self.role(source));
            }
            ids.push(self.data_source(&source.name));
        }
        ids.extend(api.functions.iter().map(|f| self.function(&f.name)));
        ids.extend(api.resolvers.iter().map(|r| self.resolver(r)));
        if api.cache.is_some() {
            ids.push(self.cache());
        }
        if api.domain.is_some() {
            ids.push(self.domain());
            ids.push(self.domain_association());
        }
        ids
    }
}

/// `orderStatus` → `OrderStatus`, without characters a logical id cannot hold.
fn id_part(name: &str) -> String {
    let clean: String = name.chars().filter(char::is_ascii_alphanumeric).collect();
    let mut chars = clean.chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

fn has_role(kind: &DataSourceKind) -> bool {
    !matches!(kind, DataSourceKind::Http { .. } | DataSourceKind::None)
}

/// The environment variable (`ctx.env.<NAME>`) holding the ARN of a workflow data source's
/// state machine.
pub(crate) fn state_machine_env(source: &str) -> String {
    format!("{source}StateMachineArn")
}

impl StackPart for ValidatedApi {
    fn name(&self) -> String {
        format!("GraphQL API `{}`", self.api.id)
    }

    fn logical_ids(&self) -> Vec<String> {
        Ids { api: &self.api }.all()
    }

    fn resources(&self, stack: &StackNames) -> Result<Vec<(String, Tree)>, TemplateError> {
        Renderer {
            api: &self.api,
            ids: Ids { api: &self.api },
            stack,
            context: self.name(),
        }
        .render()
    }

    fn files(&self) -> Vec<(String, String)> {
        let mut text = self.api.schema.clone();
        if !text.ends_with('\n') {
            text.push('\n');
        }
        vec![(SCHEMA_FILE.to_string(), text)]
    }
}

struct Renderer<'a> {
    api: &'a GraphqlApi,
    ids: Ids<'a>,
    stack: &'a StackNames<'a>,
    context: String,
}

fn resource(type_name: &str, properties: Vec<(&str, Tree)>) -> Tree {
    Tree::object([
        ("Type", Tree::from(type_name)),
        ("Properties", Tree::object(properties)),
    ])
}

fn statement(sid: &str, actions: &[&str], resources: Vec<Tree>) -> Tree {
    Tree::object([
        ("Sid", Tree::from(sid)),
        ("Effect", Tree::from("Allow")),
        (
            "Action",
            Tree::Array(actions.iter().map(|a| Tree::from(*a)).collect()),
        ),
        ("Resource", Tree::Array(resources)),
    ])
}

/// `prefix` + `value` + `suffix` as one template string: `prefix` and `suffix` are `Fn::Sub`
/// texts (`${AWS::Region}` …), `value` any template value.
fn joined(prefix: &str, value: &Value, suffix: &str) -> Tree {
    match value {
        Value::Literal(text) => {
            Tree::sub(&format!("{prefix}{}{suffix}", text.replace("${", "${!")))
        }
        Value::Ref(name) => Tree::sub(&format!("{prefix}${{{name}}}{suffix}")),
        Value::GetAtt(id, attribute) => {
            Tree::sub(&format!("{prefix}${{{id}.{attribute}}}{suffix}"))
        }
        Value::Sub(_) | Value::Intrinsic(_) => {
            let mut parts = Vec::new();
            if !prefix.is_empty() {
                parts.push(Tree::sub(prefix));
            }
            parts.push(value.to_tree());
            if !suffix.is_empty() {
                parts.push(Tree::sub(suffix));
            }
            Tree::object([(
                "Fn::Join",
                Tree::Array(vec![Tree::from(""), Tree::Array(parts)]),
            )])
        }
    }
}

impl Renderer<'_> {
    fn value(&self, value: &Value) -> Result<Tree, TemplateError> {
        self.stack.check_value(&self.context, value)?;
        Ok(self.stack.value(value))
    }

    fn api_id(&self) -> Tree {
        Tree::get_att(&self.api.id, "ApiId")
    }

    fn render(&self) -> Result<Vec<(String, Tree)>, TemplateError> {
        let api = self.api;
        let mut out = vec![(api.id.clone(), self.graphql_api()?)];
        out.push((
            self.ids.schema(),
            resource(
                "AWS::AppSync::GraphQLSchema",
                vec![
                    ("ApiId", self.api_id()),
                    ("Definition", Tree::from(api.schema.as_str())),
                ],
            ),
        ));
        if let Some(expiry) = api.auth_providers().find_map(|p| match p {
            AuthProvider::ApiKey { expiry } => Some(expiry),
            _ => None,
        }) {
            let mut properties = vec![
                ("ApiId", self.api_id()),
                ("Description", Tree::from(format!("API key of {}", api.id))),
            ];
            if let KeyExpiry::Days {
                days,
                from_unix_seconds,
            } = expiry
            {
                let expires = from_unix_seconds + u64::from(*days) * 86_400;
                properties.push(("Expires", Tree::Number(expires.to_string())));
            }
            out.push((
                self.ids.api_key(),
                resource("AWS::AppSync::ApiKey", properties),
            ));
        }
        if let Some(function_arn) = api.auth_providers().find_map(|p| match p {
            AuthProvider::Lambda { function_arn, .. } => Some(function_arn),
            _ => None,
        }) {
            out.push((
                self.ids.authorizer_permission(),
                resource(
                    "AWS::Lambda::Permission",
                    vec![
                        ("Action", Tree::from("lambda:InvokeFunction")),
                        ("FunctionName", self.value(function_arn)?),
                        ("Principal", Tree::from("appsync.amazonaws.com")),
                        ("SourceArn", Tree::get_att(&api.id, "Arn")),
                    ],
                ),
            ));
        }
        if api.data_sources.iter().any(|s| is_versioned(&s.kind)) {
            // AppSync's delta table: changes keyed by ds_pk/ds_sk, expiring through `_ttl`.
            out.push((
                self.ids.delta_sync_table(),
                table("ds_pk", Some("ds_sk"), &[], Expiry::DeltaSync),
            ));
        }
        for source in &api.data_sources {
            if let DataSourceKind::Table {
                partition_key,
                indexes,
                versioned,
            } = &source.kind
            {
                out.push((
                    self.ids.table(source),
                    table(
                        partition_key,
                        None,
                        indexes,
                        if *versioned {
                            Expiry::Versioned
                        } else {
                            Expiry::Never
                        },
                    ),
                ));
            }
            if let Some(role) = self.role(source)? {
                out.push((self.ids.role(source), role));
            }
            out.push((
                self.ids.data_source(&source.name),
                self.data_source(source)?,
            ));
        }
        for function in &api.functions {
            let mut properties = vec![
                ("ApiId", self.api_id()),
                ("Name", Tree::from(function.name.as_str())),
                (
                    "DataSourceName",
                    Tree::get_att(&self.ids.data_source(&function.data_source), "Name"),
                ),
            ];
            if let Some(text) = &function.description {
                properties.push(("Description", Tree::from(text.as_str())));
            }
            properties.extend(code_properties(&function.code, true));
            out.push((
                self.ids.function(&function.name),
                resource("AWS::AppSync::FunctionConfiguration", properties),
            ));
        }
        for resolver in &api.resolvers {
            out.push((self.ids.resolver(resolver), self.resolver(resolver)?));
        }
        if let Some(cache) = &api.cache {
            out.push((
                self.ids.cache(),
                resource(
                    "AWS::AppSync::ApiCache",
                    vec![
                        ("ApiId", self.api_id()),
                        ("Type", Tree::from(cache.instance_type.as_str())),
                        ("Ttl", Tree::from(cache.ttl_seconds)),
                        (
                            "ApiCachingBehavior",
                            Tree::from(if cache.full_request {
                                "FULL_REQUEST_CACHING"
                            } else {
                                "PER_RESOLVER_CACHING"
                            }),
                        ),
                        ("AtRestEncryptionEnabled", Tree::Bool(true)),
                        ("TransitEncryptionEnabled", Tree::Bool(true)),
                    ],
                ),
            ));
        }
        if let Some(domain) = &api.domain {
            out.push((
                self.ids.domain(),
                resource(
                    "AWS::AppSync::DomainName",
                    vec![
                        ("DomainName", Tree::from(domain.domain_name.as_str())),
                        ("CertificateArn", self.value(&domain.certificate_arn)?),
                        (
                            "Description",
                            Tree::from(format!("Custom domain of {}", api.id)),
                        ),
                    ],
                ),
            ));
            out.push((
                self.ids.domain_association(),
                resource(
                    "AWS::AppSync::DomainNameApiAssociation",
                    vec![
                        (
                            "DomainName",
                            Tree::get_att(&self.ids.domain(), "DomainName"),
                        ),
                        ("ApiId", self.api_id()),
                    ],
                ),
            ));
        }
        Ok(out)
    }

    fn graphql_api(&self) -> Result<Tree, TemplateError> {
        let api = self.api;
        let name = match &api.name {
            Some(name) => self.value(name)?,
            None => Tree::sub(&format!("${{AWS::StackName}}-{}", api.id)),
        };
        let mut properties = vec![("Name", name)];
        if let Some(default) = &api.default_auth {
            properties.push(("AuthenticationType", Tree::from(default.mode().as_str())));
            properties.extend(self.auth_config(default, true)?);
        }
        if !api.additional_auth.is_empty() {
            let mut providers = Vec::new();
            for provider in &api.additional_auth {
                let mut members =
                    vec![("AuthenticationType", Tree::from(provider.mode().as_str()))];
                members.extend(self.auth_config(provider, false)?);
                providers.push(Tree::object(members));
            }
            properties.push(("AdditionalAuthenticationProviders", Tree::Array(providers)));
        }
        let mut environment = Vec::new();
        for source in &api.data_sources {
            if let DataSourceKind::Workflow { state_machine } = &source.kind {
                environment.push((
                    state_machine_env(&source.name),
                    self.state_machine_arn(&source.name, state_machine)?,
                ));
            }
        }
        if !environment.is_empty() {
            properties.push(("EnvironmentVariables", Tree::Object(environment)));
        }
        if api.xray {
            properties.push(("XrayEnabled", Tree::Bool(true)));
        }
        Ok(resource("AWS::AppSync::GraphQLApi", properties))
    }

    fn auth_config(
        &self,
        provider: &AuthProvider,
        is_default: bool,
    ) -> Result<Vec<(&'static str, Tree)>, TemplateError> {
        Ok(match provider {
            AuthProvider::ApiKey { .. } | AuthProvider::Iam => Vec::new(),
            AuthProvider::OpenIdConnect {
                issuer,
                client_id,
                issued_at_ttl_ms,
                auth_ttl_ms,
            } => {
                let mut members =
                    vec![("Issuer", Tree::from(issuer.as_deref().unwrap_or_default()))];
                if let Some(id) = client_id {
                    members.push(("ClientId", Tree::from(id.as_str())));
                }
                if let Some(ttl) = issued_at_ttl_ms {
                    members.push(("IatTTL", Tree::Number(ttl.to_string())));
                }
                if let Some(ttl) = auth_ttl_ms {
                    members.push(("AuthTTL", Tree::Number(ttl.to_string())));
                }
                vec![("OpenIDConnectConfig", Tree::object(members))]
            }
            AuthProvider::CognitoUserPools {
                user_pool_id,
                app_id_client_regex,
                default_action,
            } => {
                let mut members = vec![
                    ("UserPoolId", self.value(user_pool_id)?),
                    ("AwsRegion", Tree::reference("AWS::Region")),
                ];
                if let Some(regex) = app_id_client_regex {
                    members.push(("AppIdClientRegex", Tree::from(regex.as_str())));
                }
                if is_default {
                    members.push((
                        "DefaultAction",
                        Tree::from(match default_action {
                            DefaultAction::Allow => "ALLOW",
                            DefaultAction::Deny => "DENY",
                        }),
                    ));
                }
                vec![("UserPoolConfig", Tree::object(members))]
            }
            AuthProvider::Lambda {
                function_arn,
                result_ttl_seconds,
                identity_validation_expression,
            } => {
                let mut members = vec![("AuthorizerUri", self.value(function_arn)?)];
                if let Some(ttl) = result_ttl_seconds {
                    members.push(("AuthorizerResultTtlInSeconds", Tree::from(*ttl)));
                }
                if let Some(expression) = identity_validation_expression {
                    members.push((
                        "IdentityValidationExpression",
                        Tree::from(expression.as_str()),
                    ));
                }
                vec![("LambdaAuthorizerConfig", Tree::object(members))]
            }
        })
    }

    fn state_machine_arn(&self, source: &str, machine: &str) -> Result<Tree, TemplateError> {
        self.stack.state_machine_arn(machine).ok_or_else(|| {
            let machines: Vec<String> = self
                .stack
                .state_machines()
                .into_iter()
                .map(str::to_string)
                .collect();
            let hint = match closest(machine, machines.iter().map(String::as_str)) {
                Some(m) => format!(" (did you mean `{m}`?)"),
                None => String::new(),
            };
            TemplateError::Part {
                part: self.context.clone(),
                reason: format!(
                    "the data source `{source}` starts `{machine}`, which is not a state machine of the stack{hint}"
                ),
            }
        })
    }

    /// The data source's service role, with exactly the statements its kind needs.
    fn role(&self, source: &DataSource) -> Result<Option<Tree>, TemplateError> {
        let statements = match &source.kind {
            DataSourceKind::Http { .. } | DataSourceKind::None => return Ok(None),
            DataSourceKind::DynamoDb { table_name, access } => {
                self.stack.check_value(&self.context, table_name)?;
                let prefix =
                    "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/";
                let actions: &[&str] = match access {
                    TableAccess::ReadOnly => &READ_WRITE[..4],
                    TableAccess::ReadWrite => &READ_WRITE,
                };
                vec![statement(
                    "TableItems",
                    actions,
                    vec![
                        joined(prefix, table_name, ""),
                        joined(prefix, table_name, "/index/*"),
                    ],
                )]
            }
            DataSourceKind::Table { versioned, .. } => {
                let table = self.ids.table(source);
                let mut statements = vec![statement(
                    "TableItems",
                    &READ_WRITE,
                    vec![
                        Tree::get_att(&table, "Arn"),
                        Tree::sub(&format!("${{{table}.Arn}}/index/*")),
                    ],
                )];
                if *versioned {
                    let delta = self.ids.delta_sync_table();
                    statements.push(statement(
                        "DeltaSyncItems",
                        &READ_WRITE,
                        vec![
                            Tree::get_att(&delta, "Arn"),
                            Tree::sub(&format!("${{{delta}.Arn}}/index/*")),
                        ],
                    ));
                }
                // AppSync calls a Lambda conflict handler with the data source's role.
                let mut handlers: Vec<&Value> = Vec::new();
                for resolver in &self.api.resolvers {
                    let on_source = matches!(&resolver.kind, ResolverKind::Unit { data_source } if *data_source == source.name);
                    if let (true, Some(ConflictHandler::Lambda(arn))) = (on_source, &resolver.sync)
                        && !handlers.contains(&arn)
                    {
                        handlers.push(arn);
                    }
                }
                if !handlers.is_empty() {
                    let mut resources = Vec::new();
                    for arn in handlers {
                        resources.push(self.value(arn)?);
                    }
                    statements.push(statement(
                        "ConflictHandler",
                        &["lambda:InvokeFunction"],
                        resources,
                    ));
                }
                statements
            }
            DataSourceKind::Lambda { function_arn } => {
                self.stack.check_value(&self.context, function_arn)?;
                vec![statement(
                    "InvokeFunction",
                    &["lambda:InvokeFunction"],
                    vec![joined("", function_arn, ""), joined("", function_arn, ":*")],
                )]
            }
            DataSourceKind::Rds {
                cluster_arn,
                secret_arn,
                ..
            } => vec![
                statement(
                    "DataApi",
                    &[
                        "rds-data:ExecuteStatement",
                        "rds-data:BatchExecuteStatement",
                        "rds-data:BeginTransaction",
                        "rds-data:CommitTransaction",
                        "rds-data:RollbackTransaction",
                    ],
                    vec![self.value(cluster_arn)?],
                ),
                statement(
                    "ReadSecret",
                    &["secretsmanager:GetSecretValue"],
                    vec![self.value(secret_arn)?],
                ),
            ],
            DataSourceKind::OpenSearch { domain_arn, .. } => {
                self.stack.check_value(&self.context, domain_arn)?;
                vec![statement(
                    "DomainHttp",
                    &[
                        "es:ESHttpDelete",
                        "es:ESHttpGet",
                        "es:ESHttpHead",
                        "es:ESHttpPost",
                        "es:ESHttpPut",
                    ],
                    vec![joined("", domain_arn, "/*")],
                )]
            }
            DataSourceKind::EventBridge { event_bus_arn } => vec![statement(
                "PutEvents",
                &["events:PutEvents"],
                vec![self.value(event_bus_arn)?],
            )],
            DataSourceKind::Workflow { state_machine } => vec![statement(
                "StartExecution",
                &["states:StartExecution"],
                vec![self.state_machine_arn(&source.name, state_machine)?],
            )],
        };
        let mut role = role_properties(
            &format!(
                "Lets AppSync API {} reach its data source {}",
                self.api.id, source.name
            ),
            "appsync.amazonaws.com",
        );
        role.put(
            "Policies",
            Tree::Array(vec![Tree::object([
                ("PolicyName", Tree::from(format!("{}Access", source.name))),
                ("PolicyDocument", policy_document(statements)),
            ])]),
        );
        Ok(Some(Tree::object([
            ("Type", Tree::from("AWS::IAM::Role")),
            ("Properties", role.done()),
        ])))
    }

    fn data_source(&self, source: &DataSource) -> Result<Tree, TemplateError> {
        let mut properties = vec![
            ("ApiId", self.api_id()),
            ("Name", Tree::from(source.name.as_str())),
            ("Type", Tree::from(source.kind.type_name())),
        ];
        if let Some(text) = &source.description {
            properties.push(("Description", Tree::from(text.as_str())));
        }
        if has_role(&source.kind) {
            properties.push((
                "ServiceRoleArn",
                Tree::get_att(&self.ids.role(source), "Arn"),
            ));
        }
        let region = || Tree::reference("AWS::Region");
        match &source.kind {
            DataSourceKind::DynamoDb { table_name, .. } => properties.push((
                "DynamoDBConfig",
                Tree::object([
                    ("TableName", self.value(table_name)?),
                    ("AwsRegion", region()),
                ]),
            )),
            DataSourceKind::Table { versioned, .. } => {
                let mut config = vec![
                    ("TableName", Tree::reference(&self.ids.table(source))),
                    ("AwsRegion", region()),
                ];
                if *versioned {
                    config.push(("Versioned", Tree::Bool(true)));
                    config.push((
                        "DeltaSyncConfig",
                        Tree::object([
                            (
                                "BaseTableTTL",
                                Tree::from(BASE_TABLE_TTL_MINUTES.to_string()),
                            ),
                            (
                                "DeltaSyncTableName",
                                Tree::reference(&self.ids.delta_sync_table()),
                            ),
                            (
                                "DeltaSyncTableTTL",
                                Tree::from(DELTA_SYNC_TTL_MINUTES.to_string()),
                            ),
                        ]),
                    ));
                }
                properties.push(("DynamoDBConfig", Tree::object(config)));
            }
            DataSourceKind::Lambda { function_arn } => properties.push((
                "LambdaConfig",
                Tree::object([("LambdaFunctionArn", self.value(function_arn)?)]),
            )),
            DataSourceKind::Http { endpoint } => properties.push((
                "HttpConfig",
                Tree::object([("Endpoint", self.value(endpoint)?)]),
            )),
            DataSourceKind::Rds {
                cluster_arn,
                secret_arn,
                database,
            } => {
                let mut members = vec![
                    ("AwsRegion", region()),
                    ("DbClusterIdentifier", self.value(cluster_arn)?),
                    ("AwsSecretStoreArn", self.value(secret_arn)?),
                ];
                if let Some(name) = database {
                    members.push(("DatabaseName", Tree::from(name.as_str())));
                }
                properties.push((
                    "RelationalDatabaseConfig",
                    Tree::object([
                        (
                            "RelationalDatabaseSourceType",
                            Tree::from("RDS_HTTP_ENDPOINT"),
                        ),
                        ("RdsHttpEndpointConfig", Tree::object(members)),
                    ]),
                ));
            }
            DataSourceKind::OpenSearch { endpoint, .. } => properties.push((
                "OpenSearchServiceConfig",
                Tree::object([("AwsRegion", region()), ("Endpoint", self.value(endpoint)?)]),
            )),
            DataSourceKind::EventBridge { event_bus_arn } => properties.push((
                "EventBridgeConfig",
                Tree::object([("EventBusArn", self.value(event_bus_arn)?)]),
            )),
            DataSourceKind::None => {}
            DataSourceKind::Workflow { .. } => properties.push((
                "HttpConfig",
                Tree::object([
                    (
                        "Endpoint",
                        Tree::sub("https://states.${AWS::Region}.amazonaws.com/"),
                    ),
                    (
                        "AuthorizationConfig",
                        Tree::object([
                            ("AuthorizationType", Tree::from("AWS_IAM")),
                            (
                                "AwsIamConfig",
                                Tree::object([
                                    ("SigningRegion", region()),
                                    ("SigningServiceName", Tree::from("states")),
                                ]),
                            ),
                        ]),
                    ),
                ]),
            )),
        }
        Ok(resource("AWS::AppSync::DataSource", properties))
    }

    fn resolver(&self, resolver: &Resolver) -> Result<Tree, TemplateError> {
        let mut properties = vec![
            ("ApiId", self.api_id()),
            ("TypeName", Tree::from(resolver.type_name.as_str())),
            ("FieldName", Tree::from(resolver.field_name.as_str())),
        ];
        match &resolver.kind {
            ResolverKind::Unit { data_source } => {
                properties.push(("Kind", Tree::from("UNIT")));
                properties.push((
                    "DataSourceName",
                    Tree::get_att(&self.ids.data_source(data_source), "Name"),
                ));
            }
            ResolverKind::Pipeline { functions } => {
                properties.push(("Kind", Tree::from("PIPELINE")));
                let functions = functions
                    .iter()
                    .map(|f| Tree::get_att(&self.ids.function(f), "FunctionId"))
                    .collect();
                properties.push((
                    "PipelineConfig",
                    Tree::object([("Functions", Tree::Array(functions))]),
                ));
            }
        }
        if let Some(code) = &resolver.code {
            properties.extend(code_properties(code, false));
        }
        if let Some(handler) = &resolver.sync {
            let mut config = vec![
                ("ConflictDetection", Tree::from("VERSION")),
                ("ConflictHandler", Tree::from(handler.as_str())),
            ];
            if let ConflictHandler::Lambda(arn) = handler {
                config.push((
                    "LambdaConflictHandlerConfig",
                    Tree::object([("LambdaConflictHandlerArn", self.value(arn)?)]),
                ));
            }
            properties.push(("SyncConfig", Tree::object(config)));
        }
        let mut depends_on = vec![Tree::from(self.ids.schema())];
        if let Some(caching) = &resolver.caching {
            properties.push((
                "CachingConfig",
                Tree::object([
                    ("Ttl", Tree::from(caching.ttl_seconds)),
                    (
                        "CachingKeys",
                        Tree::Array(caching.keys.iter().map(Tree::from).collect()),
                    ),
                ]),
            ));
            if self.api.cache.is_some() {
                depends_on.push(Tree::from(self.ids.cache()));
            }
        }
        Ok(Tree::object([
            ("Type", Tree::from("AWS::AppSync::Resolver")),
            // A resolver needs its field, which exists once the schema is created.
            ("DependsOn", Tree::Array(depends_on)),
            ("Properties", Tree::object(properties)),
        ]))
    }
}

fn code_properties(code: &Code, function: bool) -> Vec<(&'static str, Tree)> {
    let text = |s: &super::Source| Tree::from(s.text.as_deref().unwrap_or_default());
    match code {
        Code::Js(source) => vec![
            (
                "Runtime",
                Tree::object([
                    ("Name", Tree::from("APPSYNC_JS")),
                    ("RuntimeVersion", Tree::from(JS_RUNTIME_VERSION)),
                ]),
            ),
            ("Code", text(source)),
        ],
        Code::Vtl { request, response } => {
            let mut properties = Vec::new();
            if function {
                properties.push(("FunctionVersion", Tree::from(VTL_FUNCTION_VERSION)));
            }
            properties.push(("RequestMappingTemplate", text(request)));
            properties.push(("ResponseMappingTemplate", text(response)));
            properties
        }
    }
}
