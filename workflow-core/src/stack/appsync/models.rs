//! The data declaration: model types (a name, a key and typed fields) become a whole GraphQL
//! API, as `amplify add api` does: the types, `get`/`list` queries, `create`/`update`/`delete`
//! mutations, `onCreate`/`onUpdate`/`onDelete` subscriptions, one new DynamoDB table per model
//! (on demand, point-in-time recovery, encryption) and `APPSYNC_JS` resolvers over it.
//!
//! ```
//! use workflow_core::appsync::{AuthProvider, GraphqlApi, Model};
//!
//! let api = GraphqlApi::from_models(
//!     "ShopApi",
//!     &[Model::new("Order").field("total", "Float!").field("status", "String")],
//! )
//! .auth(AuthProvider::iam());
//! assert!(api.schema.contains("listOrders(limit: Int, nextToken: String): OrderConnection"));
//! assert_eq!(api.resolvers.len(), 5);
//! assert!(api.check().is_empty());
//! ```

use std::fmt::Write as _;

use super::GraphqlApi;
use super::model::{Code, DataSource, Resolver};

/// A model type of the data declaration.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// The GraphQL type name, e.g. `Order`.
    pub name: String,
    /// The key field (`id` by default), of type `ID!`.
    pub key: String,
    /// `(field, GraphQL type)`, e.g. `("total", "Float!")`.
    pub fields: Vec<(String, String)>,
}

impl Model {
    /// A model named `name`, keyed by `id`.
    pub fn new(name: impl Into<String>) -> Model {
        Model {
            name: name.into(),
            key: "id".to_string(),
            fields: Vec::new(),
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
        self.fields.push((name.into(), ty.into()));
        self
    }

    /// The name of its data source and table: the plural, e.g. `Orders`.
    pub fn plural(&self) -> String {
        format!("{}s", self.name)
    }
}

impl GraphqlApi {
    /// An API generated from model types; add the auth modes (and anything else) with the
    /// builder, and check it with [`GraphqlApi::validate`] as any other API.
    pub fn from_models(id: impl Into<String>, models: &[Model]) -> GraphqlApi {
        let mut api = GraphqlApi::new(id).schema(schema(models));
        for model in models {
            let source = model.plural();
            api = api.data_source(
                DataSource::table(&source, &model.key)
                    .description(format!("The {} items", model.name)),
            );
            for (field, code) in resolvers(model) {
                api = api.resolver(Resolver::unit(&field, &source).code(Code::js(code)));
            }
        }
        api
    }
}

/// The SDL of the models: types, connections, inputs and the three root types.
fn schema(models: &[Model]) -> String {
    let mut sdl = String::new();
    let (mut queries, mut mutations, mut subscriptions) =
        (String::new(), String::new(), String::new());
    for m in models {
        let (name, key, plural) = (&m.name, &m.key, m.plural());
        let _ = writeln!(sdl, "type {name} {{\n  {key}: ID!");
        for (field, ty) in &m.fields {
            let _ = writeln!(sdl, "  {field}: {ty}");
        }
        let _ = writeln!(
            sdl,
            "}}\n\ntype {name}Connection {{\n  items: [{name}!]!\n  nextToken: String\n}}\n"
        );
        let _ = writeln!(sdl, "input Create{name}Input {{\n  {key}: ID");
        for (field, ty) in &m.fields {
            let _ = writeln!(sdl, "  {field}: {ty}");
        }
        let _ = writeln!(sdl, "}}\n\ninput Update{name}Input {{\n  {key}: ID!");
        for (field, ty) in &m.fields {
            let _ = writeln!(sdl, "  {field}: {}", ty.trim_end_matches('!'));
        }
        let _ = writeln!(sdl, "}}\n");
        let _ = writeln!(queries, "  get{name}({key}: ID!): {name}");
        let _ = writeln!(
            queries,
            "  list{plural}(limit: Int, nextToken: String): {name}Connection"
        );
        let _ = writeln!(
            mutations,
            "  create{name}(input: Create{name}Input!): {name}"
        );
        let _ = writeln!(
            mutations,
            "  update{name}(input: Update{name}Input!): {name}"
        );
        let _ = writeln!(mutations, "  delete{name}({key}: ID!): {name}");
        for action in ["create", "update", "delete"] {
            let verb = format!("{}{}", action[..1].to_uppercase(), &action[1..]);
            let _ = writeln!(
                subscriptions,
                "  on{verb}{name}: {name} @aws_subscribe(mutations: [\"{action}{name}\"])"
            );
        }
    }
    let _ = write!(
        sdl,
        "type Query {{\n{queries}}}\n\ntype Mutation {{\n{mutations}}}\n\ntype Subscription {{\n{subscriptions}}}\n"
    );
    sdl
}

const RESPONSE: &str = "export function response(ctx) {
  if (ctx.error) {
    util.error(ctx.error.message, ctx.error.type);
  }
  return ctx.result;
}
";

/// `(Type.field, code)` of the five resolvers of a model.
fn resolvers(m: &Model) -> Vec<(String, String)> {
    let (name, key, plural) = (&m.name, &m.key, m.plural());
    let header = "import { util } from '@aws-appsync/utils';\nimport * as ddb from '@aws-appsync/utils/dynamodb';\n\n";
    let unit = |request: String, response: &str| format!("{header}{request}\n{response}");
    vec![
        (
            format!("Query.get{name}"),
            unit(
                format!("export function request(ctx) {{\n  return ddb.get({{ key: {{ {key}: ctx.args.{key} }} }});\n}}\n"),
                RESPONSE,
            ),
        ),
        (
            format!("Query.list{plural}"),
            unit(
                "export function request(ctx) {\n  return ddb.scan({ limit: ctx.args.limit ?? 20, nextToken: ctx.args.nextToken });\n}\n".to_string(),
                "export function response(ctx) {\n  if (ctx.error) {\n    util.error(ctx.error.message, ctx.error.type);\n  }\n  return { items: ctx.result.items, nextToken: ctx.result.nextToken };\n}\n",
            ),
        ),
        (
            format!("Mutation.create{name}"),
            unit(
                format!("export function request(ctx) {{\n  const {{ {key}, ...values }} = ctx.args.input;\n  return ddb.put({{\n    key: {{ {key}: {key} ?? util.autoId() }},\n    item: values,\n    condition: {{ {key}: {{ attributeExists: false }} }},\n  }});\n}}\n"),
                RESPONSE,
            ),
        ),
        (
            format!("Mutation.update{name}"),
            unit(
                format!("export function request(ctx) {{\n  const {{ {key}, ...values }} = ctx.args.input;\n  return ddb.update({{\n    key: {{ {key} }},\n    update: values,\n    condition: {{ {key}: {{ attributeExists: true }} }},\n  }});\n}}\n"),
                RESPONSE,
            ),
        ),
        (
            format!("Mutation.delete{name}"),
            unit(
                format!("export function request(ctx) {{\n  return ddb.remove({{ key: {{ {key}: ctx.args.{key} }} }});\n}}\n"),
                RESPONSE,
            ),
        ),
    ]
}
