//! A `.waitForTaskToken` task completed by token. moto's interpreter runs
//! `arn:aws:states:::sqs:sendMessage.waitForTaskToken` against its own SQS (on the same
//! server, through `MOTO_PORT`) and waits for SendTaskSuccess / SendTaskFailure; the test reads
//! the token from the TaskScheduled event's parameters, as a consumer of the queue would.

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use workflow_deploy::{Deployer, TaskCallback};

use crate::common::{Endpoint, deploy_machine};

/// The task token of the execution's `.waitForTaskToken` task, once the service waits for it.
pub(crate) async fn token_of(deployer: &Deployer, execution: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let history = deployer.history(execution).await.expect("history");
        // After TaskSubmitted (the message is sent) the service waits for the token.
        let submitted = history.iter().any(|e| e.event_type == "TaskSubmitted");
        if let Some(event) = history
            .iter()
            .find(|e| submitted && e.event_type == "TaskScheduled")
        {
            let details: Value = serde_json::from_str(&event.detail_json).unwrap();
            let parameters: Value =
                serde_json::from_str(details["parameters"].as_str().expect("parameters")).unwrap();
            let body = &parameters["MessageBody"];
            let body: Value = match body.as_str() {
                Some(text) => serde_json::from_str(text).unwrap(),
                None => body.clone(),
            };
            return body["token"].as_str().expect("token").to_owned();
        }
        let info = deployer.describe_execution(execution).await.unwrap();
        assert!(info.is_running(), "the execution ended early: {info}");
        assert!(Instant::now() < deadline, "no TaskScheduled event");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

on_both!(wait_for_task_token_is_completed_by_token);
async fn wait_for_task_token_is_completed_by_token(server: &impl Endpoint) {
    let deployer = server.deployer();
    let queue = server.queue("approvals");
    let definition = json!({
        "StartAt": "AskApproval",
        "States": {
            "AskApproval": {
                "Type": "Task",
                "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                "Parameters": {
                    "QueueUrl": queue,
                    "MessageBody": {"token.$": "$$.Task.Token", "order.$": "$.order"}
                },
                "HeartbeatSeconds": 30,
                "End": true
            }
        }
    });
    let arn = deploy_machine(&deployer, "approval", &definition.to_string()).await;
    let callback = TaskCallback::new(deployer.client().clone());

    let approved = deployer
        .start_execution(&arn, r#"{"order": 1}"#, Some("approve"))
        .await
        .unwrap();
    let token = token_of(&deployer, &approved).await;
    callback.heartbeat(&token).await.expect("heartbeat");
    callback
        .succeed(&token, &json!({"approved": true}))
        .await
        .expect("success");
    let info = deployer
        .wait_for_execution(
            &approved,
            Duration::from_millis(50),
            Duration::from_secs(20),
        )
        .await
        .unwrap();
    assert_eq!(info.status, "SUCCEEDED", "{info}");
    let output: Value = serde_json::from_str(info.output.as_deref().unwrap()).unwrap();
    assert_eq!(output, json!({"approved": true}));

    let rejected = deployer
        .start_execution(&arn, r#"{"order": 2}"#, Some("reject"))
        .await
        .unwrap();
    let token = token_of(&deployer, &rejected).await;
    callback
        .fail(&token, "Rejected", "the reviewer said no")
        .await
        .expect("failure");
    let info = deployer
        .wait_for_execution(
            &rejected,
            Duration::from_millis(50),
            Duration::from_secs(20),
        )
        .await
        .unwrap();
    assert_eq!(info.status, "FAILED", "{info}");
    assert_eq!(info.error.as_deref(), Some("Rejected"));
    // moto 5.2.5 passes only the error of SendTaskFailure to its interpreter (its handler drops
    // `cause`), so the execution has no cause there; AWS keeps both.
    assert!(
        info.cause.is_none() || info.cause.as_deref() == Some("the reviewer said no"),
        "{info}"
    );
}
