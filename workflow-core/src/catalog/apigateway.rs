//! Amazon API Gateway: `apigateway:invoke` (connect-api-gateway, api-gateway-iam).

use super::*;

pub(super) static SERVICE: Service = Service {
    name: "apigateway",
    dsl_aliases: &["api_gateway"],
    sdk_name: "apigateway",
    actions: &[Action {
        name: "invoke",
        patterns: &[Pattern::RequestResponse, Pattern::WaitForTaskToken],
        main_parameter: Some("ApiEndpoint"),
        example: r#"{"ApiEndpoint": "abc123.execute-api.us-east-1.amazonaws.com", "Method": "GET", "Stage": "prod", "Path": "orders", "AuthType": "IAM_ROLE"}"#,
        grants: &[Grant::new(
            "ApiGatewayInvoke",
            &["execute-api:Invoke"],
            &["{ApiEndpoint|execute_api}"],
        )],
        sync: None,
        result: Results {
            response: r#"{"Headers": {}, "ResponseBody": {}, "StatusCode": 200, "StatusText": "OK"}"#,
            sync: None,
            payload: None,
            sync_payload: None,
        },
    }],
    // AWS refused a header given as a plain string (a recorded execution). The guide writes
    // `QueryParameters` as lists too, but no recording shows AWS refusing a plain string there.
    formats: &[FieldFormat {
        action: "invoke",
        field: "Headers",
        format: Format::StringLists,
    }],
    errors: &[],
};
