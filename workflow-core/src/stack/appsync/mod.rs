//! AppSync GraphQL APIs: a model built in Rust (or by the `graphql_api!` macro), one validator
//! that reports every problem as a [`Diagnostic`], and the validated API as a
//! [`StackPart`](crate::template::StackPart) of a stack.
//!
//! The pipeline is the same as for state machines: build a [`GraphqlApi`], call
//! [`GraphqlApi::validate`] (the schema is parsed and validated with `apollo-compiler`, after a
//! prelude of what AppSync declares itself, see [`schema::PRELUDE`]), and add the
//! [`ValidatedApi`] to an [`App`](crate::template::App) with `App::part`.
//!
//! | resource (logical id) | when |
//! |---|---|
//! | `<Api>` (`AWS::AppSync::GraphQLApi`), `<Api>Schema` (`GraphQLSchema`) | always |
//! | `<Api>ApiKey` (`ApiKey`) | with API_KEY auth |
//! | `<Api><Source>Table` (`AWS::DynamoDB::Table`) | per [`DataSource::table`] |
//! | `<Api><Source>Role` (`AWS::IAM::Role`), `<Api><Source>DataSource` (`DataSource`) | per data source; no role for HTTP and NONE |
//! | `<Api><Name>Function` (`FunctionConfiguration`) | per pipeline function |
//! | `<Api><Type><Field>Resolver` (`Resolver`) | per resolver |
//! | `<Api>Cache` (`ApiCache`) | with [`GraphqlApi::cache`] |
//! | `<Api>Domain` (`DomainName`), `<Api>DomainAssociation` (`DomainNameApiAssociation`) | with [`GraphqlApi::domain`] |
//!
//! Each role trusts `appsync.amazonaws.com` for this account only and allows exactly what its
//! data source needs: DynamoDB item actions on the table and its indexes, `lambda:InvokeFunction`
//! on the function, `rds-data:*Statement`/transactions on the cluster plus
//! `secretsmanager:GetSecretValue` on the secret, `es:ESHttp*` on the domain,
//! `events:PutEvents` on the bus, and `states:StartExecution` on the one state machine of a
//! workflow data source. The schema is written beside the template as `schema.graphql`.
//!
//! ```
//! use workflow_core::appsync::*;
//! use workflow_core::template::{App, Parameter, Value};
//!
//! let api = GraphqlApi::new("OrdersApi")
//!     .schema("type Order { id: ID! total: Float }\n\
//!              type Query { order(id: ID!): Order @aws_api_key }\n\
//!              schema { query: Query }\n")
//!     .auth(AuthProvider::iam())
//!     .additional_auth(AuthProvider::api_key())
//!     .data_source(DataSource::dynamodb("Orders", Value::parameter("OrdersTable")))
//!     .resolver(
//!         Resolver::unit("Query.order", "Orders").code(Code::js(
//!             "export function request(ctx) { return { operation: 'GetItem', key: { id: { S: ctx.args.id } } }; }\n\
//!              export function response(ctx) { return ctx.result; }\n",
//!         )),
//!     );
//! let api = api.validate().unwrap();
//! let template = App::new()
//!     .parameter(Parameter::string("OrdersTable"))
//!     .part(api)
//!     .to_template()
//!     .unwrap();
//! assert_eq!(
//!     template.resource_ids(),
//!     ["OrdersApi", "OrdersApiSchema", "OrdersApiApiKey", "OrdersApiOrdersRole",
//!      "OrdersApiOrdersDataSource", "OrdersApiQueryOrderResolver"]
//! );
//! assert_eq!(template.files()[0].0, "schema.graphql");
//!
//! // A resolver on a field the schema does not have is reported, with a suggestion.
//! let wrong = GraphqlApi::new("OrdersApi")
//!     .schema("type Query { order: String }")
//!     .auth(AuthProvider::iam())
//!     .data_source(DataSource::none("Local"))
//!     .resolver(Resolver::unit("Query.ordr", "Local").code(Code::js("")));
//! let diagnostics = wrong.check();
//! assert_eq!(diagnostics[0].code(), "appsync-resolver-unknown-field");
//! assert_eq!(diagnostics[0].help.as_deref(), Some("did you mean `Query.order`?"));
//! ```

pub mod model;
mod models;
mod render;
pub mod schema;
#[cfg(test)]
mod tests;

use std::collections::BTreeSet;

pub use model::{
    ApiCache, AuthMode, AuthProvider, Code, CustomDomain, DataSource, DataSourceKind,
    DefaultAction, KeyExpiry, PipelineFunction, Resolver, ResolverCaching, ResolverKind, Source,
    TableAccess, TableIndex,
};
pub use models::{
    AuthRule, AuthRuleKind, ConflictHandler, Model, ModelField, ModelIndex, ModelOperation,
    Relation, RelationKind,
};
pub use schema::SchemaShape;

use crate::diagnostic::{Diagnostic, Location};
use crate::did_you_mean::closest;
use crate::rules::Rule;
use crate::template::Value;

/// The name of the schema file written beside the template.
pub const SCHEMA_FILE: &str = "schema.graphql";

/// A GraphQL API, as declared. [`GraphqlApi::validate`] checks it.
#[derive(Debug, Clone, PartialEq)]
pub struct GraphqlApi {
    /// The logical id of the API (letters and digits); resources it creates add suffixes.
    pub id: String,
    /// The API's name in AppSync (the stack name and the id by default).
    pub name: Option<Value>,
    /// The schema text (SDL), without the AppSync prelude.
    pub schema: String,
    /// Where the schema comes from, for messages (a file name, or `schema.graphql`).
    pub schema_origin: String,
    pub default_auth: Option<AuthProvider>,
    pub additional_auth: Vec<AuthProvider>,
    pub data_sources: Vec<DataSource>,
    pub functions: Vec<PipelineFunction>,
    pub resolvers: Vec<Resolver>,
    pub cache: Option<ApiCache>,
    pub domain: Option<CustomDomain>,
    pub xray: bool,
    /// Model types, written out with [`GraphqlApi::expanded`] (see [`Model`]).
    pub models: Vec<Model>,
    /// Sync for the models, with this conflict handler.
    pub sync: Option<ConflictHandler>,
}

impl GraphqlApi {
    /// An API with the logical id `id`, no schema and no auth yet.
    pub fn new(id: impl Into<String>) -> GraphqlApi {
        GraphqlApi {
            id: id.into(),
            name: None,
            schema: String::new(),
            schema_origin: SCHEMA_FILE.to_string(),
            default_auth: None,
            additional_auth: Vec::new(),
            data_sources: Vec::new(),
            functions: Vec::new(),
            resolvers: Vec::new(),
            cache: None,
            domain: None,
            xray: false,
            models: Vec::new(),
            sync: None,
        }
    }

    /// Sets the API's name in AppSync.
    pub fn name(mut self, name: impl Into<Value>) -> GraphqlApi {
        self.name = Some(name.into());
        self
    }

    /// Sets the schema (SDL).
    pub fn schema(mut self, sdl: impl Into<String>) -> GraphqlApi {
        self.schema = sdl.into();
        self
    }

    /// Sets the schema from a file's text, naming the file in messages.
    pub fn schema_file(mut self, origin: impl Into<String>, sdl: impl Into<String>) -> GraphqlApi {
        self.schema = sdl.into();
        self.schema_origin = origin.into();
        self
    }

    /// Sets the default authorization mode.
    pub fn auth(mut self, provider: AuthProvider) -> GraphqlApi {
        self.default_auth = Some(provider);
        self
    }

    /// Adds an additional authorization provider.
    pub fn additional_auth(mut self, provider: AuthProvider) -> GraphqlApi {
        self.additional_auth.push(provider);
        self
    }

    /// Adds a data source.
    pub fn data_source(mut self, source: DataSource) -> GraphqlApi {
        self.data_sources.push(source);
        self
    }

    /// Adds a pipeline function.
    pub fn function(mut self, function: PipelineFunction) -> GraphqlApi {
        self.functions.push(function);
        self
    }

    /// Adds a resolver.
    pub fn resolver(mut self, resolver: Resolver) -> GraphqlApi {
        self.resolvers.push(resolver);
        self
    }

    /// Adds a server-side cache.
    pub fn cache(mut self, cache: ApiCache) -> GraphqlApi {
        self.cache = Some(cache);
        self
    }

    /// Serves the API on a custom domain.
    pub fn domain(
        mut self,
        domain_name: impl Into<String>,
        certificate_arn: impl Into<Value>,
    ) -> GraphqlApi {
        self.domain = Some(CustomDomain {
            domain_name: domain_name.into(),
            certificate_arn: certificate_arn.into(),
        });
        self
    }

    /// Turns X-Ray tracing on.
    pub fn xray(mut self, enabled: bool) -> GraphqlApi {
        self.xray = enabled;
        self
    }

    /// The default provider followed by the additional ones.
    pub fn auth_providers(&self) -> impl Iterator<Item = &AuthProvider> {
        self.default_auth.iter().chain(&self.additional_auth)
    }

    /// Every diagnostic of the API, errors first found in declaration order: the schema, the
    /// auth providers, the data sources, the pipeline functions, the resolvers.
    pub fn check(&self) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let modes = self.check_auth(&mut out);
        if self.models.is_empty() {
            self.check_declared(&modes, &mut out);
            return out;
        }
        // The models' own problems first; the written-out API is checked only without them,
        // since an unknown type or field would repeat as schema errors.
        self.check_models(&modes, &mut out);
        if !out.iter().any(Diagnostic::is_error) {
            self.expanded().check_declared(&modes, &mut out);
        }
        out
    }

    /// The schema, data sources, functions and resolvers, given the configured modes.
    fn check_declared(&self, modes: &BTreeSet<AuthMode>, out: &mut Vec<Diagnostic>) {
        let checked = schema::check_schema(&self.schema, &self.schema_origin, modes);
        out.extend(checked.diagnostics);
        self.check_data_sources(out);
        self.check_functions(out);
        self.check_resolvers(checked.shape.as_ref(), out);
    }

    /// The API, once [`check`](GraphqlApi::check) finds no error.
    ///
    /// # Errors
    ///
    /// Every diagnostic, when one is an error.
    pub fn validate(self) -> Result<ValidatedApi, Vec<Diagnostic>> {
        let diagnostics = self.check();
        if diagnostics.iter().any(Diagnostic::is_error) {
            Err(diagnostics)
        } else {
            Ok(ValidatedApi {
                api: self.expanded(),
            })
        }
    }

    fn check_auth(&self, out: &mut Vec<Diagnostic>) -> BTreeSet<AuthMode> {
        let mut modes = BTreeSet::new();
        let default = self
            .default_auth
            .iter()
            .map(|p| ("/auth/default".to_string(), p));
        let additional = self
            .additional_auth
            .iter()
            .enumerate()
            .map(|(i, p)| (format!("/auth/additional/{i}"), p));
        if self.default_auth.is_none() {
            out.push(
                Diagnostic::new(
                    Rule::AppsyncNoDefaultAuth,
                    location("/auth/default", "auth"),
                    "the API has no default auth mode",
                )
                .with_help("set one of API_KEY, AWS_IAM, OPENID_CONNECT, AMAZON_COGNITO_USER_POOLS, AWS_LAMBDA"),
            );
        }
        for (pointer, provider) in default.chain(additional) {
            let mode = provider.mode();
            if !modes.insert(mode) {
                out.push(
                    Diagnostic::new(
                        Rule::AppsyncDuplicateAuth,
                        location(&pointer, "auth"),
                        format!("the auth mode {} is configured twice", mode.as_str()),
                    )
                    .with_help("keep one provider per mode"),
                );
            }
            match provider {
                AuthProvider::OpenIdConnect { issuer, .. }
                    if issuer.as_deref().is_none_or(str::is_empty) =>
                {
                    out.push(
                        Diagnostic::new(
                            Rule::AppsyncOidcIssuer,
                            location(&pointer, "auth"),
                            "OPENID_CONNECT needs an issuer",
                        )
                        .with_help("give the issuer URL of the OpenID Connect provider, e.g. `https://login.example.com`"),
                    );
                }
                AuthProvider::ApiKey {
                    expiry: KeyExpiry::Days { days, .. },
                } if !(1..=365).contains(days) => {
                    out.push(
                        Diagnostic::new(
                            Rule::AppsyncApiKeyExpiry,
                            location(&pointer, "auth"),
                            format!("the API key expires after {days} days, outside 1 to 365"),
                        )
                        .with_help(
                            "choose an expiry of 1 to 365 days, or leave it out for AWS's 7 days",
                        ),
                    );
                }
                _ => {}
            }
        }
        modes
    }

    fn check_data_sources(&self, out: &mut Vec<Diagnostic>) {
        let mut seen = BTreeSet::new();
        for source in &self.data_sources {
            let pointer = format!("/data_sources/{}", source.name);
            check_name(&source.name, "data source", &pointer, out);
            if !seen.insert(source.name.as_str()) {
                out.push(
                    Diagnostic::new(
                        Rule::AppsyncDuplicateName,
                        location(&pointer, "data sources"),
                        format!("the data source `{}` is declared twice", source.name),
                    )
                    .with_help("give each data source its own name"),
                );
            }
            if let DataSourceKind::Rds { secret_arn, .. } = &source.kind
                && is_literal_secret(secret_arn)
            {
                out.push(
                    Diagnostic::new(
                        Rule::AppsyncLiteralSecret,
                        location(&format!("{pointer}/secret"), "data sources"),
                        format!(
                            "the data source `{}` is given a literal secret, not a reference to one",
                            source.name
                        ),
                    )
                    .with_help("pass the ARN of a Secrets Manager secret: a template parameter, a `Ref` of a secret of the stack, or an `arn:aws:secretsmanager:…` ARN"),
                );
            }
        }
    }

    fn check_functions(&self, out: &mut Vec<Diagnostic>) {
        let mut seen = BTreeSet::new();
        for function in &self.functions {
            let pointer = format!("/functions/{}", function.name);
            check_name(&function.name, "pipeline function", &pointer, out);
            if !seen.insert(function.name.as_str()) {
                out.push(
                    Diagnostic::new(
                        Rule::AppsyncDuplicateName,
                        location(&pointer, "functions"),
                        format!(
                            "the pipeline function `{}` is declared twice",
                            function.name
                        ),
                    )
                    .with_help("give each function its own name"),
                );
            }
            self.check_data_source_name(
                &function.data_source,
                &format!("{pointer}/data_source"),
                &format!("the pipeline function `{}`", function.name),
                out,
            );
            check_code(&function.code, &format!("{pointer}/code"), out);
        }
    }

    fn check_resolvers(&self, shape: Option<&SchemaShape>, out: &mut Vec<Diagnostic>) {
        let mut seen = BTreeSet::new();
        for resolver in &self.resolvers {
            let field = resolver.field();
            let pointer = format!("/resolvers/{field}");
            if !seen.insert(field.clone()) {
                out.push(
                    Diagnostic::new(
                        Rule::AppsyncDuplicateName,
                        location(&pointer, "resolvers"),
                        format!("`{field}` has two resolvers"),
                    )
                    .with_help(
                        "attach one resolver per field; use a pipeline to run several steps",
                    ),
                );
            }
            if let Some(shape) = shape {
                let known = shape
                    .types
                    .get(&resolver.type_name)
                    .is_some_and(|fields| fields.contains(&resolver.field_name));
                if !known {
                    let candidates: Vec<String> = shape
                        .types
                        .iter()
                        .flat_map(|(t, fields)| fields.iter().map(move |f| format!("{t}.{f}")))
                        .collect();
                    out.push(
                        Diagnostic::new(
                            Rule::AppsyncResolverUnknownField,
                            location(&format!("{pointer}/field"), "resolvers"),
                            format!("the schema has no field `{field}` to resolve"),
                        )
                        .with_help(match closest(&field, candidates.iter().map(String::as_str)) {
                            Some(m) => format!("did you mean `{m}`?"),
                            None => {
                                "attach resolvers to `Type.field` of an object type of the schema"
                                    .to_string()
                            }
                        }),
                    );
                }
            }
            let context = format!("the resolver of `{field}`");
            let direct_lambda = match &resolver.kind {
                ResolverKind::Unit { data_source } => {
                    self.check_data_source_name(
                        data_source,
                        &format!("{pointer}/data_source"),
                        &context,
                        out,
                    );
                    self.data_sources.iter().any(|s| {
                        &s.name == data_source && matches!(s.kind, DataSourceKind::Lambda { .. })
                    })
                }
                ResolverKind::Pipeline { functions } => {
                    if functions.is_empty() {
                        out.push(
                            Diagnostic::new(
                                Rule::AppsyncUnknownFunction,
                                location(&format!("{pointer}/functions"), "resolvers"),
                                format!("the pipeline resolver of `{field}` runs no function"),
                            )
                            .with_help("list at least one pipeline function"),
                        );
                    }
                    for (i, name) in functions.iter().enumerate() {
                        if self.functions.iter().any(|f| &f.name == name) {
                            continue;
                        }
                        out.push(
                            Diagnostic::new(
                                Rule::AppsyncUnknownFunction,
                                location(&format!("{pointer}/functions/{i}"), "resolvers"),
                                format!("{context} runs `{name}`, which is not a declared pipeline function"),
                            )
                            .with_help(
                                match closest(name, self.functions.iter().map(|f| f.name.as_str())) {
                                    Some(m) => format!("did you mean `{m}`?"),
                                    None => "declare the function first".to_string(),
                                },
                            ),
                        );
                    }
                    false
                }
            };
            match &resolver.code {
                Some(code) => check_code(code, &format!("{pointer}/code"), out),
                None if !direct_lambda => out.push(
                    Diagnostic::new(
                        Rule::AppsyncCodeMissing,
                        location(&format!("{pointer}/code"), "resolvers"),
                        format!("{context} has no code"),
                    )
                    .with_help("give APPSYNC_JS code (or VTL templates); only a resolver on a Lambda data source may go without"),
                ),
                None => {}
            }
        }
    }

    fn check_data_source_name(
        &self,
        name: &str,
        pointer: &str,
        context: &str,
        out: &mut Vec<Diagnostic>,
    ) {
        if self.data_sources.iter().any(|s| s.name == name) {
            return;
        }
        out.push(
            Diagnostic::new(
                Rule::AppsyncUnknownDataSource,
                location(pointer, "data sources"),
                format!("{context} reads the data source `{name}`, which is not declared"),
            )
            .with_help(
                match closest(name, self.data_sources.iter().map(|s| s.name.as_str())) {
                    Some(m) => format!("did you mean `{m}`?"),
                    None => "declare the data source first".to_string(),
                },
            ),
        );
    }
}

/// An API that passed [`GraphqlApi::validate`]: the only form that renders to a template.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidatedApi {
    api: GraphqlApi,
}

impl ValidatedApi {
    /// An API the `graphql_api!` macro validated while the crate was compiled: its expansion
    /// rebuilds the very declaration it checked, so the program neither checks it again nor
    /// carries a way to fail. Not for other callers, who use [`GraphqlApi::validate`].
    #[doc(hidden)]
    pub fn checked_at_compile_time(api: GraphqlApi) -> ValidatedApi {
        ValidatedApi {
            api: api.expanded(),
        }
    }

    /// The API as declared, its models written out.
    pub fn api(&self) -> &GraphqlApi {
        &self.api
    }
}

fn location(pointer: &str, what: &str) -> Location {
    Location {
        pointer: pointer.to_string(),
        state_path: what.to_string(),
        at_key: false,
    }
}

fn check_name(name: &str, what: &str, pointer: &str, out: &mut Vec<Diagnostic>) {
    let mut chars = name.chars();
    let ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric())
        && name.len() <= 64;
    if !ok {
        out.push(
            Diagnostic::new(
                Rule::AppsyncInvalidName,
                location(pointer, what),
                format!("`{name}` is not a valid {what} name"),
            )
            .with_help("use 1 to 64 letters and digits, starting with a letter"),
        );
    }
}

fn check_code(code: &Code, pointer: &str, out: &mut Vec<Diagnostic>) {
    for source in code.sources() {
        if source.text.is_none() {
            out.push(
                Diagnostic::new(
                    Rule::AppsyncCodeMissing,
                    location(pointer, "code"),
                    format!(
                        "the code file `{}` cannot be read",
                        source.path.as_deref().unwrap_or_default()
                    ),
                )
                .with_help(
                    "check the path (relative to the crate's manifest directory for the macro)",
                ),
            );
        }
    }
}

/// A literal that is not the ARN of a Secrets Manager secret: most likely the secret itself.
fn is_literal_secret(value: &Value) -> bool {
    match value {
        Value::Literal(text) => !(text.starts_with("arn:aws") && text.contains(":secretsmanager:")),
        _ => false,
    }
}
