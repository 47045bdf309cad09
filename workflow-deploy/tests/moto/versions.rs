//! Versions, aliases, logging and tracing in the idempotency check, server-side validation.

use aws_sdk_sfn::types::{CloudWatchLogsLogGroup, LogDestination, LogLevel, LoggingConfiguration};
use workflow_deploy::{DeployAction, DeployOptions, Deployer, Error, ServerValidation};

use super::{definition, deployment};
use crate::common::{Endpoint, REGION};

fn logging(level: LogLevel) -> LoggingConfiguration {
    LoggingConfiguration::builder()
        .level(level)
        .include_execution_data(true)
        .destinations(
            LogDestination::builder()
                .cloud_watch_logs_log_group(
                    CloudWatchLogsLogGroup::builder()
                        .log_group_arn("arn:aws:logs:us-east-1:123456789012:log-group:sfn:*")
                        .build(),
                )
                .build(),
        )
        .build()
}

on_both!(versions_alias_logging_and_tracing_converge);
async fn versions_alias_logging_and_tracing_converge(server: &impl Endpoint) {
    let deployer = server.deployer();
    let mut options = DeployOptions {
        logging: Some(logging(LogLevel::Error)),
        // Off first: moto cannot turn tracing off by an update (the SDK sends `{}` for
        // `enabled: false`, which moto ignores), so the test turns it on.
        tracing_enabled: Some(false),
        publish: true,
        version_description: Some("first".into()),
        alias: Some("live".into()),
        server_validation: true,
    };

    let first = deployer
        .deploy(&deployment(definition("positive"), &[]), &options)
        .await
        .expect("create");
    assert_eq!(first.action, DeployAction::Created);
    let v1 = first.version_arn.clone().expect("a version is published");
    let alias = first.alias_arn.clone().expect("the alias is created");
    if server.validates_definitions() {
        assert!(
            matches!(first.validation, ServerValidation::Passed { .. }),
            "{:?}",
            first.validation
        );
    } else {
        assert!(
            matches!(first.validation, ServerValidation::Unsupported { .. }),
            "moto has no ValidateStateMachineDefinition: {:?}",
            first.validation
        );
    }
    eprintln!("{}", first.validation);
    assert_eq!(
        deployer.alias_target(&first.arn, "live").await.unwrap(),
        Some(v1.clone())
    );
    let writes = deployer.write_calls();
    assert_eq!(writes, 2, "create (with publish) and create alias");

    // Same definition, role, logging, tracing, version and alias: no write call.
    let again = deployer
        .deploy(&deployment(definition("positive"), &[]), &options)
        .await
        .expect("redeploy");
    assert_eq!(again.action, DeployAction::Unchanged);
    assert_eq!(again.version_arn.as_deref(), Some(v1.as_str()));
    assert_eq!(again.alias_arn.as_deref(), Some(alias.as_str()));
    assert_eq!(deployer.write_calls(), writes);

    // Tracing alone changes: one update publishing version 2, and the alias moves to it.
    options.tracing_enabled = Some(true);
    let traced = deployer
        .deploy(&deployment(definition("positive"), &[]), &options)
        .await
        .expect("update tracing");
    assert_eq!(traced.action, DeployAction::Updated);
    let v2 = traced.version_arn.clone().expect("version 2");
    assert_ne!(v2, v1);
    assert_eq!(
        deployer.alias_target(&traced.arn, "live").await.unwrap(),
        Some(v2.clone())
    );
    assert_eq!(deployer.write_calls(), writes + 2, "update and move alias");

    // Logging alone changes: one more update.
    options.logging = Some(logging(LogLevel::All));
    let logged = deployer
        .deploy(&deployment(definition("positive"), &[]), &options)
        .await
        .expect("update logging");
    assert_eq!(logged.action, DeployAction::Updated);
    let described = deployer
        .client()
        .describe_state_machine()
        .state_machine_arn(&logged.arn)
        .send()
        .await
        .unwrap();
    assert_eq!(
        described.logging_configuration().and_then(|l| l.level()),
        Some(&LogLevel::All)
    );
    let settled = deployer.write_calls();
    let unchanged = deployer
        .deploy(&deployment(definition("positive"), &[]), &options)
        .await
        .expect("redeploy");
    assert_eq!(unchanged.action, DeployAction::Unchanged);
    assert_eq!(deployer.write_calls(), settled);
}

#[tokio::test(flavor = "multi_thread")]
async fn invalid_definition_is_refused_before_any_call() {
    // Nothing listens on this port: a call would fail as unreachable.
    let url = format!("http://127.0.0.1:{}", crate::common::free_port());
    let deployer = Deployer::for_endpoint(&url, REGION, "testing", "testing");
    let bad = r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Missing"}}}"#;
    let err = deployer
        .deploy(&deployment(bad.to_owned(), &[]), &DeployOptions::default())
        .await
        .expect_err("invalid");
    let Error::InvalidDefinition { name, diagnostics } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(name, "deploy-test");
    assert!(
        diagnostics.iter().any(|d| d.contains("Missing")),
        "{diagnostics:?}"
    );
    assert_eq!(deployer.write_calls(), 0);
    eprintln!("{err}");
}
