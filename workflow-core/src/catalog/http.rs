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
        grants: &[
            // On the machine itself, restricted to the endpoint and method.
            Grant::new(
                "HttpInvokeEndpoint",
                &["states:InvokeHTTPEndpoint"],
                &["states:stateMachine:{@name}"],
            )
            .when(&[
                ("StringEquals", "states:HTTPMethod", "{Method}"),
                ("StringEquals", "states:HTTPEndpoint", "{ApiEndpoint}"),
            ])
            .wildcard(
                "the HTTP endpoint or method is chosen at run time, so the statement restricts \
                 states:HTTPEndpoint and states:HTTPMethod only as far as the definition fixes \
                 them",
            ),
            Grant::new(
                "HttpConnectionCredentials",
                &["events:RetrieveConnectionCredentials"],
                &[
                    "events:connection/{InvocationConfig.ConnectionArn,Authentication.ConnectionArn!}",
                ],
            ),
            Grant::new(
                "HttpConnectionSecret",
                &[
                    "secretsmanager:DescribeSecret",
                    "secretsmanager:GetSecretValue",
                ],
                &[
                    "{InvocationConfig.ConnectionArn,Authentication.ConnectionArn|connection_secret}",
                ],
            ),
        ],
        sync: None,
        result: Results {
            response: r#"{"Headers": {}, "ResponseBody": {}, "StatusCode": 200, "StatusText": "OK"}"#,
            sync: None,
            payload: None,
            sync_payload: None,
        },
    }],
    formats: &[],
    errors: &[],
};
