//! The model of a GraphQL API: authorization providers, data sources, resolvers, pipeline
//! functions, caching and a custom domain, as builder-style Rust values.

use super::models::ConflictHandler;
use crate::template::Value;

/// The five authorization modes of AppSync.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AuthMode {
    /// `API_KEY`: a key sent in the `x-api-key` header.
    ApiKey,
    /// `AWS_IAM`: SigV4-signed requests.
    Iam,
    /// `OPENID_CONNECT`: a token of an OpenID Connect provider.
    OpenIdConnect,
    /// `AMAZON_COGNITO_USER_POOLS`: a token of a Cognito user pool.
    CognitoUserPools,
    /// `AWS_LAMBDA`: a Lambda function decides.
    Lambda,
}

impl AuthMode {
    /// Every mode, in the order AWS documents them.
    pub const ALL: [AuthMode; 5] = [
        AuthMode::ApiKey,
        AuthMode::Iam,
        AuthMode::OpenIdConnect,
        AuthMode::CognitoUserPools,
        AuthMode::Lambda,
    ];

    /// The name CloudFormation uses, e.g. `AMAZON_COGNITO_USER_POOLS`.
    pub fn as_str(self) -> &'static str {
        match self {
            AuthMode::ApiKey => "API_KEY",
            AuthMode::Iam => "AWS_IAM",
            AuthMode::OpenIdConnect => "OPENID_CONNECT",
            AuthMode::CognitoUserPools => "AMAZON_COGNITO_USER_POOLS",
            AuthMode::Lambda => "AWS_LAMBDA",
        }
    }

    /// The mode named `name` (the CloudFormation name).
    pub fn from_name(name: &str) -> Option<AuthMode> {
        AuthMode::ALL.into_iter().find(|m| m.as_str() == name)
    }

    /// The schema directive that opens a type or field to this mode, e.g. `@aws_api_key`.
    pub fn directive(self) -> &'static str {
        match self {
            AuthMode::ApiKey => "aws_api_key",
            AuthMode::Iam => "aws_iam",
            AuthMode::OpenIdConnect => "aws_oidc",
            AuthMode::CognitoUserPools => "aws_cognito_user_pools",
            AuthMode::Lambda => "aws_lambda",
        }
    }
}

/// When an API key expires.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyExpiry {
    /// AWS's default: seven days after the key is created (`Expires` is left out).
    Default,
    /// `days` days after `from_unix_seconds` (written as the key's `Expires`). AWS accepts 1 to
    /// 365 days.
    Days { days: u32, from_unix_seconds: u64 },
}

/// Whether a Cognito user that no `@aws_cognito_user_pools` directive names may call a field
/// (the user pool is the default mode only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefaultAction {
    Allow,
    Deny,
}

/// One authorization provider: the API's default mode or an additional one.
#[derive(Debug, Clone, PartialEq)]
pub enum AuthProvider {
    /// `API_KEY`; the API gets one key (`AWS::AppSync::ApiKey`).
    ApiKey { expiry: KeyExpiry },
    /// `AWS_IAM`.
    Iam,
    /// `OPENID_CONNECT`; `issuer` is required (an error when missing), TTLs in milliseconds.
    OpenIdConnect {
        issuer: Option<String>,
        client_id: Option<String>,
        issued_at_ttl_ms: Option<u64>,
        auth_ttl_ms: Option<u64>,
    },
    /// `AMAZON_COGNITO_USER_POOLS` with the user pool's id (a parameter or a `Ref` of a pool of
    /// the stack) in this region.
    CognitoUserPools {
        user_pool_id: Value,
        app_id_client_regex: Option<String>,
        default_action: DefaultAction,
    },
    /// `AWS_LAMBDA`: the authorizer function's ARN and how long AppSync caches its answer.
    Lambda {
        function_arn: Value,
        result_ttl_seconds: Option<u32>,
        identity_validation_expression: Option<String>,
    },
}

impl AuthProvider {
    /// `API_KEY` with AWS's default expiry (7 days).
    pub fn api_key() -> AuthProvider {
        AuthProvider::ApiKey {
            expiry: KeyExpiry::Default,
        }
    }

    /// `API_KEY` whose key expires `days` days after `from_unix_seconds`.
    pub fn api_key_expiring(days: u32, from_unix_seconds: u64) -> AuthProvider {
        AuthProvider::ApiKey {
            expiry: KeyExpiry::Days {
                days,
                from_unix_seconds,
            },
        }
    }

    /// `AWS_IAM`.
    pub fn iam() -> AuthProvider {
        AuthProvider::Iam
    }

    /// `OPENID_CONNECT` with this issuer.
    pub fn openid_connect(issuer: impl Into<String>) -> AuthProvider {
        AuthProvider::OpenIdConnect {
            issuer: Some(issuer.into()),
            client_id: None,
            issued_at_ttl_ms: None,
            auth_ttl_ms: None,
        }
    }

    /// `AMAZON_COGNITO_USER_POOLS` with this user pool (default action `ALLOW`).
    pub fn cognito_user_pools(user_pool_id: impl Into<Value>) -> AuthProvider {
        AuthProvider::CognitoUserPools {
            user_pool_id: user_pool_id.into(),
            app_id_client_regex: None,
            default_action: DefaultAction::Allow,
        }
    }

    /// `AWS_LAMBDA` with this authorizer function.
    pub fn lambda(function_arn: impl Into<Value>) -> AuthProvider {
        AuthProvider::Lambda {
            function_arn: function_arn.into(),
            result_ttl_seconds: None,
            identity_validation_expression: None,
        }
    }

    /// Sets the OpenID Connect client id (only for `OPENID_CONNECT`).
    pub fn client_id(mut self, id: impl Into<String>) -> AuthProvider {
        if let AuthProvider::OpenIdConnect { client_id, .. } = &mut self {
            *client_id = Some(id.into());
        }
        self
    }

    /// Sets the OpenID Connect token TTLs in milliseconds (only for `OPENID_CONNECT`).
    pub fn ttls_ms(mut self, issued_at: u64, auth: u64) -> AuthProvider {
        if let AuthProvider::OpenIdConnect {
            issued_at_ttl_ms,
            auth_ttl_ms,
            ..
        } = &mut self
        {
            *issued_at_ttl_ms = Some(issued_at);
            *auth_ttl_ms = Some(auth);
        }
        self
    }

    /// Sets the regular expression of accepted app client ids (only for Cognito).
    pub fn app_id_client_regex(mut self, regex: impl Into<String>) -> AuthProvider {
        if let AuthProvider::CognitoUserPools {
            app_id_client_regex,
            ..
        } = &mut self
        {
            *app_id_client_regex = Some(regex.into());
        }
        self
    }

    /// Sets the Cognito default action (only for Cognito).
    pub fn default_action(mut self, action: DefaultAction) -> AuthProvider {
        if let AuthProvider::CognitoUserPools { default_action, .. } = &mut self {
            *default_action = action;
        }
        self
    }

    /// Sets how long AppSync caches the authorizer's answer (only for `AWS_LAMBDA`).
    pub fn result_ttl_seconds(mut self, seconds: u32) -> AuthProvider {
        if let AuthProvider::Lambda {
            result_ttl_seconds, ..
        } = &mut self
        {
            *result_ttl_seconds = Some(seconds);
        }
        self
    }

    /// The mode of this provider.
    pub fn mode(&self) -> AuthMode {
        match self {
            AuthProvider::ApiKey { .. } => AuthMode::ApiKey,
            AuthProvider::Iam => AuthMode::Iam,
            AuthProvider::OpenIdConnect { .. } => AuthMode::OpenIdConnect,
            AuthProvider::CognitoUserPools { .. } => AuthMode::CognitoUserPools,
            AuthProvider::Lambda { .. } => AuthMode::Lambda,
        }
    }
}

/// Which DynamoDB actions a data source's role allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableAccess {
    /// `GetItem`, `BatchGetItem`, `Query`, `Scan`.
    ReadOnly,
    /// The reads plus `PutItem`, `UpdateItem`, `DeleteItem`, `BatchWriteItem`,
    /// `ConditionCheckItem`.
    ReadWrite,
}

/// What a data source reaches.
#[derive(Debug, Clone, PartialEq)]
pub enum DataSourceKind {
    /// A DynamoDB table of this region, by name.
    DynamoDb {
        table_name: Value,
        access: TableAccess,
    },
    /// A DynamoDB table the API creates (`<Api><Source>Table`): on-demand capacity,
    /// point-in-time recovery and server-side encryption, keyed by a string partition key,
    /// with these global secondary indexes. A versioned table is synced: AppSync keeps item
    /// versions, conflict detection and a delta table (`<Api>DeltaSyncTable`); deleted items
    /// expire through the `_ttl` attribute.
    Table {
        partition_key: String,
        indexes: Vec<TableIndex>,
        versioned: bool,
    },
    /// A Lambda function, by ARN.
    Lambda { function_arn: Value },
    /// An HTTP endpoint (`https://…`), called without signing.
    Http { endpoint: Value },
    /// An Aurora cluster through its Data API: the cluster's ARN and the Secrets Manager secret
    /// AppSync signs in with (a reference, never the password).
    Rds {
        cluster_arn: Value,
        secret_arn: Value,
        database: Option<String>,
    },
    /// An OpenSearch Service domain: its endpoint (`https://…`) and ARN.
    OpenSearch { endpoint: Value, domain_arn: Value },
    /// An EventBridge event bus, by ARN.
    EventBridge { event_bus_arn: Value },
    /// No data source (local resolvers, e.g. to publish to subscriptions).
    None,
    /// A state machine of this stack, started by the resolver (`StartExecution`) through the
    /// Step Functions endpoint of the region, signed with the data source's role.
    Workflow { state_machine: String },
}

impl DataSourceKind {
    /// The data source type CloudFormation uses.
    pub fn type_name(&self) -> &'static str {
        match self {
            DataSourceKind::DynamoDb { .. } | DataSourceKind::Table { .. } => "AMAZON_DYNAMODB",
            DataSourceKind::Lambda { .. } => "AWS_LAMBDA",
            DataSourceKind::Http { .. } | DataSourceKind::Workflow { .. } => "HTTP",
            DataSourceKind::Rds { .. } => "RELATIONAL_DATABASE",
            DataSourceKind::OpenSearch { .. } => "AMAZON_OPENSEARCH_SERVICE",
            DataSourceKind::EventBridge { .. } => "AMAZON_EVENTBRIDGE",
            DataSourceKind::None => "NONE",
        }
    }
}

/// A global secondary index of a table the API creates (string keys, all attributes).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TableIndex {
    pub name: String,
    pub partition_key: String,
    pub sort_key: Option<String>,
}

/// A data source of the API.
#[derive(Debug, Clone, PartialEq)]
pub struct DataSource {
    /// Its name in the API (letters and digits, starting with a letter).
    pub name: String,
    pub kind: DataSourceKind,
    pub description: Option<String>,
}

impl DataSource {
    fn new(name: impl Into<String>, kind: DataSourceKind) -> DataSource {
        DataSource {
            name: name.into(),
            kind,
            description: None,
        }
    }

    /// A DynamoDB table (read and write).
    pub fn dynamodb(name: impl Into<String>, table_name: impl Into<Value>) -> DataSource {
        DataSource::new(
            name,
            DataSourceKind::DynamoDb {
                table_name: table_name.into(),
                access: TableAccess::ReadWrite,
            },
        )
    }

    /// A DynamoDB table that is only read.
    pub fn dynamodb_read_only(name: impl Into<String>, table_name: impl Into<Value>) -> DataSource {
        DataSource::new(
            name,
            DataSourceKind::DynamoDb {
                table_name: table_name.into(),
                access: TableAccess::ReadOnly,
            },
        )
    }

    /// A new DynamoDB table, created with the API, whose items are keyed by the string
    /// attribute `partition_key`.
    pub fn table(name: impl Into<String>, partition_key: impl Into<String>) -> DataSource {
        DataSource::new(
            name,
            DataSourceKind::Table {
                partition_key: partition_key.into(),
                indexes: Vec::new(),
                versioned: false,
            },
        )
    }

    /// A Lambda function.
    pub fn lambda(name: impl Into<String>, function_arn: impl Into<Value>) -> DataSource {
        DataSource::new(
            name,
            DataSourceKind::Lambda {
                function_arn: function_arn.into(),
            },
        )
    }

    /// An HTTP endpoint.
    pub fn http(name: impl Into<String>, endpoint: impl Into<Value>) -> DataSource {
        DataSource::new(
            name,
            DataSourceKind::Http {
                endpoint: endpoint.into(),
            },
        )
    }

    /// An Aurora cluster through the Data API, signing in with the secret `secret_arn`.
    pub fn rds(
        name: impl Into<String>,
        cluster_arn: impl Into<Value>,
        secret_arn: impl Into<Value>,
    ) -> DataSource {
        DataSource::new(
            name,
            DataSourceKind::Rds {
                cluster_arn: cluster_arn.into(),
                secret_arn: secret_arn.into(),
                database: None,
            },
        )
    }

    /// An OpenSearch Service domain.
    pub fn opensearch(
        name: impl Into<String>,
        endpoint: impl Into<Value>,
        domain_arn: impl Into<Value>,
    ) -> DataSource {
        DataSource::new(
            name,
            DataSourceKind::OpenSearch {
                endpoint: endpoint.into(),
                domain_arn: domain_arn.into(),
            },
        )
    }

    /// An EventBridge event bus.
    pub fn eventbridge(name: impl Into<String>, event_bus_arn: impl Into<Value>) -> DataSource {
        DataSource::new(
            name,
            DataSourceKind::EventBridge {
                event_bus_arn: event_bus_arn.into(),
            },
        )
    }

    /// No data source.
    pub fn none(name: impl Into<String>) -> DataSource {
        DataSource::new(name, DataSourceKind::None)
    }

    /// The state machine `state_machine` (its logical id) of this stack.
    pub fn workflow(name: impl Into<String>, state_machine: impl Into<String>) -> DataSource {
        DataSource::new(
            name,
            DataSourceKind::Workflow {
                state_machine: state_machine.into(),
            },
        )
    }

    /// Sets the database name (only for RDS).
    pub fn database(mut self, name: impl Into<String>) -> DataSource {
        if let DataSourceKind::Rds { database, .. } = &mut self.kind {
            *database = Some(name.into());
        }
        self
    }

    /// Sets the description.
    pub fn description(mut self, text: impl Into<String>) -> DataSource {
        self.description = Some(text.into());
        self
    }
}

/// Source text (resolver code or a mapping template), inline or read from a file.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    /// The file it was read from, when it came from one.
    pub path: Option<String>,
    /// The text; `None` when the file could not be read (a diagnostic of the validator).
    pub text: Option<String>,
}

impl Source {
    /// Inline text.
    pub fn inline(text: impl Into<String>) -> Source {
        Source {
            path: None,
            text: Some(text.into()),
        }
    }

    /// The text of the file at `path`, read now; a file that cannot be read is reported by
    /// the validator (`appsync-code-file-missing`).
    pub fn file(path: impl AsRef<std::path::Path>) -> Source {
        let path = path.as_ref();
        Source {
            path: Some(path.display().to_string()),
            text: std::fs::read_to_string(path).ok(),
        }
    }

    /// A file already read by the caller (the `graphql_api!` macro reads files at compile
    /// time): `text` is `None` when it could not be read.
    pub fn file_text(path: impl Into<String>, text: Option<String>) -> Source {
        Source {
            path: Some(path.into()),
            text,
        }
    }
}

/// The code of a resolver or pipeline function.
#[derive(Debug, Clone, PartialEq)]
pub enum Code {
    /// JavaScript for the `APPSYNC_JS` runtime 1.0.0 (`request` and `response` handlers).
    Js(Source),
    /// VTL request and response mapping templates.
    Vtl { request: Source, response: Source },
}

impl Code {
    /// `APPSYNC_JS` code from the file at `path`.
    pub fn js_file(path: impl AsRef<std::path::Path>) -> Code {
        Code::Js(Source::file(path))
    }

    /// Inline `APPSYNC_JS` code.
    pub fn js(text: impl Into<String>) -> Code {
        Code::Js(Source::inline(text))
    }

    /// Inline VTL mapping templates.
    pub fn vtl(request: impl Into<String>, response: impl Into<String>) -> Code {
        Code::Vtl {
            request: Source::inline(request),
            response: Source::inline(response),
        }
    }

    pub(crate) fn sources(&self) -> Vec<&Source> {
        match self {
            Code::Js(s) => vec![s],
            Code::Vtl { request, response } => vec![request, response],
        }
    }
}

/// What a resolver runs.
#[derive(Debug, Clone, PartialEq)]
pub enum ResolverKind {
    /// A `UNIT` resolver on one data source.
    Unit { data_source: String },
    /// A `PIPELINE` resolver running these functions in order.
    Pipeline { functions: Vec<String> },
}

/// Per-resolver caching (needs [`ApiCache`] with per-resolver caching).
#[derive(Debug, Clone, PartialEq)]
pub struct ResolverCaching {
    pub ttl_seconds: u32,
    pub keys: Vec<String>,
}

/// A resolver attached to `Type.field`.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolver {
    pub type_name: String,
    pub field_name: String,
    pub kind: ResolverKind,
    /// `None` only for a direct Lambda resolver.
    pub code: Option<Code>,
    pub caching: Option<ResolverCaching>,
    /// Conflict detection (VERSION) with this handler, on a versioned table.
    pub sync: Option<ConflictHandler>,
}

impl Resolver {
    /// A unit resolver on `field` (`Type.field`) reading `data_source`.
    pub fn unit(field: &str, data_source: impl Into<String>) -> Resolver {
        Resolver::new(
            field,
            ResolverKind::Unit {
                data_source: data_source.into(),
            },
        )
    }

    /// A pipeline resolver on `field` (`Type.field`) running `functions` in order.
    pub fn pipeline<S: Into<String>>(
        field: &str,
        functions: impl IntoIterator<Item = S>,
    ) -> Resolver {
        Resolver::new(
            field,
            ResolverKind::Pipeline {
                functions: functions.into_iter().map(Into::into).collect(),
            },
        )
    }

    fn new(field: &str, kind: ResolverKind) -> Resolver {
        let (type_name, field_name) = field.split_once('.').unwrap_or((field, ""));
        Resolver {
            type_name: type_name.to_string(),
            field_name: field_name.to_string(),
            kind,
            code: None,
            caching: None,
            sync: None,
        }
    }

    /// Sets the code.
    pub fn code(mut self, code: Code) -> Resolver {
        self.code = Some(code);
        self
    }

    /// Caches results for `ttl_seconds`, keyed by these context paths (e.g.
    /// `$context.arguments.id`).
    pub fn caching<S: Into<String>>(
        mut self,
        ttl_seconds: u32,
        keys: impl IntoIterator<Item = S>,
    ) -> Resolver {
        self.caching = Some(ResolverCaching {
            ttl_seconds,
            keys: keys.into_iter().map(Into::into).collect(),
        });
        self
    }

    /// `Type.field`.
    pub fn field(&self) -> String {
        format!("{}.{}", self.type_name, self.field_name)
    }
}

/// A function of pipeline resolvers.
#[derive(Debug, Clone, PartialEq)]
pub struct PipelineFunction {
    pub name: String,
    pub data_source: String,
    pub code: Code,
    pub description: Option<String>,
}

impl PipelineFunction {
    /// A function named `name` on `data_source`.
    pub fn new(name: impl Into<String>, data_source: impl Into<String>, code: Code) -> Self {
        PipelineFunction {
            name: name.into(),
            data_source: data_source.into(),
            code,
            description: None,
        }
    }
}

/// The API's server-side cache (`AWS::AppSync::ApiCache`), encrypted at rest and in transit.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiCache {
    /// The instance type, e.g. `SMALL`.
    pub instance_type: String,
    pub ttl_seconds: u32,
    /// `true`: every resolver is cached (`FULL_REQUEST_CACHING`); `false`: those with
    /// [`Resolver::caching`] (`PER_RESOLVER_CACHING`).
    pub full_request: bool,
}

/// A custom domain name for the API, with an ACM certificate of `us-east-1`.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomDomain {
    pub domain_name: String,
    pub certificate_arn: Value,
}
