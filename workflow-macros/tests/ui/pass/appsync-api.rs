//! An API with every auth mode and data source kind, a pipeline and VTL: it compiles, and its
//! model renders.

use workflow::core::template::{App, Parameter, StateMachineSpec};

workflow::graphql_api! {
    /// The shop's API.
    pub ShopApi {
        schema: r#"
type Order @aws_iam @aws_api_key @aws_oidc @aws_lambda @aws_cognito_user_pools {
  id: ID!
  total: Float
  placedAt: AWSDateTime
}
type Query {
  order(id: ID!): Order @aws_api_key
  orders: [Order] @aws_iam
  report: AWSJSON @aws_lambda
}
type Mutation {
  placeOrder(total: Float!): Order @aws_oidc
  publish(id: ID!): Order
}
type Subscription {
  onPublish: Order @aws_subscribe(mutations: ["publish"])
}
"#,
        name: sub("${AWS::StackName}-shop"),
        auth: AMAZON_COGNITO_USER_POOLS {
            user_pool_id: param("UserPoolId"),
            app_id_client_regex: "^[a-z0-9]+$",
            default_action: DENY,
        },
        additional_auth: [
            API_KEY { expires_in_days: 30, from_unix_seconds: 1798761600 },
            AWS_IAM,
            OPENID_CONNECT { issuer: "https://login.example.com", client_id: "web", iat_ttl_ms: 3600000 },
            AWS_LAMBDA { function_arn: param("AuthorizerArn"), result_ttl_seconds: 300 },
        ],
        data_sources: {
            Orders: table { partition_key: "id" },
            Archive: dynamodb { table: param("ArchiveTable"), read_only: true },
            Reports: lambda { function_arn: param("ReportFunctionArn") },
            Weather: http { endpoint: "https://api.example.com" },
            Ledger: rds { cluster_arn: param("LedgerClusterArn"), secret_arn: param("LedgerSecretArn"), database: "ledger" },
            Search: opensearch { endpoint: param("SearchEndpoint"), domain_arn: param("SearchDomainArn") },
            Events: eventbridge { event_bus_arn: get_att("Bus", "Arn") },
            Local: none,
            Fulfil: workflow { state_machine: Fulfilment },
        },
        functions: {
            Save: Orders => js("export function request(ctx) { return {}; }\nexport function response(ctx) { return ctx.result; }"),
            Announce: Events => vtl("{}", "$util.toJson($ctx.result)"),
        },
        resolvers: {
            Query.order: Orders => js("export function request(ctx) { return {}; }\nexport function response(ctx) { return ctx.result; }"),
            Query.orders: Archive => js("export function request(ctx) { return {}; }\nexport function response(ctx) { return ctx.result; }"),
            Query.report: Reports,
            Mutation.placeOrder: pipeline(Save, Announce) => js("export function request(ctx) { return {}; }\nexport function response(ctx) { return ctx.result; }"),
            Mutation.publish: Local => js("export function request(ctx) { return {}; }\nexport function response(ctx) { return ctx.result; }"),
        },
        cache: { instance_type: "SMALL", ttl_seconds: 60 },
        domain: { name: "api.example.com", certificate: param("CertificateArn") },
        xray: true,
    }
}

fn main() {
    let asl = r#"{"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}"#;
    let mut app = App::new().state_machine(StateMachineSpec::from_asl("Fulfilment", asl));
    for name in [
        "UserPoolId", "AuthorizerArn", "ArchiveTable", "ReportFunctionArn", "LedgerClusterArn",
        "LedgerSecretArn", "SearchEndpoint", "SearchDomainArn", "CertificateArn",
    ] {
        app = app.parameter(Parameter::string(name));
    }
    let err = app.clone().part(ShopApi::validated()).to_template().unwrap_err();
    // `Bus` is not a resource of this stack.
    assert!(err.to_string().contains("`Bus`"), "{err}");
    let api = ShopApi::api();
    assert_eq!(api.data_sources.len(), 9);
    assert_eq!(api.additional_auth.len(), 4);
}
