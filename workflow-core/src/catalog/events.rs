//! Amazon EventBridge: `events:putEvents` (connect-eventbridge, eventbridge-iam).

use super::*;

pub(super) static SERVICE: Service = Service {
    name: "events",
    dsl_aliases: &["eventbridge"],
    sdk_name: "eventbridge",
    actions: &[Action {
        name: "putEvents",
        patterns: &[Pattern::RequestResponse, Pattern::WaitForTaskToken],
        main_parameter: None,
        example: r#"{"Entries": [{"EventBusName": "orders", "Source": "shop", "DetailType": "placed", "Detail": {}}]}"#,
        grants: &[Grant::new(
            "EventsPutEvents",
            &["events:PutEvents"],
            &["{Entries|event_buses}"],
        )],
        sync: None,
        result: Results {
            response: r#"{"Entries": [{"EventId": "…"}], "FailedEntryCount": 0}"#,
            sync: None,
            payload: None,
            sync_payload: None,
        },
    }],
    formats: &[],
    errors: &[],
};
