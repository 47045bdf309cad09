//! The HTTP Task: `http:invoke` (connect-third-party-apis). Its resource classifies as
//! [`crate::validate::resource::ResourceKind::Http`].

use super::*;

pub(super) static SERVICE: Service = Service {
    name: "http",
    dsl_aliases: &[],
    sdk_name: "http",
    actions: &[Action {
        name: "invoke",
        patterns: &[Pattern::RequestResponse],
        main_parameter: Some("ApiEndpoint"),
        example: r#"{"ApiEndpoint": "https://api.example.com/orders", "Method": "GET", "Authentication": {"ConnectionArn": "arn:aws:events:us-east-1:123456789012:connection/orders/abc"}}"#,
        // `states:InvokeHTTPEndpoint` on the machine itself, with endpoint and method conditions.
        grants: Grants::Coded,
        sync: None,
        result: Results {
            response: r#"{"Headers": {}, "ResponseBody": {}, "StatusCode": 200, "StatusText": "OK"}"#,
            sync: None,
            payload: None,
            sync_payload: None,
        },
    }],
    errors: &[],
};
