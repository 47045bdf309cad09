//! Stage 2 of `graphql_api!`: the argument tree → the workflow-core API model, a map from the
//! model's JSON Pointers (as the validator reports them) to the tokens they came from, and the
//! files read (for `include_str!`).

use std::path::PathBuf;

use proc_macro2::TokenStream;
use workflow_core::appsync::{
    ApiCache, AuthMode, AuthProvider, AuthRule, Code, ConflictHandler, CustomDomain, DataSource,
    DefaultAction, GraphqlApi, Model, ModelOperation, PipelineFunction, Resolver, Source,
};
use workflow_core::template::Value;

use super::syntax::{ApiDecl, Arg, ArgKind, Entry};

const API_KEYS: &[&str] = &[
    "schema",
    "name",
    "auth",
    "additional_auth",
    "data_sources",
    "functions",
    "resolvers",
    "cache",
    "domain",
    "xray",
    "models",
    "sync",
];
const MODEL_KEYS: &[&str] = &[
    "key",
    "fields",
    "indexes",
    "rules",
    "field_rules",
    "timestamps",
];
const RULE_KINDS: &[&str] = &[
    "owner",
    "groups",
    "groups_field",
    "public",
    "private",
    "custom",
];
const RELATION_KINDS: &[&str] = &["has_many", "has_one", "belongs_to"];
const OPERATIONS: &[&str] = &["create", "read", "update", "delete"];
const CONFLICT_HANDLERS: &[&str] = &["AUTOMERGE", "OPTIMISTIC_CONCURRENCY", "LAMBDA"];
const AUTH_MODES: &[&str] = &[
    "API_KEY",
    "AWS_IAM",
    "OPENID_CONNECT",
    "AMAZON_COGNITO_USER_POOLS",
    "AWS_LAMBDA",
];
const SOURCE_KINDS: &[&str] = &[
    "table",
    "dynamodb",
    "lambda",
    "http",
    "rds",
    "opensearch",
    "eventbridge",
    "none",
    "workflow",
];
const VALUE_WORDS: &[&str] = &["param", "ref", "get_att", "sub"];

/// A file the expansion names with `include_str!`: as written, and where it is.
pub struct Include {
    pub written: String,
    pub path: PathBuf,
}

/// The lowered declaration.
pub struct Lowered {
    pub api: GraphqlApi,
    /// `(pointer, tokens)`: the validator's pointers resolve to the longest recorded prefix.
    pub spans: Vec<(String, TokenStream)>,
    pub errors: Vec<syn::Error>,
    pub includes: Vec<Include>,
}

impl Lowered {
    /// The tokens of the longest recorded pointer that `pointer` starts with; the last one
    /// recorded wins a tie (`max_by_key` keeps the last maximum), so a duplicate points at its
    /// second declaration.
    pub fn tokens_for(&self, pointer: &str) -> Option<&TokenStream> {
        crate::workflow::lower::best(&self.spans, pointer, true).map(|(_, t)| t)
    }
}

struct Lowerer {
    spans: Vec<(String, TokenStream)>,
    errors: Vec<syn::Error>,
    includes: Vec<Include>,
    manifest_dir: PathBuf,
}

type Res<T> = Result<T, syn::Error>;

fn err<T>(tokens: &TokenStream, message: impl std::fmt::Display) -> Res<T> {
    Err(syn::Error::new_spanned(tokens, message))
}

fn unknown(tokens: &TokenStream, what: &str, name: &str, allowed: &[&str]) -> syn::Error {
    syn::Error::new_spanned(tokens, crate::common::unknown(what, name, None, allowed))
}

/// Lowers the declaration; `manifest_dir` is where `file("…")` paths start.
pub fn lower(decl: &ApiDecl, manifest_dir: PathBuf) -> Lowered {
    let mut l = Lowerer {
        spans: Vec::new(),
        errors: Vec::new(),
        includes: Vec::new(),
        manifest_dir,
    };
    let mut api = GraphqlApi::new(decl.name.to_string());
    let name = &decl.name;
    l.spans.push((String::new(), quote::quote!(#name)));
    for entry in &decl.entries {
        let key = entry.key_text();
        if let Err(e) = l.api_entry(&mut api, &key, entry) {
            l.errors.push(e);
        }
    }
    Lowered {
        api,
        spans: l.spans,
        errors: l.errors,
        includes: l.includes,
    }
}

impl Lowerer {
    fn record(&mut self, pointer: String, tokens: &TokenStream) {
        self.spans.push((pointer, tokens.clone()));
    }

    fn api_entry(&mut self, api: &mut GraphqlApi, key: &str, entry: &Entry) -> Res<()> {
        let value = &entry.value;
        match key {
            "schema" => {
                self.record("/schema".into(), &value.tokens);
                match &value.kind {
                    ArgKind::Str(s) => api.schema = s.value(),
                    _ => {
                        let (written, text) = self.file(value)?;
                        api.schema_origin = written;
                        api.schema = text.unwrap_or_default();
                    }
                }
            }
            "name" => api.name = Some(self.value(value)?),
            "auth" => {
                self.record("/auth/default".into(), &value.tokens);
                api.default_auth = Some(self.auth(value)?);
            }
            "additional_auth" => {
                let ArgKind::List(items) = &value.kind else {
                    return err(
                        &value.tokens,
                        "expected a list of auth modes `[API_KEY, …]`",
                    );
                };
                for item in items {
                    let pointer = format!("/auth/additional/{}", api.additional_auth.len());
                    self.record(pointer, &item.tokens);
                    match self.auth(item) {
                        Ok(provider) => api.additional_auth.push(provider),
                        Err(e) => self.errors.push(e),
                    }
                }
            }
            "data_sources" => {
                for source in self.map(value, "data sources `{ Name: kind { … }, … }`")? {
                    let name = source.key_text();
                    self.record(format!("/data_sources/{name}"), &source.key_tokens());
                    match self.data_source(&name, source) {
                        Ok(s) => api.data_sources.push(s),
                        Err(e) => self.errors.push(e),
                    }
                }
            }
            "functions" => {
                for function in self.map(value, "functions `{ Name: DataSource => js(…), … }`")?
                {
                    let name = function.key_text();
                    let pointer = format!("/functions/{name}");
                    self.record(pointer.clone(), &function.key_tokens());
                    self.record(format!("{pointer}/data_source"), &function.value.tokens);
                    let data_source = match self.word(&function.value, "a data source name") {
                        Ok(d) => d,
                        Err(e) => {
                            self.errors.push(e);
                            continue;
                        }
                    };
                    let Some(code) = &function.code else {
                        self.errors.push(syn::Error::new_spanned(
                            function.key_tokens(),
                            format!("the function `{name}` has no code: add `=> js(file(\"…\"))`"),
                        ));
                        continue;
                    };
                    self.record(format!("{pointer}/code"), &code.tokens);
                    match self.code(code) {
                        Ok(code) => {
                            api.functions
                                .push(PipelineFunction::new(name, data_source, code))
                        }
                        Err(e) => self.errors.push(e),
                    }
                }
            }
            "resolvers" => {
                for resolver in
                    self.map(value, "resolvers `{ Type.field: DataSource => js(…), … }`")?
                {
                    if let Err(e) = self.resolver(api, resolver) {
                        self.errors.push(e);
                    }
                }
            }
            "cache" => {
                let options =
                    self.options(value, &["instance_type", "ttl_seconds", "full_request"])?;
                api.cache = Some(ApiCache {
                    instance_type: match options.get("instance_type") {
                        Some(a) => self.string(a)?,
                        None => "SMALL".to_string(),
                    },
                    ttl_seconds: match options.get("ttl_seconds") {
                        Some(a) => self.int(a)?,
                        None => 300,
                    },
                    full_request: match options.get("full_request") {
                        Some(a) => self.boolean(a)?,
                        None => false,
                    },
                });
            }
            "domain" => {
                let options = self.options(value, &["name", "certificate"])?;
                let (Some(name), Some(certificate)) =
                    (options.get("name"), options.get("certificate"))
                else {
                    return err(&value.tokens, "a domain needs `name` and `certificate`");
                };
                api.domain = Some(CustomDomain {
                    domain_name: self.string(name)?,
                    certificate_arn: self.value(certificate)?,
                });
            }
            "xray" => api.xray = self.boolean(value)?,
            "models" => {
                for entry in self.map(value, "models `{ Name: { fields: { … }, … }, … }`")? {
                    let name = entry.key_text();
                    self.record(format!("/models/{name}"), &entry.key_tokens());
                    match self.model(&name, &entry.value) {
                        Ok(model) => api.models.push(model),
                        Err(e) => self.errors.push(e),
                    }
                }
            }
            "sync" => {
                if let ArgKind::Word {
                    word,
                    args: None,
                    map: Some(entries),
                } = &value.kind
                    && word == "LAMBDA"
                {
                    let options = self.entries(entries, &["function_arn"])?;
                    let Some(arn) = options.get("function_arn") else {
                        return err(&value.tokens, "LAMBDA needs `function_arn`");
                    };
                    api.sync = Some(ConflictHandler::Lambda(self.value(arn)?));
                    return Ok(());
                }
                let word = self.word(value, "a conflict handler such as `AUTOMERGE`");
                api.sync = Some(match (word?.as_str(), &value.kind) {
                    ("AUTOMERGE", _) => ConflictHandler::Automerge,
                    ("OPTIMISTIC_CONCURRENCY", _) => ConflictHandler::OptimisticConcurrency,
                    ("LAMBDA", _) => {
                        return err(
                            &value.tokens,
                            "LAMBDA needs its function: `LAMBDA { function_arn: param(\"…\") }`",
                        );
                    }
                    (other, _) => {
                        return Err(unknown(
                            &value.tokens,
                            "conflict handler",
                            other,
                            CONFLICT_HANDLERS,
                        ));
                    }
                });
            }
            other => {
                return Err(unknown(&entry.key_tokens(), "key", other, API_KEYS));
            }
        }
        Ok(())
    }

    fn resolver(&mut self, api: &mut GraphqlApi, entry: &Entry) -> Res<()> {
        let field = entry.key_text();
        if entry.key.len() != 2 {
            return err(
                &entry.key_tokens(),
                "a resolver is attached to `Type.field`",
            );
        }
        let pointer = format!("/resolvers/{field}");
        self.record(pointer.clone(), &entry.key_tokens());
        let value = &entry.value;
        let mut resolver = match &value.kind {
            ArgKind::Word {
                word,
                args: Some(args),
                map: None,
            } if word == "pipeline" => {
                self.record(format!("{pointer}/functions"), &value.tokens);
                let mut names = Vec::new();
                for (i, arg) in args.iter().enumerate() {
                    self.record(format!("{pointer}/functions/{i}"), &arg.tokens);
                    names.push(self.word(arg, "a pipeline function name")?);
                }
                Resolver::pipeline(&field, names)
            }
            _ => {
                self.record(format!("{pointer}/data_source"), &value.tokens);
                Resolver::unit(
                    &field,
                    self.word(value, "a data source name or `pipeline(…)`")?,
                )
            }
        };
        if let Some(code) = &entry.code {
            self.record(format!("{pointer}/code"), &code.tokens);
            resolver = resolver.code(self.code(code)?);
        }
        api.resolvers.push(resolver);
        Ok(())
    }

    /// `{ key: "id", fields: { … }, indexes: { … }, rules: [ … ], field_rules: { … },
    /// timestamps: false }`.
    fn model(&mut self, name: &str, arg: &Arg) -> Res<Model> {
        let options = self.options(arg, MODEL_KEYS)?;
        let pointer = format!("/models/{name}");
        let mut model = Model::new(name);
        if let Some(key) = options.get("key") {
            model = model.key(self.word(key, "the key field's name")?);
        }
        if let Some(fields) = options.get("fields") {
            for field in self.map(fields, "fields `{ name: \"Type\", … }`")? {
                let field_name = field.key_text();
                let at = format!("{pointer}/fields/{field_name}");
                self.record(at.clone(), &field.value.tokens);
                model = match &field.value.kind {
                    ArgKind::Word {
                        word,
                        args: Some(args),
                        map: None,
                    } => {
                        let kind = word.to_string();
                        let [target, reference] = args.as_slice() else {
                            return err(
                                &field.value.tokens,
                                format!("write `{kind}(Model, reference_field)`"),
                            );
                        };
                        self.record(format!("{at}/model"), &target.tokens);
                        self.record(format!("{at}/reference"), &reference.tokens);
                        let target = self.word(target, "a model name")?;
                        let reference = self.word(reference, "the reference field")?;
                        match kind.as_str() {
                            "has_many" => model.has_many(&field_name, &target, &reference),
                            "has_one" => model.has_one(&field_name, &target, &reference),
                            "belongs_to" => model.belongs_to(&field_name, &target, &reference),
                            other => {
                                return Err(unknown(
                                    &field.value.tokens,
                                    "relation",
                                    other,
                                    RELATION_KINDS,
                                ));
                            }
                        }
                    }
                    _ => model.field(
                        field_name,
                        self.word(&field.value, "a type such as `\"Float!\"`")?,
                    ),
                };
            }
        }
        if let Some(indexes) = options.get("indexes") {
            for index in self.map(indexes, "indexes `{ byStatus: { partition: status, sort: placedAt, query: ordersByStatus }, … }`")? {
                let index_name = index.key_text();
                self.record(format!("{pointer}/indexes/{index_name}"), &index.value.tokens);
                let o = self.options(&index.value, &["partition", "sort", "query"])?;
                let (Some(partition), Some(query)) = (o.get("partition"), o.get("query")) else {
                    return err(&index.value.tokens, "an index needs `partition` and `query`");
                };
                let sort = o.get("sort").map(|s| self.word(s, "a field name")).transpose()?;
                model = model.index(
                    index_name,
                    self.word(partition, "a field name")?,
                    sort.as_deref(),
                    self.word(query, "the query field's name")?,
                );
            }
        }
        if let Some(rules) = options.get("rules") {
            for (i, rule) in self
                .list(rules, "a list of rules `[owner(field), public, …]`")?
                .iter()
                .enumerate()
            {
                self.record(format!("{pointer}/rules/{i}"), &rule.tokens);
                model = model.rule(self.rule(rule)?);
            }
        }
        if let Some(field_rules) = options.get("field_rules") {
            for entry in self.map(field_rules, "field rules `{ field: [rule, …], … }`")? {
                let field = entry.key_text();
                let list = self.list(&entry.value, "a list of rules")?;
                for (i, rule) in list.iter().enumerate() {
                    self.record(format!("{pointer}/fields/{field}/rules/{i}"), &rule.tokens);
                    model = model.field_rule(&field, self.rule(rule)?);
                }
            }
        }
        if let Some(timestamps) = options.get("timestamps") {
            model = model.timestamps(self.boolean(timestamps)?);
        }
        Ok(model)
    }

    /// `owner(field)`, `groups("A", "B")`, `groups_field(field)`, `public`, `private`, `custom`,
    /// each with an optional `{ mode: AWS_IAM, operations: [read] }`.
    fn rule(&mut self, arg: &Arg) -> Res<AuthRule> {
        let ArgKind::Word { word, args, map } = &arg.kind else {
            return err(
                &arg.tokens,
                "expected a rule such as `owner(owner)` or `public`",
            );
        };
        let kind = word.to_string();
        let args = args.as_deref().unwrap_or_default();
        let one = |l: &Self| -> Res<String> {
            match args {
                [field] => l.word(field, "a field name"),
                _ => err(&arg.tokens, format!("write `{kind}(field)`")),
            }
        };
        let mut rule = match kind.as_str() {
            "owner" => AuthRule::owner(one(self)?),
            "groups_field" => AuthRule::groups_field(one(self)?),
            "groups" => AuthRule::groups(
                args.iter()
                    .map(|a| self.word(a, "a group name"))
                    .collect::<Res<Vec<_>>>()?,
            ),
            "public" | "private" | "custom" if !args.is_empty() => {
                return err(&arg.tokens, format!("`{kind}` takes no arguments"));
            }
            "public" => AuthRule::public(),
            "private" => AuthRule::private(),
            "custom" => AuthRule::custom(),
            other => return Err(unknown(&arg.tokens, "rule", other, RULE_KINDS)),
        };
        let empty = Vec::new();
        let options = self.entries(map.as_ref().unwrap_or(&empty), &["mode", "operations"])?;
        if let Some(mode) = options.get("mode") {
            let name = self.word(mode, "an auth mode such as `AWS_IAM`")?;
            rule = rule.mode(
                AuthMode::from_name(&name)
                    .ok_or_else(|| unknown(&mode.tokens, "auth mode", &name, AUTH_MODES))?,
            );
        }
        if let Some(operations) = options.get("operations") {
            let mut list = Vec::new();
            for op in self.list(
                operations,
                "a list of operations `[create, read, update, delete]`",
            )? {
                let name = self.word(op, "an operation")?;
                list.push(
                    ModelOperation::ALL
                        .into_iter()
                        .find(|o| o.as_str() == name)
                        .ok_or_else(|| unknown(&op.tokens, "operation", &name, OPERATIONS))?,
                );
            }
            rule = rule.operations(list);
        }
        Ok(rule)
    }

    fn list<'a>(&self, arg: &'a Arg, what: &str) -> Res<&'a [Arg]> {
        match &arg.kind {
            ArgKind::List(items) => Ok(items),
            _ => err(&arg.tokens, format!("expected {what}")),
        }
    }

    fn auth(&mut self, arg: &Arg) -> Res<AuthProvider> {
        let ArgKind::Word {
            word,
            args: None,
            map,
        } = &arg.kind
        else {
            return err(
                &arg.tokens,
                "expected an auth mode such as `API_KEY` or `AWS_IAM { … }`",
            );
        };
        let mode_name = word.to_string();
        let Some(mode) = AuthMode::from_name(&mode_name) else {
            return Err(unknown(&arg.tokens, "auth mode", &mode_name, AUTH_MODES));
        };
        let empty = Vec::new();
        let entries = map.as_ref().unwrap_or(&empty);
        let allowed: &[&str] = match mode {
            AuthMode::ApiKey => &["expires_in_days", "from_unix_seconds"],
            AuthMode::Iam => &[],
            AuthMode::OpenIdConnect => &["issuer", "client_id", "iat_ttl_ms", "auth_ttl_ms"],
            AuthMode::CognitoUserPools => {
                &["user_pool_id", "app_id_client_regex", "default_action"]
            }
            AuthMode::Lambda => &["function_arn", "result_ttl_seconds"],
        };
        let options = self.entries(entries, allowed)?;
        let missing =
            |key: &str| syn::Error::new_spanned(&arg.tokens, format!("{mode_name} needs `{key}`"));
        Ok(match mode {
            AuthMode::ApiKey => match (
                options.get("expires_in_days"),
                options.get("from_unix_seconds"),
            ) {
                (None, None) => AuthProvider::api_key(),
                (Some(days), Some(from)) => {
                    AuthProvider::api_key_expiring(self.int(days)?, self.int(from)?)
                }
                (Some(_), None) => return Err(missing("from_unix_seconds")),
                (None, Some(_)) => return Err(missing("expires_in_days")),
            },
            AuthMode::Iam => AuthProvider::iam(),
            AuthMode::OpenIdConnect => AuthProvider::OpenIdConnect {
                issuer: options.get("issuer").map(|a| self.string(a)).transpose()?,
                client_id: options
                    .get("client_id")
                    .map(|a| self.string(a))
                    .transpose()?,
                issued_at_ttl_ms: options.get("iat_ttl_ms").map(|a| self.int(a)).transpose()?,
                auth_ttl_ms: options
                    .get("auth_ttl_ms")
                    .map(|a| self.int(a))
                    .transpose()?,
            },
            AuthMode::CognitoUserPools => {
                let pool = options
                    .get("user_pool_id")
                    .ok_or_else(|| missing("user_pool_id"))?;
                let mut provider = AuthProvider::cognito_user_pools(self.value(pool)?);
                if let Some(regex) = options.get("app_id_client_regex") {
                    provider = provider.app_id_client_regex(self.string(regex)?);
                }
                if let Some(action) = options.get("default_action") {
                    provider = provider.default_action(
                        match self.word(action, "`ALLOW` or `DENY`")?.as_str() {
                            "ALLOW" => DefaultAction::Allow,
                            "DENY" => DefaultAction::Deny,
                            other => {
                                return Err(unknown(
                                    &action.tokens,
                                    "default action",
                                    other,
                                    &["ALLOW", "DENY"],
                                ));
                            }
                        },
                    );
                }
                provider
            }
            AuthMode::Lambda => {
                let function = options
                    .get("function_arn")
                    .ok_or_else(|| missing("function_arn"))?;
                let mut provider = AuthProvider::lambda(self.value(function)?);
                if let Some(ttl) = options.get("result_ttl_seconds") {
                    provider = provider.result_ttl_seconds(self.int(ttl)?);
                }
                provider
            }
        })
    }

    fn data_source(&mut self, name: &str, entry: &Entry) -> Res<DataSource> {
        let arg = &entry.value;
        let ArgKind::Word { word, args, map } = &arg.kind else {
            return err(
                &arg.tokens,
                "expected a data source kind such as `table { partition_key: \"id\" }`",
            );
        };
        let kind = word.to_string();
        let empty = Vec::new();
        let entries = map.as_ref().unwrap_or(&empty);
        if args.is_some() {
            return err(
                &arg.tokens,
                format!("write `{kind} {{ … }}`, not `{kind}(…)`"),
            );
        }
        let allowed: &[&str] = match kind.as_str() {
            "table" => &["partition_key", "description"],
            "dynamodb" => &["table", "read_only", "description"],
            "lambda" => &["function_arn", "description"],
            "http" => &["endpoint", "description"],
            "rds" => &["cluster_arn", "secret_arn", "database", "description"],
            "opensearch" => &["endpoint", "domain_arn", "description"],
            "eventbridge" => &["event_bus_arn", "description"],
            "none" => &["description"],
            "workflow" => &["state_machine", "description"],
            other => {
                return Err(unknown(
                    &quote::quote!(#word),
                    "data source kind",
                    other,
                    SOURCE_KINDS,
                ));
            }
        };
        let options = self.entries(entries, allowed)?;
        let required = |key: &str| {
            options.get(key).copied().ok_or_else(|| {
                syn::Error::new_spanned(
                    &arg.tokens,
                    format!("a `{kind}` data source needs `{key}`"),
                )
            })
        };
        let source = match kind.as_str() {
            "table" => DataSource::table(name, self.string(required("partition_key")?)?),
            "dynamodb" => {
                let table = self.value(required("table")?)?;
                match options.get("read_only") {
                    Some(a) if self.boolean(a)? => DataSource::dynamodb_read_only(name, table),
                    _ => DataSource::dynamodb(name, table),
                }
            }
            "lambda" => DataSource::lambda(name, self.value(required("function_arn")?)?),
            "http" => DataSource::http(name, self.value(required("endpoint")?)?),
            "rds" => {
                let secret = required("secret_arn")?;
                self.record(format!("/data_sources/{name}/secret"), &secret.tokens);
                let mut source = DataSource::rds(
                    name,
                    self.value(required("cluster_arn")?)?,
                    self.value(secret)?,
                );
                if let Some(db) = options.get("database") {
                    source = source.database(self.string(db)?);
                }
                source
            }
            "opensearch" => DataSource::opensearch(
                name,
                self.value(required("endpoint")?)?,
                self.value(required("domain_arn")?)?,
            ),
            "eventbridge" => DataSource::eventbridge(name, self.value(required("event_bus_arn")?)?),
            "workflow" => DataSource::workflow(
                name,
                self.word(required("state_machine")?, "a state machine's logical id")?,
            ),
            _ => DataSource::none(name),
        };
        match options.get("description") {
            Some(text) => Ok(source.description(self.string(text)?)),
            None => Ok(source),
        }
    }

    fn code(&mut self, arg: &Arg) -> Res<Code> {
        let ArgKind::Word {
            word,
            args: Some(args),
            map: None,
        } = &arg.kind
        else {
            return err(
                &arg.tokens,
                "expected `js(file(\"…\"))`, `js(\"…\")` or `vtl(request, response)`",
            );
        };
        match (word.to_string().as_str(), args.as_slice()) {
            ("js", [source]) => Ok(Code::Js(self.source(source)?)),
            ("vtl", [request, response]) => Ok(Code::Vtl {
                request: self.source(request)?,
                response: self.source(response)?,
            }),
            (other, _) => Err(unknown(
                &arg.tokens,
                "code form",
                other,
                &["js(…)", "vtl(…, …)"],
            )),
        }
    }

    fn source(&mut self, arg: &Arg) -> Res<Source> {
        match &arg.kind {
            ArgKind::Str(s) => Ok(Source::inline(s.value())),
            _ => {
                let (written, text) = self.file(arg)?;
                Ok(Source::file_text(written, text))
            }
        }
    }

    /// `file("path")`: the path as written and the file's text, `None` when it cannot be read.
    fn file(&mut self, arg: &Arg) -> Res<(String, Option<String>)> {
        let ArgKind::Word {
            word,
            args: Some(args),
            map: None,
        } = &arg.kind
        else {
            return err(&arg.tokens, "expected a string or `file(\"path\")`");
        };
        match (word.to_string().as_str(), args.as_slice()) {
            (
                "file",
                [
                    Arg {
                        kind: ArgKind::Str(path),
                        ..
                    },
                ],
            ) => {
                let written = path.value();
                let full = self.manifest_dir.join(&written);
                let text = std::fs::read_to_string(&full).ok();
                if text.is_some() {
                    self.includes.push(Include {
                        written: written.clone(),
                        path: full,
                    });
                }
                Ok((written, text))
            }
            _ => err(&arg.tokens, "expected a string or `file(\"path\")`"),
        }
    }

    fn value(&mut self, arg: &Arg) -> Res<Value> {
        let invalid = || {
            syn::Error::new_spanned(
                &arg.tokens,
                "expected a value: a string, `param(\"Name\")`, `ref(\"LogicalId\")`, `get_att(\"LogicalId\", \"Attribute\")` or `sub(\"text\")`",
            )
        };
        match &arg.kind {
            ArgKind::Str(s) => Ok(Value::literal(s.value())),
            ArgKind::Word {
                word,
                args: Some(args),
                map: None,
            } => {
                let strings: Vec<String> = args
                    .iter()
                    .map(|a| match &a.kind {
                        ArgKind::Str(s) => Ok(s.value()),
                        _ => Err(invalid()),
                    })
                    .collect::<Res<_>>()?;
                match (word.to_string().as_str(), strings.as_slice()) {
                    ("param" | "ref", [name]) => Ok(Value::reference(name)),
                    ("get_att", [id, attribute]) => Ok(Value::get_att(id, attribute)),
                    ("sub", [text]) => Ok(Value::sub(text)),
                    (other, _) if !VALUE_WORDS.contains(&other) => {
                        Err(unknown(&arg.tokens, "value", other, VALUE_WORDS))
                    }
                    _ => Err(invalid()),
                }
            }
            _ => Err(invalid()),
        }
    }

    fn string(&self, arg: &Arg) -> Res<String> {
        match &arg.kind {
            ArgKind::Str(s) => Ok(s.value()),
            _ => err(&arg.tokens, "expected a string"),
        }
    }

    fn int<T: std::str::FromStr>(&self, arg: &Arg) -> Res<T>
    where
        T::Err: std::fmt::Display,
    {
        match &arg.kind {
            ArgKind::Int(i) => i.base10_parse(),
            _ => err(&arg.tokens, "expected a number"),
        }
    }

    fn boolean(&self, arg: &Arg) -> Res<bool> {
        match &arg.kind {
            ArgKind::Bool(b) => Ok(b.value),
            _ => err(&arg.tokens, "expected `true` or `false`"),
        }
    }

    /// A bare word (`Orders`) or a string.
    fn word(&self, arg: &Arg, what: &str) -> Res<String> {
        match &arg.kind {
            ArgKind::Word {
                word,
                args: None,
                map: None,
            } => Ok(word.to_string()),
            ArgKind::Str(s) => Ok(s.value()),
            _ => err(&arg.tokens, format!("expected {what}")),
        }
    }

    fn map<'a>(&self, arg: &'a Arg, what: &str) -> Res<&'a [Entry]> {
        match &arg.kind {
            ArgKind::Map(entries) => Ok(entries),
            _ => err(&arg.tokens, format!("expected {what}")),
        }
    }

    fn options<'a>(
        &self,
        arg: &'a Arg,
        allowed: &[&str],
    ) -> Res<std::collections::BTreeMap<String, &'a Arg>> {
        let entries = self.map(arg, "`{ key: value, … }`")?;
        self.entries(entries, allowed)
    }

    /// The entries of an options map, each key one of `allowed`, at most once.
    fn entries<'a>(
        &self,
        entries: &'a [Entry],
        allowed: &[&str],
    ) -> Res<std::collections::BTreeMap<String, &'a Arg>> {
        let mut out = std::collections::BTreeMap::new();
        for entry in entries {
            let key = entry.key_text();
            if !allowed.contains(&key.as_str()) {
                if allowed.is_empty() {
                    return err(
                        &entry.key_tokens(),
                        format!("unexpected option `{key}`: this takes no options"),
                    );
                }
                return Err(unknown(&entry.key_tokens(), "option", &key, allowed));
            }
            if out.insert(key.clone(), &entry.value).is_some() {
                return err(&entry.key_tokens(), format!("`{key}` is given twice"));
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lowered(src: &str) -> Lowered {
        let decl: ApiDecl = syn::parse_str(src).unwrap();
        lower(&decl, PathBuf::new())
    }

    #[test]
    fn pointers_resolve_to_the_most_specific_tokens() {
        let l = lowered(
            r#"pub Api {
                schema: "type Query { a: String }",
                auth: AWS_IAM,
                data_sources: { Orders: none, Orders: table { partition_key: "id" } },
                resolvers: { Query.a: Ordrs => js("x") },
            }"#,
        );
        assert!(l.errors.is_empty());
        let text = |p: &str| l.tokens_for(p).map(|t| t.to_string());
        assert_eq!(
            text("/resolvers/Query.a/data_source").as_deref(),
            Some("Ordrs")
        );
        assert_eq!(
            text("/resolvers/Query.a/field").as_deref(),
            Some("Query . a")
        );
        // A duplicate points at its second declaration, which is a table.
        assert_eq!(l.api.data_sources[1].kind.type_name(), "AMAZON_DYNAMODB");
        assert_eq!(text("/data_sources/Orders").as_deref(), Some("Orders"));
        assert_eq!(text("/auth/default").as_deref(), Some("AWS_IAM"));
        assert_eq!(text("/nothing/here").as_deref(), Some("Api"));
    }

    #[test]
    fn lowering_errors_name_the_valid_words() {
        let l = lowered(r#"pub Api { auth: AWS_IAM { region: "x" }, xray: "yes" }"#);
        let messages: Vec<String> = l.errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            [
                "unexpected option `region`: this takes no options",
                "expected `true` or `false`"
            ]
        );
    }
}
