//! Unit tests of the AppSync checks (each with a corrected twin that passes) and templates.

use super::*;
use crate::rules::Rule;
use crate::template::{App, Parameter, Template};

const SDL: &str = "\
type Order {
  id: ID!
  total: Float
  placedAt: AWSDateTime
}

type Query {
  order(id: ID!): Order @aws_api_key
  orders: [Order]
}

type Mutation {
  placeOrder(total: Float!): Order
}

type Subscription {
  onOrderPlaced: Order @aws_subscribe(mutations: [\"placeOrder\"])
}
";

const JS: &str = "export function request(ctx) { return {}; }\nexport function response(ctx) { return ctx.result; }\n";

fn api() -> GraphqlApi {
    GraphqlApi::new("OrdersApi")
        .schema(SDL)
        .auth(AuthProvider::iam())
        .additional_auth(AuthProvider::api_key())
        .data_source(DataSource::dynamodb(
            "Orders",
            Value::parameter("OrdersTable"),
        ))
        .data_source(DataSource::none("Local"))
        .resolver(Resolver::unit("Query.order", "Orders").code(Code::js(JS)))
        .resolver(Resolver::unit("Mutation.placeOrder", "Local").code(Code::js(JS)))
}

fn codes(api: &GraphqlApi) -> Vec<&'static str> {
    api.check().iter().map(Diagnostic::code).collect()
}

/// The only diagnostic of `api`, which must have exactly one.
fn only(api: &GraphqlApi) -> Diagnostic {
    let diagnostics = api.check();
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    diagnostics.into_iter().next().unwrap()
}

#[test]
fn the_base_api_is_valid() {
    assert_eq!(codes(&api()), Vec::<&str>::new());
}

#[test]
fn sdl_syntax_error_has_the_sdl_position() {
    let d = only(&api().schema("type Query {\n  order(id: ID!: Order\n}\n"));
    assert_eq!(d.code(), "appsync-schema-syntax");
    assert_eq!(d.location.pointer, "/schema");
    let pos = d.pos.unwrap();
    assert_eq!((pos.line, pos.column), (2, 16));
    assert!(d.message.contains("schema.graphql:2:16"), "{}", d.message);
    let fixed = GraphqlApi::new("Api").auth(AuthProvider::iam());
    assert!(
        fixed
            .schema("type Query {\n  order(id: ID!): String\n}\n")
            .check()
            .is_empty()
    );
}

#[test]
fn undefined_type_is_reported_at_its_line() {
    let d = only(&api().schema("type Query {\n  order: Ordr\n}\n"));
    assert_eq!(d.code(), "appsync-schema-invalid");
    assert!(d.message.contains("Ordr"), "{}", d.message);
    assert_eq!(d.pos.unwrap().line, 2);
    assert!(d.help.is_some());
    // The AppSync scalars are declared by the prelude.
    let scalars = GraphqlApi::new("Api").auth(AuthProvider::iam());
    assert!(
        scalars
            .schema("type Query {\n  at: AWSDateTime\n  doc: AWSJSON\n}\n")
            .check()
            .is_empty()
    );
}

#[test]
fn auth_directive_needs_its_mode() {
    let no_key = GraphqlApi {
        additional_auth: Vec::new(),
        ..api()
    };
    let d = only(&no_key);
    assert_eq!(d.code(), "appsync-auth-unconfigured");
    assert!(d.message.contains("`@aws_api_key`"), "{}", d.message);
    assert_eq!(d.pos.unwrap().line, 8);
    assert_eq!(
        d.help.as_deref(),
        Some("add API_KEY as the default or an additional auth mode, or remove the directive")
    );
    let with_key = no_key.additional_auth(AuthProvider::api_key());
    assert!(with_key.check().is_empty());
}

#[test]
fn resolver_on_missing_field_suggests_the_near_one() {
    let d = only(&api().resolver(Resolver::unit("Query.ordrs", "Orders").code(Code::js(JS))));
    assert_eq!(d.code(), "appsync-resolver-unknown-field");
    assert_eq!(d.location.pointer, "/resolvers/Query.ordrs/field");
    assert_eq!(d.help.as_deref(), Some("did you mean `Query.orders`?"));
    assert!(
        api()
            .resolver(Resolver::unit("Query.orders", "Orders").code(Code::js(JS)))
            .check()
            .is_empty()
    );
}

#[test]
fn resolver_on_undeclared_data_source_suggests_the_near_one() {
    let d = only(&api().resolver(Resolver::unit("Query.orders", "Ordrs").code(Code::js(JS))));
    assert_eq!(d.code(), "appsync-unknown-data-source");
    assert_eq!(d.location.pointer, "/resolvers/Query.orders/data_source");
    assert_eq!(d.help.as_deref(), Some("did you mean `Orders`?"));
}

#[test]
fn pipeline_function_on_undeclared_data_source_and_unknown_function() {
    let api = api()
        .function(PipelineFunction::new("Check", "Ordres", Code::js(JS)))
        .resolver(Resolver::pipeline("Query.orders", ["Chek"]).code(Code::js(JS)));
    let diagnostics = api.check();
    let found: Vec<_> = diagnostics
        .iter()
        .map(|d| (d.code(), d.location.pointer.as_str(), d.help.as_deref()))
        .collect();
    assert_eq!(
        found,
        [
            (
                "appsync-unknown-data-source",
                "/functions/Check/data_source",
                Some("did you mean `Orders`?")
            ),
            (
                "appsync-unknown-function",
                "/resolvers/Query.orders/functions/0",
                Some("did you mean `Check`?")
            ),
        ]
    );
    let fixed = super::tests::api()
        .function(PipelineFunction::new("Check", "Orders", Code::js(JS)))
        .resolver(Resolver::pipeline("Query.orders", ["Check"]).code(Code::js(JS)));
    assert!(fixed.check().is_empty());
}

#[test]
fn subscription_to_missing_mutation_or_other_type() {
    let missing = SDL.replace("mutations: [\"placeOrder\"]", "mutations: [\"placeOrdr\"]");
    let d = only(&api().schema(missing));
    assert_eq!(d.code(), "appsync-subscribe-mutation");
    assert_eq!(d.help.as_deref(), Some("did you mean `placeOrder`?"));
    assert_eq!(d.pos.unwrap().line, 17);
    let other_type = SDL.replace("onOrderPlaced: Order", "onOrderPlaced: String");
    let d = only(&api().schema(other_type));
    assert_eq!(d.code(), "appsync-subscribe-mutation");
    assert!(d.message.contains("returns `String`"), "{}", d.message);
}

#[test]
fn oidc_needs_an_issuer() {
    let without = AuthProvider::OpenIdConnect {
        issuer: None,
        client_id: Some("web".into()),
        issued_at_ttl_ms: None,
        auth_ttl_ms: None,
    };
    let d = only(&api().additional_auth(without));
    assert_eq!(d.code(), "appsync-oidc-issuer");
    assert_eq!(d.location.pointer, "/auth/additional/1");
    assert!(
        api()
            .additional_auth(AuthProvider::openid_connect("https://login.example.com"))
            .check()
            .is_empty()
    );
}

#[test]
fn api_key_expiry_is_one_to_365_days() {
    for days in [0, 366] {
        let d = only(&GraphqlApi {
            additional_auth: vec![AuthProvider::api_key_expiring(days, 1_767_225_600)],
            ..api()
        });
        assert_eq!(d.code(), "appsync-api-key-expiry");
    }
    for days in [1, 365] {
        let ok = GraphqlApi {
            additional_auth: vec![AuthProvider::api_key_expiring(days, 1_767_225_600)],
            ..api()
        };
        assert!(ok.check().is_empty());
    }
}

#[test]
fn auth_modes_are_configured_once_and_a_default_is_required() {
    let d = only(&api().additional_auth(AuthProvider::iam()));
    assert_eq!(d.code(), "appsync-duplicate-auth");
    assert_eq!(d.location.pointer, "/auth/additional/1");
    let d = only(&GraphqlApi {
        default_auth: None,
        ..api()
    });
    assert_eq!(d.code(), "appsync-no-default-auth");
}

#[test]
fn names_are_unique_and_valid() {
    let d = only(&api().data_source(DataSource::none("Orders")));
    assert_eq!(d.code(), "appsync-duplicate-name");
    let d = only(&api().data_source(DataSource::none("local_2")));
    assert_eq!(d.code(), "appsync-invalid-name");
    let d = only(&api().resolver(Resolver::unit("Query.order", "Orders").code(Code::js(JS))));
    assert_eq!(d.code(), "appsync-duplicate-name");
    assert!(
        api()
            .data_source(DataSource::none("Local2"))
            .check()
            .is_empty()
    );
}

#[test]
fn code_file_must_exist_and_code_is_required() {
    let missing = Resolver::unit("Query.orders", "Orders").code(Code::js_file("no/such/file.js"));
    let d = only(&api().resolver(missing));
    assert_eq!(d.code(), "appsync-code-missing");
    assert!(d.message.contains("no/such/file.js"));
    let d = only(&api().resolver(Resolver::unit("Query.orders", "Orders")));
    assert_eq!(d.code(), "appsync-code-missing");
    // A direct Lambda resolver needs no code.
    let direct = api()
        .data_source(DataSource::lambda(
            "Search",
            Value::parameter("SearchFunctionArn"),
        ))
        .resolver(Resolver::unit("Query.orders", "Search"));
    assert!(direct.check().is_empty());
    let file = Code::js_file(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"));
    assert!(
        api()
            .resolver(Resolver::unit("Query.orders", "Orders").code(file))
            .check()
            .is_empty()
    );
}

#[test]
fn rds_secret_must_be_a_reference() {
    let literal = DataSource::rds("Reports", Value::parameter("ClusterArn"), "hunter2");
    let d = only(&api().data_source(literal));
    assert_eq!(d.code(), "appsync-literal-secret");
    assert_eq!(d.location.pointer, "/data_sources/Reports/secret");
    for secret in [
        Value::parameter("ReportsSecretArn"),
        Value::literal("arn:aws:secretsmanager:eu-west-1:123456789012:secret:reports-AbCdEf"),
    ] {
        let ok = DataSource::rds("Reports", Value::parameter("ClusterArn"), secret);
        assert!(api().data_source(ok).check().is_empty());
    }
}

#[test]
fn diagnostics_are_collected_not_stopped_at_the_first() {
    let bad = api()
        .additional_auth(AuthProvider::iam())
        .data_source(DataSource::none("Local"))
        .resolver(Resolver::unit("Query.nope", "Nope").code(Code::js(JS)));
    assert_eq!(
        codes(&bad),
        [
            "appsync-duplicate-auth",
            "appsync-duplicate-name",
            "appsync-resolver-unknown-field",
            "appsync-unknown-data-source",
        ]
    );
    assert!(bad.validate().is_err());
}

fn template(api: GraphqlApi) -> Template {
    let app = App::new()
        .parameter(Parameter::string("OrdersTable"))
        .parameter(Parameter::string("UserPoolId"));
    app.part(api.validate().unwrap()).to_template().unwrap()
}

fn policy(template: &Template, role: &str) -> String {
    let role = template.resource(role).unwrap();
    let statements = role
        .get("Properties")
        .and_then(|p| p.get("Policies"))
        .unwrap()
        .to_value();
    serde_json::to_string(&statements[0]["PolicyDocument"]["Statement"]).unwrap()
}

#[test]
fn template_has_exactly_the_declared_resources() {
    let api = api()
        .auth(AuthProvider::cognito_user_pools(Value::parameter(
            "UserPoolId",
        )))
        .additional_auth(AuthProvider::iam())
        .domain(
            "api.example.com",
            "arn:aws:acm:us-east-1:123456789012:certificate/abc",
        )
        .function(PipelineFunction::new("Check", "Orders", Code::js(JS)))
        .resolver(Resolver::pipeline("Query.orders", ["Check"]).code(Code::js(JS)));
    let template = template(api);
    assert_eq!(
        template.resource_ids(),
        [
            "OrdersApi",
            "OrdersApiSchema",
            "OrdersApiApiKey",
            "OrdersApiOrdersRole",
            "OrdersApiOrdersDataSource",
            "OrdersApiLocalDataSource",
            "OrdersApiCheckFunction",
            "OrdersApiQueryOrderResolver",
            "OrdersApiMutationPlaceOrderResolver",
            "OrdersApiQueryOrdersResolver",
            "OrdersApiDomain",
            "OrdersApiDomainAssociation",
        ]
    );
    let api = template.resource("OrdersApi").unwrap().to_value();
    assert_eq!(
        api["Properties"]["AuthenticationType"],
        "AMAZON_COGNITO_USER_POOLS"
    );
    assert_eq!(
        api["Properties"]["UserPoolConfig"]["UserPoolId"],
        serde_json::json!({"Ref": "UserPoolId"})
    );
    assert_eq!(
        api["Properties"]["UserPoolConfig"]["DefaultAction"],
        "ALLOW"
    );
    let additional = &api["Properties"]["AdditionalAuthenticationProviders"];
    assert_eq!(additional[0]["AuthenticationType"], "API_KEY");
    assert_eq!(additional[1]["AuthenticationType"], "AWS_IAM");
    let resolver = template
        .resource("OrdersApiQueryOrdersResolver")
        .unwrap()
        .to_value();
    assert_eq!(
        resolver["DependsOn"],
        serde_json::json!(["OrdersApiSchema"])
    );
    assert_eq!(resolver["Properties"]["Kind"], "PIPELINE");
    assert_eq!(
        resolver["Properties"]["Runtime"],
        serde_json::json!({"Name": "APPSYNC_JS", "RuntimeVersion": "1.0.0"})
    );
    assert_eq!(
        template.files(),
        [(SCHEMA_FILE.to_string(), SDL.to_string())]
    );
}

#[test]
fn each_data_source_kind_gets_least_privilege() {
    let sources = [
        DataSource::dynamodb_read_only("Reads", Value::parameter("OrdersTable")),
        DataSource::lambda("Fn", "arn:aws:lambda:eu-west-1:123456789012:function:f"),
        DataSource::rds(
            "Db",
            "arn:aws:rds:eu-west-1:123456789012:cluster:db",
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf",
        ),
        DataSource::opensearch(
            "Search",
            "https://search-x.eu-west-1.es.amazonaws.com",
            "arn:aws:es:eu-west-1:123456789012:domain/x",
        ),
        DataSource::eventbridge(
            "Bus",
            "arn:aws:events:eu-west-1:123456789012:event-bus/default",
        ),
        DataSource::http("Web", "https://example.com"),
    ];
    let api = sources.into_iter().fold(api(), GraphqlApi::data_source);
    let template = template(api);
    assert_eq!(
        policy(&template, "OrdersApiReadsRole"),
        r#"[{"Sid":"TableItems","Effect":"Allow","Action":["dynamodb:GetItem","dynamodb:BatchGetItem","dynamodb:Query","dynamodb:Scan"],"Resource":[{"Fn::Sub":"arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${OrdersTable}"},{"Fn::Sub":"arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${OrdersTable}/index/*"}]}]"#
    );
    assert_eq!(
        policy(&template, "OrdersApiFnRole"),
        r#"[{"Sid":"InvokeFunction","Effect":"Allow","Action":["lambda:InvokeFunction"],"Resource":[{"Fn::Sub":"arn:aws:lambda:eu-west-1:123456789012:function:f"},{"Fn::Sub":"arn:aws:lambda:eu-west-1:123456789012:function:f:*"}]}]"#
    );
    let db = policy(&template, "OrdersApiDbRole");
    assert!(db.contains(r#""Action":["secretsmanager:GetSecretValue"],"Resource":["arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf"]"#), "{db}");
    assert!(
        db.contains(r#""Resource":["arn:aws:rds:eu-west-1:123456789012:cluster:db"]"#),
        "{db}"
    );
    assert!(
        policy(&template, "OrdersApiSearchRole")
            .contains(r#"{"Fn::Sub":"arn:aws:es:eu-west-1:123456789012:domain/x/*"}"#)
    );
    assert_eq!(
        policy(&template, "OrdersApiBusRole"),
        r#"[{"Sid":"PutEvents","Effect":"Allow","Action":["events:PutEvents"],"Resource":["arn:aws:events:eu-west-1:123456789012:event-bus/default"]}]"#
    );
    // HTTP and NONE data sources have no role.
    assert!(template.resource("OrdersApiWebRole").is_none());
    assert!(template.resource("OrdersApiLocalRole").is_none());
    let role = template.resource("OrdersApiReadsRole").unwrap().to_value();
    let trust = &role["Properties"]["AssumeRolePolicyDocument"]["Statement"][0];
    assert_eq!(trust["Principal"]["Service"], "appsync.amazonaws.com");
    assert_eq!(
        trust["Condition"]["StringEquals"]["aws:SourceAccount"],
        serde_json::json!({"Ref": "AWS::AccountId"})
    );
}

#[test]
fn a_workflow_data_source_needs_a_machine_of_the_stack() {
    let api = api().data_source(DataSource::workflow("Fulfil", "OrderFulfillment"));
    let err = App::new()
        .parameter(Parameter::string("OrdersTable"))
        .part(api.validate().unwrap())
        .to_template()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "GraphQL API `OrdersApi`: the data source `Fulfil` starts `OrderFulfillment`, which is not a state machine of the stack"
    );
}

#[test]
fn a_reference_to_a_missing_parameter_is_an_error() {
    let api = api().data_source(DataSource::lambda("Fn", Value::parameter("Missing")));
    let err = App::new()
        .parameter(Parameter::string("OrdersTable"))
        .part(api.validate().unwrap())
        .to_template()
        .unwrap_err();
    assert!(
        matches!(err, crate::template::TemplateError::UnknownReference { .. }),
        "{err}"
    );
}

#[test]
fn models_become_a_whole_api() {
    let models = [
        Model::new("Order")
            .field("total", "Float!")
            .field("placedAt", "AWSDateTime"),
        Model::new("Customer").key("email").field("name", "String!"),
    ];
    let api = GraphqlApi::from_models("ShopApi", &models).auth(AuthProvider::iam());
    assert_eq!(codes(&api), Vec::<&str>::new());
    let schema = api.expanded().schema;
    assert!(schema.contains("input UpdateOrderInput {\n  id: ID!\n  total: Float\n"));
    assert!(schema.contains(
        "  onCreateOrder(filter: ModelSubscriptionOrderFilterInput): Order @aws_subscribe(mutations: [\"createOrder\"])\n"
    ));
    assert!(schema.contains("  getCustomer(email: ID!): Customer\n"));
    let template = template(api);
    assert_eq!(
        template.resource_ids()[..6],
        [
            "ShopApi",
            "ShopApiSchema",
            "ShopApiOrdersTable",
            "ShopApiOrdersRole",
            "ShopApiOrdersDataSource",
            "ShopApiCustomersTable",
        ]
    );
    let table = template
        .resource("ShopApiCustomersTable")
        .unwrap()
        .to_value();
    assert_eq!(table["Properties"]["BillingMode"], "PAY_PER_REQUEST");
    assert_eq!(
        table["Properties"]["KeySchema"][0]["AttributeName"],
        "email"
    );
    assert_eq!(
        table["Properties"]["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"],
        true
    );
    assert_eq!(table["Properties"]["SSESpecification"]["SSEEnabled"], true);
    assert_eq!(
        policy(&template, "ShopApiOrdersRole"),
        r#"[{"Sid":"TableItems","Effect":"Allow","Action":["dynamodb:GetItem","dynamodb:BatchGetItem","dynamodb:Query","dynamodb:Scan","dynamodb:PutItem","dynamodb:UpdateItem","dynamodb:DeleteItem","dynamodb:BatchWriteItem","dynamodb:ConditionCheckItem"],"Resource":[{"Fn::GetAtt":["ShopApiOrdersTable","Arn"]},{"Fn::Sub":"${ShopApiOrdersTable.Arn}/index/*"}]}]"#
    );
    // A model field of an undeclared type is a schema error like any other.
    let wrong = GraphqlApi::from_models("ShopApi", &[Model::new("Order").field("total", "Flot")])
        .auth(AuthProvider::iam());
    let diagnostics = wrong.check();
    // Once, as a model error: the written-out schema is not checked again.
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].code(), "appsync-model-field-type");
    assert_eq!(
        diagnostics[0].help.as_deref(),
        Some("did you mean `Float`?")
    );
}

/// An API of one model with the IAM default mode.
fn modelled(model: Model) -> GraphqlApi {
    GraphqlApi::new("Api")
        .auth(AuthProvider::iam())
        .model(model)
}

/// An API with a schema and the IAM default mode, nothing else.
fn bare(sdl: &str) -> GraphqlApi {
    GraphqlApi::new("Api").schema(sdl).auth(AuthProvider::iam())
}

#[test]
fn every_appsync_rule_has_a_case_and_a_fixed_twin() {
    let q = "type Query { a: String }";
    let oidc_without_issuer = AuthProvider::OpenIdConnect {
        issuer: None,
        client_id: None,
        issued_at_ttl_ms: None,
        auth_ttl_ms: None,
    };
    let secret = |s: &str| DataSource::rds("Db", Value::parameter("ClusterArn"), s);
    let cases: Vec<(&str, GraphqlApi, GraphqlApi)> = vec![
        ("appsync-schema-syntax", bare("type Query {"), bare(q)),
        (
            "appsync-schema-invalid",
            bare("type Query { a: Strin }"),
            bare(q),
        ),
        (
            "appsync-auth-unconfigured",
            bare("type Query { a: String @aws_iam @aws_oidc }"),
            bare("type Query { a: String @aws_iam }"),
        ),
        (
            "appsync-no-default-auth",
            GraphqlApi::new("Api").schema(q),
            bare(q),
        ),
        (
            "appsync-duplicate-auth",
            bare(q).additional_auth(AuthProvider::iam()),
            bare(q).additional_auth(AuthProvider::api_key()),
        ),
        (
            "appsync-oidc-issuer",
            bare(q).additional_auth(oidc_without_issuer),
            bare(q).additional_auth(AuthProvider::openid_connect("https://id.example.com")),
        ),
        (
            "appsync-api-key-expiry",
            bare(q).additional_auth(AuthProvider::api_key_expiring(0, 0)),
            bare(q).additional_auth(AuthProvider::api_key_expiring(1, 0)),
        ),
        (
            "appsync-invalid-name",
            bare(q).data_source(DataSource::none("1st")),
            bare(q).data_source(DataSource::none("First")),
        ),
        (
            "appsync-duplicate-name",
            bare(q)
                .data_source(DataSource::none("A"))
                .data_source(DataSource::none("A")),
            bare(q)
                .data_source(DataSource::none("A"))
                .data_source(DataSource::none("B")),
        ),
        (
            "appsync-resolver-unknown-field",
            bare(q)
                .data_source(DataSource::none("A"))
                .resolver(Resolver::unit("Query.b", "A").code(Code::js(JS))),
            bare(q)
                .data_source(DataSource::none("A"))
                .resolver(Resolver::unit("Query.a", "A").code(Code::js(JS))),
        ),
        (
            "appsync-unknown-data-source",
            bare(q).resolver(Resolver::unit("Query.a", "A").code(Code::js(JS))),
            bare(q)
                .data_source(DataSource::none("A"))
                .resolver(Resolver::unit("Query.a", "A").code(Code::js(JS))),
        ),
        (
            "appsync-unknown-function",
            bare(q).resolver(Resolver::pipeline("Query.a", ["F"]).code(Code::js(JS))),
            bare(q)
                .data_source(DataSource::none("A"))
                .function(PipelineFunction::new("F", "A", Code::js(JS)))
                .resolver(Resolver::pipeline("Query.a", ["F"]).code(Code::js(JS))),
        ),
        (
            "appsync-subscribe-mutation",
            bare(&SDL.replace("[\"placeOrder\"]", "[\"cancelOrder\"]")),
            bare(SDL).additional_auth(AuthProvider::api_key()),
        ),
        (
            "appsync-code-missing",
            bare(q)
                .data_source(DataSource::none("A"))
                .resolver(Resolver::unit("Query.a", "A")),
            bare(q).data_source(DataSource::none("A")).resolver(
                Resolver::unit("Query.a", "A").code(Code::vtl("{}", "$util.toJson($ctx.result)")),
            ),
        ),
        (
            "appsync-literal-secret",
            bare(q).data_source(secret("s3cr3t-passw0rd")),
            bare(q).data_source(DataSource::rds(
                "Db",
                Value::parameter("ClusterArn"),
                Value::parameter("DbSecretArn"),
            )),
        ),
        (
            "appsync-model-field-type",
            modelled(Model::new("Order").field("total", "Flot")),
            modelled(Model::new("Order").field("total", "Float")),
        ),
        (
            "appsync-model-unknown-field",
            modelled(
                Model::new("Order")
                    .field("owner", "String")
                    .rule(AuthRule::owner("ownr")),
            )
            .additional_auth(AuthProvider::cognito_user_pools(Value::parameter("Pool"))),
            modelled(
                Model::new("Order")
                    .field("owner", "String")
                    .rule(AuthRule::owner("owner")),
            )
            .additional_auth(AuthProvider::cognito_user_pools(Value::parameter("Pool"))),
        ),
        (
            "appsync-model-relation",
            modelled(Model::new("Order").has_many("items", "Itme", "orderId")),
            modelled(Model::new("Order").has_many("items", "Item", "orderId")).model(
                Model::new("Item")
                    .field("orderId", "ID")
                    .belongs_to("order", "Order", "orderId"),
            ),
        ),
        (
            "appsync-model-auth-rule",
            modelled(Model::new("Order").rule(AuthRule::public().mode(AuthMode::Lambda))),
            modelled(Model::new("Order").rule(AuthRule::public().mode(AuthMode::Iam))),
        ),
    ];
    for (code, broken, fixed) in &cases {
        let found: Vec<&str> = broken.check().iter().map(Diagnostic::code).collect();
        assert!(found.contains(code), "{code}: {found:?}");
        assert_eq!(codes(fixed), Vec::<&str>::new(), "the twin of {code}");
    }
    let covered: Vec<&str> = cases.iter().map(|(code, _, _)| *code).collect();
    for rule in Rule::ALL
        .iter()
        .filter(|r| r.code().starts_with("appsync-"))
    {
        assert!(
            covered.contains(&rule.code()),
            "no case for {}",
            rule.code()
        );
    }
}
