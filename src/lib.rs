//! # workflow
//!
//! Infrastructure as code for AWS Step Functions. This facade re-exports the pieces:
//! [`core`] holds the Amazon States Language model, parser, validator and emitter;
//! [`workflow!`] declares a state machine in Rust, checked while `cargo build` runs; the
//! [`Workflow`] trait is what a declared machine implements; [`generate`] writes the definitions
//! to files from a build script or a test.
//!
//! ```
//! use workflow::{Workflow, workflow};
//!
//! #[derive(serde::Serialize, serde::Deserialize, schemars::JsonSchema, workflow::JsonShape)]
//! pub struct Order {
//!     pub total: f64,
//! }
//!
//! workflow! {
//!     /// Charge an order, with a review first when it is large.
//!     pub OrderFulfillment(input = Order) {
//!         CheckTotal: choice {
//!             $.total >= 100 => Review,
//!             _ => Charge,
//!         },
//!         Review: task lambda::invoke("${ReviewFunctionArn}") { next: Charge },
//!         Charge: task lambda::invoke("${ChargeFunctionArn}"),
//!     }
//! }
//!
//! assert_eq!(OrderFulfillment::NAME, "OrderFulfillment");
//! assert!(OrderFulfillment::ASL.contains(r#""NumericGreaterThanEquals": 100"#));
//! assert_eq!(OrderFulfillment::PLACEHOLDERS, ["ChargeFunctionArn", "ReviewFunctionArn"]);
//! assert!(OrderFulfillment::input_schema().is_some());
//! ```
//!
//! The invocation expands to a unit struct named after the machine (documented with the
//! machine's docs and its definition), a [`Workflow`] impl whose constants hold the canonical
//! ASL text computed at compile time, and checks that rustc runs on the declared types: a path
//! into the input (`$.total`) must name fields of `Order` (rustc's "no field `totl` on type
//! `Order`" points at the path), and a comparison must fit the field's type
//! (`$.customer >= 100` on a `String` field does not compile). A JSON member name no Rust
//! field can have (`order-id`) ends the check of its path there.
//!
//! When the macro reports errors it still declares the struct and a [`Workflow`] impl (with an
//! empty [`Workflow::ASL`]), so code that names the workflow adds no errors of its own.

// Lets the generated `::workflow::…` paths resolve inside this crate's own tests and docs.
extern crate self as workflow;

pub mod generate;
mod substitute;
#[cfg(feature = "cli")]
pub mod synth;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;
pub mod shape;
pub use shape::JsonShape;

pub use schemars;
pub use substitute::{SubstitutionError, substitute_placeholders};
pub use workflow_core as core;
pub use workflow_core::model::MachineType;
pub use workflow_core::{Diagnostic, Format, Options, Report, Rule, Severity, StateMachine, check};
/// Runs state machines in process (mocked tasks, virtual time, the history AWS would write):
/// the `workflow-local` crate, behind the `local` feature. See [`Workflow::local`].
#[cfg(feature = "local")]
pub use workflow_local as local;
/// Declares an AppSync GraphQL API, checked at compile time by the validator of
/// `core::appsync`. Needs the `appsync` feature, which builds the GraphQL compiler; without it
/// the macro is a compile error saying so. The declaration is `#[doc]* vis Name { key: value,
/// … }` with the keys `schema` (a string or `file("path")` relative to the crate's manifest
/// directory), `name`, `auth`,
/// `additional_auth: [...]`, `data_sources: { Name: kind { … } }`, `functions: { Name: Source =>
/// code }`, `resolvers: { Type.field: Source => code }` (or `pipeline(F, G) => code`), `cache`,
/// `domain` and `xray`. Values are strings or `param("P")`, `ref("Id")`, `get_att("Id", "Attr")`,
/// `sub("…")`; code is `js("…")`, `js(file("…"))` or `vtl(request, response)`.
///
/// It expands to a unit struct with `api()` (the model) and `validated()` (for `App::part`).
///
/// ```
/// use workflow::core::template::{App, Parameter};
///
/// workflow::graphql_api! {
///     /// Orders, read with an API key.
///     pub OrdersApi {
///         schema: "type Order { id: ID! }\ntype Query { order(id: ID!): Order @aws_api_key }",
///         auth: AWS_IAM,
///         additional_auth: [API_KEY],
///         data_sources: { Orders: dynamodb { table: param("OrdersTable"), read_only: true } },
///         resolvers: {
///             Query.order: Orders => js("export function request(ctx) { return {}; }\nexport function response(ctx) { return ctx.result; }"),
///         },
///     }
/// }
///
/// let template = App::new()
///     .parameter(Parameter::string("OrdersTable"))
///     .part(OrdersApi::validated())
///     .to_template()
///     .unwrap();
/// assert!(template.resource("OrdersApiQueryOrderResolver").is_some());
/// ```
pub use workflow_macros::graphql_api;
pub use workflow_macros::workflow;

/// Declares pieces of [`workflow!`] DSL written once and used in many states and workflows: a
/// retry or catch policy, an error list, a block of parameters. Each `name { tokens }` becomes
/// a macro, and `name!()` inside `workflow! { … }` stands for its tokens, exactly as if they
/// were written there, so the validator checks every use in its place and an error inside the
/// fragment points at the fragment. Fragments are macros, so they follow Rust's scoping: a
/// private fragment serves the module it is declared in (after the declaration) and its
/// children; `pub(crate)` makes it a path (`crate::policies::dynamo_retry!()`) for the whole
/// crate. A fragment may use other fragments; it takes no arguments, so the parts that differ
/// are written beside it (`catch: lambda_errors!() => Failed`).
///
/// ```
/// use workflow::{Workflow, fragment, workflow};
///
/// fragment! {
///     /// DynamoDB's throttling, retried with backoff.
///     dynamo_retry {
///         [DynamoDB.ProvisionedThroughputExceededException, DynamoDB.ThrottlingException]
///         every 2s x6 backoff 2
///     }
///     /// Lambda's transient errors.
///     lambda_errors { Lambda.ServiceException, Lambda.AWSLambdaException, Lambda.SdkClientException }
///     order_key { "TableName": "${OrdersTable}", "Key": { "id": { "S.$": "$.id" } } }
/// }
///
/// workflow! {
///     pub Orders {
///         Load: task dynamodb::get_item {
///             parameters: { order_key!() },
///             retry: dynamo_retry!(),
///             result_path: $.order,
///         },
///         Charge: task lambda::invoke("${ChargeFn}") {
///             retry: [lambda_errors!()] every 1s x3,
///             catch: [lambda_errors!()] result_path $.error => Failed,
///         },
///         Delete: task dynamodb::delete_item {
///             parameters: { order_key!() },
///             retry: dynamo_retry!(),
///             end,
///         },
///         Failed: fail { error: "ChargeFailed" },
///     }
/// }
///
/// assert_eq!(Orders::ASL.matches("DynamoDB.ThrottlingException").count(), 2);
/// assert_eq!(Orders::ASL.matches("Lambda.SdkClientException").count(), 2);
/// ```
pub use workflow_macros::fragment;

/// Declares an Amplify Hosting app ([`core::amplify`]), checked while the crate compiles:
/// each problem the validator finds (an unknown platform or stage, a redirect status AWS does
/// not take, a sub-domain for an undeclared branch, a secret written in plain text, …) is a
/// compile error at the offending token, and an unknown field gets a "did you mean".
///
/// ```
/// workflow::amplify_app! {
///     /// The shop's front end.
///     pub ShopWeb {
///         name: "shop-web",
///         repository: "https://github.com/example/shop-web",
///         access_token: secrets_manager("shop-web/github", "token"),
///         platform: WEB,
///         branches: [
///             { name: "main", stage: PRODUCTION },
///             {
///                 name: "dev",
///                 stage: DEVELOPMENT,
///                 basic_auth: { username: "team", password: secrets_manager("shop-web/dev", "password") },
///             },
///         ],
///         domain: { name: "example.com", sub_domains: { "": "main", "dev": "dev" } },
///         custom_rules: [{ source: "/old", target: "/new", status: 301 }],
///         build: { build: ["npm ci", "npm run build"], base_directory: "dist", test: cypress(["npx cypress run"]) },
///         alarms: [{ metric: "5xxErrors", threshold: 10 }],
///     }
/// }
///
/// let app = ShopWeb::app().environment("STAGE", "prod");
/// assert_eq!(app.branches.len(), 2);
/// let template = workflow::core::template::App::new().part(ShopWeb::part()).to_template().unwrap();
/// assert_eq!(template.files()[0].0, "amplify.yml");
/// ```
///
/// The fields: `name`, `description`, `repository`, `access_token`, `platform` (`WEB`,
/// `WEB_COMPUTE`), `service_role` (`created` or `role_arn("…")`), `environment` (`{ NAME: "value" }`),
/// `branches` (`name`, `stage`, `framework`, `auto_build`, `pull_request_preview`,
/// `environment`, `basic_auth`), `domain` (`name`, `sub_domains: { prefix: branch }`),
/// `custom_rules` (`source`, `target`, `status`, `condition`), `custom_headers` (`pattern`,
/// `headers`), `build` (`pre_build`, `build`, `base_directory`, `files`, `cache`,
/// `test: cypress([…])`), `alarms` (`metric`, `threshold`, `period_seconds`,
/// `evaluation_periods`) and `alarm_action`. Secrets are `secrets_manager("id", "json-key")`.
pub use workflow_macros::amplify_app;

/// Declares a Cognito user pool ([`core::cognito`]), checked while the crate compiles (MFA
/// without a factor, a password policy out of AWS's ranges, a callback URL Cognito refuses, a
/// plain-text client secret, …).
///
/// ```
/// workflow::user_pool! {
///     pub Customers {
///         sign_in: [email],
///         mfa: OPTIONAL,
///         mfa_factors: [TOTP],
///         password_policy: { minimum_length: 12 },
///         domain: "shop-customers",
///         identity_providers: [{
///             kind: Google,
///             client_id: "1234.apps.googleusercontent.com",
///             client_secret: secrets_manager("shop/google", "client_secret"),
///         }],
///         client: {
///             name: "web",
///             callback_urls: ["https://example.com/"],
///             identity_providers: [COGNITO, Google],
///         },
///     }
/// }
///
/// let pool = Customers::pool();
/// assert_eq!(pool.client_id(), workflow::core::template::Value::reference("CustomersClient"));
/// ```
///
/// The fields: `name`, `sign_in`, `auto_verify`, `mfa` (`OFF`, `OPTIONAL`, `ON`),
/// `mfa_factors` (`SMS`, `TOTP`), `sms` (`created` or `role_arn("…")`), `password_policy`
/// (`minimum_length`, `require_lowercase`, `require_uppercase`, `require_numbers`,
/// `require_symbols`, `temporary_password_validity_days`), `account_recovery`, `domain`,
/// `identity_providers` (`kind`, `name`, `client_id`, `client_secret`, `scopes`, `issuer`,
/// `metadata_url`, `team_id`, `key_id`) and `client` (`name`, `oauth_flows`, `oauth_scopes`,
/// `callback_urls`, `logout_urls`, `identity_providers`).
pub use workflow_macros::user_pool;

/// A state machine declared with [`workflow!`]. The macro implements it; the constants hold
/// what the macro computed at compile time, so reading them costs nothing at run time.
pub trait Workflow {
    /// The state machine's name: the string of `#[name("…")]` when given, else the Rust
    /// identifier. [`generate`] writes the definition to `<NAME>.asl.json`.
    const NAME: &'static str;

    /// The canonical Amazon States Language definition (pretty-printed JSON with a trailing
    /// newline, exactly as `workflow fmt` writes it), validated at compile time. Placeholders
    /// such as `${ChargeFunctionArn}` are left in; see [`Workflow::asl_with`].
    const ASL: &'static str;

    /// STANDARD unless the machine is declared `#[express]`. Not part of the ASL text: a
    /// deploy passes it as the state machine's type.
    const MACHINE_TYPE: MachineType;

    /// Every `${Name}` placeholder in [`Workflow::ASL`], sorted, without duplicates: the names
    /// a deploy's `DefinitionSubstitutions` must supply. A placeholder is `${`, then one or
    /// more characters other than whitespace, `"`, `\`, `{`, `}` and `$`, then `}`; CloudFormation
    /// forms such as `${AWS::Partition}` count too, as a deploy has to supply them as well.
    const PLACEHOLDERS: &'static [&'static str];

    /// The JSON Schema of the declared input type (`Machine(input = T)`), when there is one.
    /// A declared type must implement [`schemars::JsonSchema`] (derive it, next to serde's
    /// `Serialize` and `Deserialize`).
    fn input_schema() -> Option<schemars::Schema> {
        None
    }

    /// The JSON Schema of the declared output type (`Machine(output = T)`), when there is one.
    fn output_schema() -> Option<schemars::Schema> {
        None
    }

    /// The definition as the workflow-core model, with [`StateMachine::machine_type`] set to
    /// [`Workflow::MACHINE_TYPE`].
    ///
    /// It is read from [`Workflow::ASL`] on every call and returned owned: a model is cheap to
    /// build next to a deploy or a test, a caller can change its copy freely, and a cache
    /// keyed per type would need a global map (a generic trait method cannot hold a `static`
    /// per implementing type). Keep the result if you need it more than once.
    ///
    /// # Panics
    ///
    /// When [`Workflow::ASL`] is not a definition, which a `workflow!` expansion never
    /// produces (a macro with errors does not compile).
    fn definition() -> StateMachine {
        substitute::definition_of(Self::NAME, Self::ASL, Self::MACHINE_TYPE)
    }

    /// [`Workflow::ASL`] with each `${Name}` placeholder replaced by its value, as a deploy's
    /// `DefinitionSubstitutions` does. Every placeholder needs exactly one value and every
    /// value a placeholder; otherwise nothing is replaced and the error lists the names.
    ///
    /// Values are written as JSON string content (a `"` or `\` in a value is escaped), so the
    /// result is always valid JSON; for ARNs, URLs and names this is exactly the text a deploy
    /// produces.
    ///
    /// ```
    /// # use workflow::{MachineType, Workflow};
    /// # struct Charge;
    /// # impl Workflow for Charge {
    /// #     const NAME: &'static str = "Charge";
    /// #     const ASL: &'static str = "{\n  \"StartAt\": \"Charge\",\n  \"States\": {\n    \"Charge\": {\n      \"Type\": \"Task\",\n      \"Resource\": \"${ChargeFunctionArn}\",\n      \"End\": true\n    }\n  }\n}\n";
    /// #     const MACHINE_TYPE: MachineType = MachineType::Standard;
    /// #     const PLACEHOLDERS: &'static [&'static str] = &["ChargeFunctionArn"];
    /// # }
    /// let arn = "arn:aws:lambda:us-east-1:123456789012:function:charge";
    /// let asl = Charge::asl_with(&[("ChargeFunctionArn", arn)]).unwrap();
    /// assert!(asl.contains(&format!("\"Resource\": \"{arn}\"")));
    ///
    /// let err = Charge::asl_with(&[("Typo", arn)]).unwrap_err();
    /// assert_eq!(err.missing, ["ChargeFunctionArn"]);
    /// assert_eq!(err.unknown, ["Typo"]);
    /// ```
    fn asl_with(substitutions: &[(&str, &str)]) -> Result<String, SubstitutionError> {
        substitute::substitute(Self::ASL, Self::PLACEHOLDERS, substitutions)
    }

    /// A [`local::Runner`] for this workflow: runs it in process, as AWS would, in a plain
    /// `#[test]`. Mock its tasks by state name with typed closures, run it on a typed input and
    /// read the path it took, its output and its history. Placeholders are left in (a
    /// `lambda::invoke("${ChargeFunctionArn}")` task is mocked by its state name, whatever the
    /// function); the execution is named after [`Workflow::NAME`].
    ///
    /// ```
    /// use workflow::local::{Status, TaskError};
    /// use workflow::{Workflow, workflow};
    ///
    /// #[derive(serde::Serialize, serde::Deserialize, schemars::JsonSchema, workflow::JsonShape)]
    /// pub struct Order { pub id: String, pub total: f64 }
    /// #[derive(serde::Serialize, serde::Deserialize)]
    /// pub struct Receipt { pub charged: f64 }
    ///
    /// workflow! {
    ///     pub Checkout(input = Order) {
    ///         Charge: task lambda::invoke("${ChargeFunctionArn}") {
    ///             payload: $,
    ///             result_selector: { "charged": $.Payload.charged },
    ///             retry: [PaymentBusy] every 5s x2,
    ///         },
    ///     }
    /// }
    ///
    /// let mut calls = 0;
    /// let execution = Checkout::local()
    ///     .mock("Charge", move |order: Order| {
    ///         calls += 1;
    ///         if calls == 1 {
    ///             return Err(TaskError::new("PaymentBusy", "try again"));
    ///         }
    ///         Ok(Receipt { charged: order.total })
    ///     })
    ///     .run(Order { id: "o-1".into(), total: 12.5 });
    /// assert_eq!(execution.status, Status::Succeeded);
    /// assert_eq!(execution.states_entered(), ["Charge"]);
    /// assert_eq!(execution.output, Some(serde_json::json!({"charged": 12.5})));
    /// ```
    ///
    /// # Panics
    ///
    /// When [`Workflow::ASL`] is not a valid definition, which a `workflow!` expansion never
    /// produces (a macro with errors does not compile).
    #[cfg(feature = "local")]
    fn local() -> local::Runner
    where
        Self: Sized,
    {
        let options = Options {
            machine_type: Some(Self::MACHINE_TYPE),
        };
        let report = check(Self::ASL, Format::Json, &options);
        let Some(validated) = report.validated() else {
            panic!("workflow `{}` has no valid definition", Self::NAME);
        };
        let mut runner = local::Runner::new(validated);
        let config = runner.config_mut();
        config.machine_type = Self::MACHINE_TYPE;
        config.state_machine_name = Self::NAME.to_string();
        runner
    }
}
