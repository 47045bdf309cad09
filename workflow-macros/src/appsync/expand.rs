//! Stage 4 of `graphql_api!`: the items a declaration expands to.
//!
//! For `pub OrdersApi { … }` the expansion is
//!
//! ```text
//! #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
//! pub struct OrdersApi;
//!
//! impl OrdersApi {
//!     /// The API as declared (the workflow-core model).
//!     pub fn api() -> ::workflow::core::appsync::GraphqlApi { … }
//!     /// The API as validated at compile time (not again at run time), ready for `App::part`.
//!     pub fn validated() -> ::workflow::core::appsync::ValidatedApi {
//!         ::workflow::core::appsync::ValidatedApi::checked_at_compile_time(Self::api())
//!     }
//! }
//! ```
//!
//! Files (the schema, resolver code) are named with `include_str!`, so Cargo rebuilds when they
//! change, and their text is what the model holds. The items are emitted even when the
//! declaration has errors, so code naming the API gets no follow-on errors.

use proc_macro2::TokenStream;
use quote::quote;
use workflow_core::appsync::{
    AuthMode, AuthProvider, AuthRule, AuthRuleKind, Code, ConflictHandler, DataSource,
    DataSourceKind, DefaultAction, GraphqlApi, KeyExpiry, Model, ModelOperation, PipelineFunction,
    RelationKind, Resolver, ResolverKind, Source, TableAccess,
};
use workflow_core::template::{Tree, Value};

use super::lower::Lowered;
use super::syntax::ApiDecl;
use crate::common::Head;

pub fn expand(decl: &ApiDecl, lowered: &Lowered) -> TokenStream {
    let attrs = &decl.attrs;
    let vis = &decl.vis;
    let name = &decl.name;
    let e = Emitter { lowered };
    let api = e.api(&lowered.api);
    quote! {
        #(#attrs)*
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
        #vis struct #name;

        impl #name {
            /// The API as declared (the workflow-core model).
            #[allow(clippy::all)]
            pub fn api() -> ::workflow::core::appsync::GraphqlApi {
                #api
            }

            /// The API as validated (it was validated at compile time), ready for `App::part`.
            pub fn validated() -> ::workflow::core::appsync::ValidatedApi {
                ::workflow::core::appsync::ValidatedApi::checked_at_compile_time(Self::api())
            }
        }
    }
}

/// The items of an API whose declaration does not parse: only their signatures matter, since
/// the crate does not compile and nothing calls them.
pub fn fallback(head: &Head) -> TokenStream {
    let attrs = &head.attrs;
    let vis = &head.vis;
    let name = &head.name;
    quote! {
        #(#attrs)*
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
        #vis struct #name;

        impl #name {
            pub fn api() -> ::workflow::core::appsync::GraphqlApi {
                ::core::unreachable!("the declaration has compile errors")
            }

            pub fn validated() -> ::workflow::core::appsync::ValidatedApi {
                ::core::unreachable!("the declaration has compile errors")
            }
        }
    }
}

struct Emitter<'a> {
    lowered: &'a Lowered,
}

fn string(text: &str) -> TokenStream {
    quote!(::std::string::String::from(#text))
}

fn option<T>(value: Option<&T>, f: impl Fn(&T) -> TokenStream) -> TokenStream {
    match value {
        Some(v) => {
            let v = f(v);
            quote!(::std::option::Option::Some(#v))
        }
        None => quote!(::std::option::Option::None),
    }
}

fn value(v: &Value) -> TokenStream {
    let path = quote!(::workflow::core::template::Value);
    match v {
        Value::Literal(s) => {
            let s = string(s);
            quote!(#path::Literal(#s))
        }
        Value::Ref(name) => {
            let name = string(name);
            quote!(#path::Ref(#name))
        }
        Value::GetAtt(id, attribute) => {
            let (id, attribute) = (string(id), string(attribute));
            quote!(#path::GetAtt(#id, #attribute))
        }
        Value::Sub(text) => {
            let text = string(text);
            quote!(#path::Sub(#text))
        }
        Value::Intrinsic(t) => {
            let t = tree(t);
            quote!(#path::Intrinsic(#t))
        }
    }
}

fn tree(t: &Tree) -> TokenStream {
    let path = quote!(::workflow::core::template::Tree);
    match t {
        Tree::Null => quote!(#path::Null),
        Tree::Bool(b) => quote!(#path::Bool(#b)),
        Tree::Number(n) => {
            let n = string(n);
            quote!(#path::Number(#n))
        }
        Tree::String(s) => {
            let s = string(s);
            quote!(#path::String(#s))
        }
        Tree::Array(items) => {
            let items = items.iter().map(tree);
            quote!(#path::Array(::std::vec![#(#items),*]))
        }
        Tree::Object(members) => {
            let members = members.iter().map(|(k, v)| {
                let (k, v) = (string(k), tree(v));
                quote!((#k, #v))
            });
            quote!(#path::Object(::std::vec![#(#members),*]))
        }
    }
}

impl Emitter<'_> {
    /// The text of a file read at compile time, as an `include_str!` of it.
    fn included(&self, written: &str) -> Option<TokenStream> {
        self.lowered
            .includes
            .iter()
            .find(|i| i.written == written)
            .map(|i| {
                let path = i.path.display().to_string();
                quote!(::std::string::String::from(::std::include_str!(#path)))
            })
    }

    fn api(&self, api: &GraphqlApi) -> TokenStream {
        let id = string(&api.id);
        let name = option(api.name.as_ref(), value);
        let schema = match self.included(&api.schema_origin) {
            Some(text) => text,
            None => string(&api.schema),
        };
        let origin = string(&api.schema_origin);
        let default_auth = option(api.default_auth.as_ref(), auth);
        let additional = api.additional_auth.iter().map(auth);
        let sources = api.data_sources.iter().map(data_source);
        let functions = api.functions.iter().map(|f| self.function(f));
        let resolvers = api.resolvers.iter().map(|r| self.resolver(r));
        let cache = option(api.cache.as_ref(), |c| {
            let (instance, ttl, full) = (string(&c.instance_type), c.ttl_seconds, c.full_request);
            quote!(::workflow::core::appsync::ApiCache { instance_type: #instance, ttl_seconds: #ttl, full_request: #full })
        });
        let domain = option(api.domain.as_ref(), |d| {
            let (domain_name, certificate) = (string(&d.domain_name), value(&d.certificate_arn));
            quote!(::workflow::core::appsync::CustomDomain { domain_name: #domain_name, certificate_arn: #certificate })
        });
        let xray = api.xray;
        let models = api.models.iter().map(model);
        let sync = option(api.sync.as_ref(), conflict_handler);
        quote! {
            ::workflow::core::appsync::GraphqlApi {
                id: #id,
                name: #name,
                schema: #schema,
                schema_origin: #origin,
                default_auth: #default_auth,
                additional_auth: ::std::vec![#(#additional),*],
                data_sources: ::std::vec![#(#sources),*],
                functions: ::std::vec![#(#functions),*],
                resolvers: ::std::vec![#(#resolvers),*],
                cache: #cache,
                domain: #domain,
                xray: #xray,
                models: ::std::vec![#(#models),*],
                sync: #sync,
            }
        }
    }

    fn source(&self, source: &Source) -> TokenStream {
        let path = option(source.path.as_ref(), |p| string(p));
        let text = match source.path.as_deref().and_then(|p| self.included(p)) {
            Some(text) => quote!(::std::option::Option::Some(#text)),
            None => option(source.text.as_ref(), |t| string(t)),
        };
        quote!(::workflow::core::appsync::Source { path: #path, text: #text })
    }

    fn code(&self, code: &Code) -> TokenStream {
        match code {
            Code::Js(source) => {
                let source = self.source(source);
                quote!(::workflow::core::appsync::Code::Js(#source))
            }
            Code::Vtl { request, response } => {
                let (request, response) = (self.source(request), self.source(response));
                quote!(::workflow::core::appsync::Code::Vtl { request: #request, response: #response })
            }
        }
    }

    fn function(&self, f: &PipelineFunction) -> TokenStream {
        let (name, data_source) = (string(&f.name), string(&f.data_source));
        let code = self.code(&f.code);
        let description = option(f.description.as_ref(), |d| string(d));
        quote! {
            ::workflow::core::appsync::PipelineFunction {
                name: #name, data_source: #data_source, code: #code, description: #description,
            }
        }
    }

    fn resolver(&self, r: &Resolver) -> TokenStream {
        let (type_name, field_name) = (string(&r.type_name), string(&r.field_name));
        let kind = match &r.kind {
            ResolverKind::Unit { data_source } => {
                let data_source = string(data_source);
                quote!(::workflow::core::appsync::ResolverKind::Unit { data_source: #data_source })
            }
            ResolverKind::Pipeline { functions } => {
                let functions = functions.iter().map(|f| string(f));
                quote!(::workflow::core::appsync::ResolverKind::Pipeline {
                    functions: ::std::vec![#(#functions),*]
                })
            }
        };
        let code = option(r.code.as_ref(), |c| self.code(c));
        let caching = option(r.caching.as_ref(), |c| {
            let ttl = c.ttl_seconds;
            let keys = c.keys.iter().map(|k| string(k));
            quote!(::workflow::core::appsync::ResolverCaching { ttl_seconds: #ttl, keys: ::std::vec![#(#keys),*] })
        });
        let sync = option(r.sync.as_ref(), conflict_handler);
        quote! {
            ::workflow::core::appsync::Resolver {
                type_name: #type_name, field_name: #field_name, kind: #kind, code: #code, caching: #caching, sync: #sync,
            }
        }
    }
}

fn auth(provider: &AuthProvider) -> TokenStream {
    let path = quote!(::workflow::core::appsync::AuthProvider);
    match provider {
        AuthProvider::ApiKey { expiry } => {
            let expiry = match expiry {
                KeyExpiry::Default => quote!(::workflow::core::appsync::KeyExpiry::Default),
                KeyExpiry::Days {
                    days,
                    from_unix_seconds,
                } => {
                    quote!(::workflow::core::appsync::KeyExpiry::Days { days: #days, from_unix_seconds: #from_unix_seconds })
                }
            };
            quote!(#path::ApiKey { expiry: #expiry })
        }
        AuthProvider::Iam => quote!(#path::Iam),
        AuthProvider::OpenIdConnect {
            issuer,
            client_id,
            issued_at_ttl_ms,
            auth_ttl_ms,
        } => {
            let issuer = option(issuer.as_ref(), |s| string(s));
            let client_id = option(client_id.as_ref(), |s| string(s));
            let iat = option(issued_at_ttl_ms.as_ref(), |n| quote!(#n));
            let auth = option(auth_ttl_ms.as_ref(), |n| quote!(#n));
            quote!(#path::OpenIdConnect { issuer: #issuer, client_id: #client_id, issued_at_ttl_ms: #iat, auth_ttl_ms: #auth })
        }
        AuthProvider::CognitoUserPools {
            user_pool_id,
            app_id_client_regex,
            default_action,
        } => {
            let pool = value(user_pool_id);
            let regex = option(app_id_client_regex.as_ref(), |s| string(s));
            let action = match default_action {
                DefaultAction::Allow => quote!(::workflow::core::appsync::DefaultAction::Allow),
                DefaultAction::Deny => quote!(::workflow::core::appsync::DefaultAction::Deny),
            };
            quote!(#path::CognitoUserPools { user_pool_id: #pool, app_id_client_regex: #regex, default_action: #action })
        }
        AuthProvider::Lambda {
            function_arn,
            result_ttl_seconds,
            identity_validation_expression,
        } => {
            let function = value(function_arn);
            let ttl = option(result_ttl_seconds.as_ref(), |n| quote!(#n));
            let expression = option(identity_validation_expression.as_ref(), |s| string(s));
            quote!(#path::Lambda { function_arn: #function, result_ttl_seconds: #ttl, identity_validation_expression: #expression })
        }
    }
}

fn data_source(source: &DataSource) -> TokenStream {
    let kinds = quote!(::workflow::core::appsync::DataSourceKind);
    let kind = match &source.kind {
        DataSourceKind::DynamoDb { table_name, access } => {
            let table = value(table_name);
            let access = match access {
                TableAccess::ReadOnly => quote!(::workflow::core::appsync::TableAccess::ReadOnly),
                TableAccess::ReadWrite => quote!(::workflow::core::appsync::TableAccess::ReadWrite),
            };
            quote!(#kinds::DynamoDb { table_name: #table, access: #access })
        }
        DataSourceKind::Table {
            partition_key,
            indexes,
            versioned,
        } => {
            let key = string(partition_key);
            let indexes = indexes.iter().map(|i| {
                let (name, pk) = (string(&i.name), string(&i.partition_key));
                let sk = option(i.sort_key.as_ref(), |s| string(s));
                quote!(::workflow::core::appsync::TableIndex { name: #name, partition_key: #pk, sort_key: #sk })
            });
            quote!(#kinds::Table { partition_key: #key, indexes: ::std::vec![#(#indexes),*], versioned: #versioned })
        }
        DataSourceKind::Lambda { function_arn } => {
            let f = value(function_arn);
            quote!(#kinds::Lambda { function_arn: #f })
        }
        DataSourceKind::Http { endpoint } => {
            let e = value(endpoint);
            quote!(#kinds::Http { endpoint: #e })
        }
        DataSourceKind::Rds {
            cluster_arn,
            secret_arn,
            database,
        } => {
            let (c, s) = (value(cluster_arn), value(secret_arn));
            let d = option(database.as_ref(), |d| string(d));
            quote!(#kinds::Rds { cluster_arn: #c, secret_arn: #s, database: #d })
        }
        DataSourceKind::OpenSearch {
            endpoint,
            domain_arn,
        } => {
            let (e, d) = (value(endpoint), value(domain_arn));
            quote!(#kinds::OpenSearch { endpoint: #e, domain_arn: #d })
        }
        DataSourceKind::EventBridge { event_bus_arn } => {
            let b = value(event_bus_arn);
            quote!(#kinds::EventBridge { event_bus_arn: #b })
        }
        DataSourceKind::None => quote!(#kinds::None),
        DataSourceKind::Workflow { state_machine } => {
            let m = string(state_machine);
            quote!(#kinds::Workflow { state_machine: #m })
        }
    };
    let name = string(&source.name);
    let description = option(source.description.as_ref(), |d| string(d));
    quote!(::workflow::core::appsync::DataSource { name: #name, kind: #kind, description: #description })
}

fn conflict_handler(handler: &ConflictHandler) -> TokenStream {
    let path = quote!(::workflow::core::appsync::ConflictHandler);
    match handler {
        ConflictHandler::Automerge => quote!(#path::Automerge),
        ConflictHandler::OptimisticConcurrency => quote!(#path::OptimisticConcurrency),
        ConflictHandler::Lambda(arn) => {
            let arn = value(arn);
            quote!(#path::Lambda(#arn))
        }
    }
}

fn auth_mode(mode: AuthMode) -> TokenStream {
    let path = quote!(::workflow::core::appsync::AuthMode);
    match mode {
        AuthMode::ApiKey => quote!(#path::ApiKey),
        AuthMode::Iam => quote!(#path::Iam),
        AuthMode::OpenIdConnect => quote!(#path::OpenIdConnect),
        AuthMode::CognitoUserPools => quote!(#path::CognitoUserPools),
        AuthMode::Lambda => quote!(#path::Lambda),
    }
}

fn rule(rule: &AuthRule) -> TokenStream {
    let kinds = quote!(::workflow::core::appsync::AuthRuleKind);
    let kind = match &rule.kind {
        AuthRuleKind::Owner { field } => {
            let field = string(field);
            quote!(#kinds::Owner { field: #field })
        }
        AuthRuleKind::Groups { groups } => {
            let groups = groups.iter().map(|g| string(g));
            quote!(#kinds::Groups { groups: ::std::vec![#(#groups),*] })
        }
        AuthRuleKind::GroupsField { field } => {
            let field = string(field);
            quote!(#kinds::GroupsField { field: #field })
        }
        AuthRuleKind::Public => quote!(#kinds::Public),
        AuthRuleKind::Private => quote!(#kinds::Private),
        AuthRuleKind::Custom => quote!(#kinds::Custom),
    };
    let mode = auth_mode(rule.mode);
    let operations = rule.operations.iter().map(|o| {
        let path = quote!(::workflow::core::appsync::ModelOperation);
        match o {
            ModelOperation::Create => quote!(#path::Create),
            ModelOperation::Read => quote!(#path::Read),
            ModelOperation::Update => quote!(#path::Update),
            ModelOperation::Delete => quote!(#path::Delete),
        }
    });
    quote!(::workflow::core::appsync::AuthRule { kind: #kind, mode: #mode, operations: ::std::vec![#(#operations),*] })
}

fn model(m: &Model) -> TokenStream {
    let (name, key, timestamps) = (string(&m.name), string(&m.key), m.timestamps);
    let fields = m.fields.iter().map(|f| {
        let (name, ty) = (string(&f.name), string(&f.ty));
        let relation = option(f.relation.as_ref(), |r| {
            let kinds = quote!(::workflow::core::appsync::RelationKind);
            let kind = match r.kind {
                RelationKind::HasOne => quote!(#kinds::HasOne),
                RelationKind::HasMany => quote!(#kinds::HasMany),
                RelationKind::BelongsTo => quote!(#kinds::BelongsTo),
            };
            let (model, reference) = (string(&r.model), string(&r.reference));
            quote!(::workflow::core::appsync::Relation { kind: #kind, model: #model, reference: #reference })
        });
        let rules = f.rules.iter().map(rule);
        quote!(::workflow::core::appsync::ModelField { name: #name, ty: #ty, relation: #relation, rules: ::std::vec![#(#rules),*] })
    });
    let indexes = m.indexes.iter().map(|i| {
        let (name, pk, query) = (string(&i.name), string(&i.partition_key), string(&i.query));
        let sk = option(i.sort_key.as_ref(), |s| string(s));
        quote!(::workflow::core::appsync::ModelIndex { name: #name, partition_key: #pk, sort_key: #sk, query: #query })
    });
    let rules = m.rules.iter().map(rule);
    quote! {
        ::workflow::core::appsync::Model {
            name: #name,
            key: #key,
            fields: ::std::vec![#(#fields),*],
            indexes: ::std::vec![#(#indexes),*],
            rules: ::std::vec![#(#rules),*],
            timestamps: #timestamps,
        }
    }
}
