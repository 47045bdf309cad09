//! Faults: a server that stops mid-deploy, throttling, a rejected definition, refused
//! credentials, a missing role. Each gives its documented error; re-running converges.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use workflow_deploy::{DeployAction, DeployOptions, Deployer, Error, RetrySettings};

use super::{definition, deployment};
use crate::common::{Moto, Proxy, REGION, Reply};

const SECRET: &str = "wJalrXUtnFEMI-never-printed";

fn deployer_through(proxy: &Proxy, attempts: u32) -> Deployer {
    Deployer::for_endpoint(&proxy.url(), REGION, "testing", SECRET).with_retry(RetrySettings {
        max_attempts: attempts,
        initial_backoff: Duration::from_millis(5),
        max_backoff: Duration::from_millis(20),
    })
}

fn no_secret(err: &Error) {
    let text = format!("{err} {err:?}");
    assert!(!text.contains(SECRET), "{text}");
}

#[tokio::test(flavor = "multi_thread")]
async fn server_stopped_mid_deploy_then_rerun_converges() {
    let Some(mut moto) = Moto::start() else {
        return;
    };
    let proxy = Proxy::start(moto.port);
    let deployer = deployer_through(&proxy, 2);
    let options = DeployOptions {
        alias: Some("live".into()),
        ..DeployOptions::default()
    };
    // The server goes away right after the machine is created, before the alias.
    proxy.set_rule(|op| match op {
        "DescribeStateMachineAlias" | "CreateStateMachineAlias" => Reply::Hang,
        _ => Reply::Forward,
    });
    let err = deployer
        .deploy(&deployment(definition("positive"), &[]), &options)
        .await
        .expect_err("the server stopped answering");
    assert!(matches!(err, Error::Unreachable { .. }), "{err:?}");
    assert!(err.to_string().contains("fix:"), "{err}");
    no_secret(&err);
    eprintln!("{err}");

    proxy.set_rule(|_| Reply::Forward);
    let rerun = deployer
        .deploy(&deployment(definition("positive"), &[]), &options)
        .await
        .expect("re-run");
    assert_eq!(rerun.action, DeployAction::Updated, "the alias was missing");
    assert!(rerun.alias_arn.is_some());
    let settled = deployer
        .deploy(&deployment(definition("positive"), &[]), &options)
        .await
        .expect("again");
    assert_eq!(settled.action, DeployAction::Unchanged);

    // The process itself stops: the documented error; a fresh server converges too.
    moto.kill();
    let direct = moto.deployer();
    let err = direct
        .deploy_state_machine(&deployment(definition("positive"), &[]))
        .await
        .expect_err("server down");
    assert!(matches!(err, Error::Unreachable { .. }), "{err:?}");
    moto.restart();
    let fresh = direct
        .deploy_state_machine(&deployment(definition("positive"), &[]))
        .await
        .expect("converges on the restarted server");
    assert_eq!(fresh.action, DeployAction::Created);
}

#[tokio::test(flavor = "multi_thread")]
async fn throttling_is_retried_then_reported() {
    let Some(moto) = Moto::start() else { return };
    let proxy = Proxy::start(moto.port);
    let throttled = Arc::new(AtomicUsize::new(2));
    let left = throttled.clone();
    proxy.set_rule(move |_| {
        if left
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
            .is_ok()
        {
            Reply::Error(400, "ThrottlingException", "Rate exceeded")
        } else {
            Reply::Forward
        }
    });
    let deployer = deployer_through(&proxy, 4);
    let outcome = deployer
        .deploy_state_machine(&deployment(definition("positive"), &[]))
        .await
        .expect("the SDK retries past two throttled answers");
    assert_eq!(outcome.action, DeployAction::Created);
    assert_eq!(proxy.count("ListStateMachines"), 3, "{:?}", proxy.calls());

    proxy.set_rule(|_| Reply::Error(400, "ThrottlingException", "Rate exceeded"));
    let before = proxy.calls().len();
    let err = deployer
        .deploy_state_machine(&deployment(definition("positive"), &[]))
        .await
        .expect_err("always throttled");
    assert!(
        matches!(err, Error::Throttled { attempts: 4, .. }),
        "{err:?}"
    );
    assert_eq!(proxy.calls().len() - before, 4, "four attempts");
    no_secret(&err);
    eprintln!("{err}");

    proxy.set_rule(|_| Reply::Forward);
    let rerun = deployer
        .deploy_state_machine(&deployment(definition("positive"), &[]))
        .await
        .expect("re-run");
    assert_eq!(rerun.action, DeployAction::Unchanged);
}

#[tokio::test(flavor = "multi_thread")]
async fn rejected_definition_credentials_and_role_are_documented() {
    let Some(moto) = Moto::start() else { return };
    let proxy = Proxy::start(moto.port);
    let deployer = deployer_through(&proxy, 2);

    proxy.set_rule(|op| match op {
        "CreateStateMachine" => Reply::Error(
            400,
            "InvalidDefinition",
            "Invalid State Machine Definition: SCHEMA_VALIDATION_FAILED",
        ),
        _ => Reply::Forward,
    });
    let err = deployer
        .deploy_state_machine(&deployment(definition("positive"), &[]))
        .await
        .expect_err("rejected");
    let Error::RejectedDefinition { resource, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(resource, "deploy-test");
    no_secret(&err);
    eprintln!("{err}");

    proxy.set_rule(|_| {
        Reply::Error(
            400,
            "UnrecognizedClientException",
            "The security token included in the request is invalid.",
        )
    });
    let err = deployer
        .deploy_state_machine(&deployment(definition("positive"), &[]))
        .await
        .expect_err("bad credentials");
    assert!(matches!(err, Error::Credentials { .. }), "{err:?}");
    no_secret(&err);
    eprintln!("{err}");

    proxy.set_rule(|op| match op {
        "CreateStateMachine" => Reply::Error(
            400,
            "AccessDeniedException",
            "Neither the global service principal states.amazonaws.com, nor the regional one \
             is authorized to assume the provided role.",
        ),
        _ => Reply::Forward,
    });
    let err = deployer
        .deploy_state_machine(&deployment(definition("positive"), &[]))
        .await
        .expect_err("role");
    assert!(matches!(err, Error::Role { .. }), "{err:?}");
    assert!(err.to_string().contains("deploy-test"), "{err}");
    no_secret(&err);
    eprintln!("{err}");

    proxy.set_rule(|_| Reply::Forward);
    let rerun = deployer
        .deploy_state_machine(&deployment(definition("positive"), &[]))
        .await
        .expect("re-run converges");
    assert_eq!(rerun.action, DeployAction::Created);
    assert_eq!(
        deployer.write_calls(),
        3,
        "two refused creates and one create"
    );
}
