//! An AppSync API with every data source kind, all five auth modes, a pipeline, VTL templates,
//! a cache and a custom domain, in a stack with a state machine, and an API generated from
//! model types (the data declaration): their templates (JSON and YAML) must pass cfn-lint with
//! no error and no warning, and hold no plain-text secret.
//!
//! Without `.venv/bin/cfn-lint` the lint is skipped with a note, unless `CI` is set, where it
//! fails (`scripts/python-venv.sh` creates the venv).

mod common;

use std::path::Path;

use workflow::core::appsync::{
    ApiCache, AuthProvider, AuthRule, Code, ConflictHandler, DataSource, DefaultAction, GraphqlApi,
    Model, ModelOperation, PipelineFunction, Resolver,
};
use workflow::core::template::{App, Parameter, StateMachineSpec, Value};

const SDL: &str = r#"
type Order @aws_iam @aws_api_key @aws_oidc @aws_lambda @aws_cognito_user_pools {
  id: ID!
  total: Float
}

type Query {
  order(id: ID!): Order @aws_api_key @aws_cognito_user_pools(cognito_groups: ["staff"])
  orders: [Order] @aws_iam
  search(text: String!): [Order] @aws_oidc
  report: AWSJSON @aws_lambda
  weather: AWSJSON
  ping: String
}

type Mutation {
  placeOrder(total: Float!): Order
  publish(id: ID!): Order
  notify(id: ID!): Boolean
}

type Subscription {
  onPublish: Order @aws_subscribe(mutations: ["publish", "placeOrder"])
}
"#;

const JS: &str = "export function request(ctx) { return {}; }\nexport function response(ctx) { return ctx.result; }\n";

fn api() -> GraphqlApi {
    GraphqlApi::new("ShopApi")
        .schema(SDL)
        .auth(
            AuthProvider::cognito_user_pools(Value::parameter("UserPoolId"))
                .app_id_client_regex("^[a-z0-9]+$")
                .default_action(DefaultAction::Deny),
        )
        .additional_auth(AuthProvider::api_key_expiring(90, 1_798_761_600))
        .additional_auth(AuthProvider::iam())
        .additional_auth(
            AuthProvider::openid_connect("https://login.example.com")
                .client_id("shop-web")
                .ttls_ms(3_600_000, 3_600_000),
        )
        .additional_auth(
            AuthProvider::lambda(Value::parameter("AuthorizerArn")).result_ttl_seconds(300),
        )
        .data_source(DataSource::table("Orders", "id"))
        .data_source(DataSource::dynamodb_read_only(
            "Archive",
            Value::parameter("ArchiveTable"),
        ))
        .data_source(DataSource::lambda(
            "Reports",
            Value::parameter("ReportFunctionArn"),
        ))
        .data_source(DataSource::http("Weather", "https://api.example.com"))
        .data_source(
            DataSource::rds(
                "Ledger",
                Value::parameter("LedgerClusterArn"),
                Value::parameter("LedgerSecretArn"),
            )
            .database("ledger"),
        )
        .data_source(DataSource::opensearch(
            "Search",
            Value::parameter("SearchEndpoint"),
            Value::parameter("SearchDomainArn"),
        ))
        .data_source(DataSource::eventbridge(
            "Events",
            Value::parameter("EventBusArn"),
        ))
        .data_source(DataSource::none("Local"))
        .data_source(DataSource::workflow("Fulfil", "Fulfilment"))
        .function(PipelineFunction::new("SaveOrder", "Orders", Code::js(JS)))
        .function(PipelineFunction::new(
            "Announce",
            "Events",
            Code::vtl(
                "{\"version\": \"2018-05-29\", \"operation\": \"PutEvents\", \"events\": []}",
                "$util.toJson($ctx.result)",
            ),
        ))
        .resolver(
            Resolver::unit("Query.order", "Orders")
                .code(Code::js(JS))
                .caching(60, ["$context.arguments.id"]),
        )
        .resolver(Resolver::unit("Query.orders", "Archive").code(Code::js(JS)))
        .resolver(Resolver::unit("Query.search", "Search").code(Code::js(JS)))
        .resolver(Resolver::unit("Query.report", "Reports"))
        .resolver(Resolver::unit("Query.weather", "Weather").code(Code::js(JS)))
        .resolver(Resolver::unit("Query.ping", "Ledger").code(Code::js(JS)))
        .resolver(
            Resolver::pipeline("Mutation.placeOrder", ["SaveOrder", "Announce"]).code(Code::js(JS)),
        )
        .resolver(Resolver::unit("Mutation.publish", "Local").code(Code::js(JS)))
        .resolver(Resolver::unit("Mutation.notify", "Fulfil").code(Code::js(JS)))
        .cache(ApiCache {
            instance_type: "SMALL".to_string(),
            ttl_seconds: 300,
            full_request: false,
        })
        .domain("api.example.com", Value::parameter("CertificateArn"))
        .xray(true)
}

fn app() -> App {
    let asl = r#"{"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}"#;
    let mut app = App::new()
        .description("Every AppSync feature workflow-rs renders")
        .state_machine(StateMachineSpec::from_asl("Fulfilment", asl));
    for name in [
        "UserPoolId",
        "AuthorizerArn",
        "ArchiveTable",
        "ReportFunctionArn",
        "LedgerClusterArn",
        "LedgerSecretArn",
        "SearchEndpoint",
        "SearchDomainArn",
        "EventBusArn",
        "CertificateArn",
    ] {
        app = app.parameter(Parameter::string(name));
    }
    app.part(api().validate().expect("valid API"))
}

#[test]
fn every_feature_is_lint_clean_and_secret_free() {
    let template = app().to_template().unwrap();
    assert_eq!(
        template.resource_ids().len(),
        37,
        "{:?}",
        template.resource_ids()
    );
    let dir = std::env::temp_dir().join(format!("workflow-appsync-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let json = dir.join("appsync.template.json");
    let yaml = dir.join("appsync.template.yaml");
    std::fs::write(&json, template.to_json_string()).unwrap();
    std::fs::write(&yaml, template.to_yaml_string()).unwrap();
    // Models with relations, an index, rules per model and per field, and sync with a Lambda
    // conflict handler (a second API: one with Automerge is in the example).
    let generated = GraphqlApi::new("ShopApi")
        .auth(AuthProvider::cognito_user_pools(Value::parameter(
            "UserPoolId",
        )))
        .additional_auth(AuthProvider::api_key())
        .model(
            Model::new("Order")
                .field("total", "Float!")
                .field("status", "String!")
                .field("placedAt", "AWSDateTime")
                .field("customer", "String")
                .field("note", "String")
                .has_many("lines", "OrderLine", "orderId")
                .index("byStatus", "status", Some("placedAt"), "ordersByStatus")
                .rule(AuthRule::owner("customer"))
                .rule(AuthRule::groups(["Admin"]))
                .rule(AuthRule::public().operations([ModelOperation::Read]))
                .field_rule("note", AuthRule::owner("customer")),
        )
        .model(
            Model::new("OrderLine")
                .key("lineId")
                .field("orderId", "ID!")
                .field("quantity", "Int!")
                .belongs_to("order", "Order", "orderId")
                .rule(AuthRule::private()),
        )
        .sync(ConflictHandler::Lambda(Value::parameter(
            "ConflictHandlerArn",
        )))
        .validate()
        .expect("valid generated API");
    let generated = App::new()
        .parameter(Parameter::string("UserPoolId"))
        .parameter(Parameter::string("ConflictHandlerArn"))
        .part(generated)
        .to_template()
        .unwrap();
    let models_json = dir.join("models.template.json");
    std::fs::write(&models_json, generated.to_json_string()).unwrap();
    common::secrets::assert_no_plaintext_secrets(
        "models.template.json",
        &generated.to_json_string(),
    );
    common::secrets::assert_no_plaintext_secrets(
        "appsync.template.json",
        &template.to_json_string(),
    );
    for (name, text) in template.files() {
        common::secrets::assert_no_plaintext_secrets(name, text);
    }

    let cfn_lint = Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/cfn-lint");
    if !cfn_lint.exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "{} is missing",
            cfn_lint.display()
        );
        eprintln!("note: skipping cfn-lint: {} is missing", cfn_lint.display());
        return;
    }
    let (output, findings) = common::cfn_lint(&cfn_lint, &[json, yaml, models_json]);
    let _ = std::fs::remove_dir_all(&dir);
    assert!(findings.is_empty(), "cfn-lint:\n{}", findings.join("\n"));
    let code = output.status.code().unwrap_or(-1);
    assert!(code == 0 || code == 8, "cfn-lint exited with {code}");
}
