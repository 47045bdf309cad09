//! Deploys and runs workflows against a real local AWS API server, `moto_server` (see
//! `common/mod.rs`). The other files of this folder test executions, activities, callbacks and
//! faults against the same server. The tests run with `on_both!` run against `workflow serve`'s
//! endpoint too.

#[macro_use]
mod common;

use std::collections::BTreeMap;
use std::time::Duration;

use common::{Endpoint, REGION, ROLE, free_port};
use workflow_core::{Format, MachineType, Options};
use workflow_deploy::{DeployAction, Deployer, Error, StateMachineDeployment};

/// The canonical ASL of a small Pass/Choice workflow, checked by workflow-core.
fn definition(positive_label: &str) -> String {
    let text = format!(
        r#"{{
  "StartAt": "Classify",
  "States": {{
    "Classify": {{
      "Type": "Choice",
      "Choices": [{{"Variable": "$.n", "NumericGreaterThan": 0, "Next": "Positive"}}],
      "Default": "NonPositive"
    }},
    "Positive": {{"Type": "Pass", "Result": {{"sign": "{positive_label}"}}, "End": true}},
    "NonPositive": {{"Type": "Pass", "Result": {{"sign": "non-positive"}}, "End": true}}
  }}
}}"#
    );
    let report = workflow_core::check(&text, Format::Json, &Options::default());
    let validated = report
        .validated()
        .unwrap_or_else(|| panic!("invalid definition: {:?}", report.diagnostics));
    validated.to_json_string()
}

fn deployment(definition_json: String, tags: &[(&str, &str)]) -> StateMachineDeployment {
    StateMachineDeployment {
        name: "deploy-test".to_owned(),
        definition_json,
        role_arn: ROLE.to_owned(),
        machine_type: MachineType::Standard,
        tags: tags
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect::<BTreeMap<_, _>>(),
    }
}

on_both!(deploy_is_idempotent_and_updates);
async fn deploy_is_idempotent_and_updates(server: &impl Endpoint) {
    let deployer = server.deployer();

    let first = deployer
        .deploy_state_machine(&deployment(definition("positive"), &[("team", "a")]))
        .await
        .expect("create");
    assert_eq!(first.action, DeployAction::Created);
    assert_eq!(deployer.write_calls(), 1);

    // The same definition re-indented is semantically unchanged: no write call.
    let compact: serde_json::Value = serde_json::from_str(&definition("positive")).unwrap();
    let again = deployer
        .deploy_state_machine(&deployment(compact.to_string(), &[("team", "a")]))
        .await
        .expect("redeploy");
    assert_eq!(again.action, DeployAction::Unchanged);
    assert_eq!(again.arn, first.arn);
    assert_eq!(deployer.write_calls(), 1);

    let changed = deployer
        .deploy_state_machine(&deployment(definition("plus"), &[("team", "a")]))
        .await
        .expect("update");
    assert_eq!(changed.action, DeployAction::Updated);
    assert_eq!(changed.arn, first.arn);
    assert_eq!(deployer.write_calls(), 2);

    let retagged = deployer
        .deploy_state_machine(&deployment(definition("plus"), &[("team", "b")]))
        .await
        .expect("retag");
    assert_eq!(retagged.action, DeployAction::Updated);
    let unchanged = deployer
        .deploy_state_machine(&deployment(definition("plus"), &[("team", "b")]))
        .await
        .expect("redeploy");
    assert_eq!(unchanged.action, DeployAction::Unchanged);

    deployer
        .delete_state_machine("deploy-test")
        .await
        .expect("delete");
    assert_eq!(
        deployer.find_state_machine("deploy-test").await.unwrap(),
        None
    );
    assert!(matches!(
        deployer.delete_state_machine("deploy-test").await,
        Err(Error::NotFound(_))
    ));
}

on_both!(execution_succeeds_with_history);
async fn execution_succeeds_with_history(server: &impl Endpoint) {
    let deployer = server.deployer();
    let machine = deployer
        .deploy_state_machine(&deployment(definition("positive"), &[]))
        .await
        .expect("create");

    let execution = deployer
        .start_execution(&machine.arn, r#"{"n": 5}"#, Some("run-1"))
        .await
        .expect("start");
    let done = deployer
        .wait_for_execution(
            &execution,
            Duration::from_millis(100),
            Duration::from_secs(30),
        )
        .await
        .expect("wait");
    assert_eq!(done.status, "SUCCEEDED", "{done:?}");
    let output: serde_json::Value =
        serde_json::from_str(done.output.as_deref().expect("output")).unwrap();
    assert_eq!(output, serde_json::json!({"sign": "positive"}));

    let history = deployer.history(&execution).await.expect("history");
    let types: Vec<&str> = history.iter().map(|e| e.event_type.as_str()).collect();
    assert_eq!(types.first(), Some(&"ExecutionStarted"), "{types:?}");
    assert_eq!(types.last(), Some(&"ExecutionSucceeded"), "{types:?}");
    assert!(
        history
            .iter()
            .any(|e| e.state_name.as_deref() == Some("Classify")),
        "{history:?}"
    );
    let last: serde_json::Value =
        serde_json::from_str(&history.last().unwrap().detail_json).unwrap();
    let last_output: serde_json::Value =
        serde_json::from_str(last["output"].as_str().expect("output")).unwrap();
    assert_eq!(last_output, output);
}

#[tokio::test(flavor = "multi_thread")]
async fn unreachable_endpoint_is_named() {
    let url = format!("http://127.0.0.1:{}", free_port());
    let deployer = Deployer::for_endpoint(&url, REGION, "testing", "secret-not-shown");
    let err = deployer
        .find_state_machine("anything")
        .await
        .expect_err("nothing listens there");
    assert!(matches!(err, Error::Unreachable { .. }), "{err:?}");
    let message = err.to_string();
    assert!(message.contains(&url), "{message}");
    assert!(!message.contains("secret-not-shown"), "{message}");
    eprintln!("{message}");
}

#[path = "moto/activities.rs"]
mod activities;
#[path = "moto/callbacks.rs"]
mod callbacks;
#[path = "moto/executions.rs"]
mod executions;
#[path = "moto/faults.rs"]
mod faults;
#[path = "moto/local_program.rs"]
mod local_program;
#[path = "moto/versions.rs"]
mod versions;
#[path = "moto/worker_on_serve.rs"]
mod worker_on_serve;
