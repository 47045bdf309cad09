//! Executions: start (idempotent by name), wait for the end with progress, stop, list, and
//! print the output or the error and cause.
//!
//! ```no_run
//! # async fn demo(machine_arn: &str) -> workflow_deploy::Result<()> {
//! use std::time::Duration;
//! let deployer = workflow_deploy::Deployer::from_env().await;
//! // Starting "order-42" again with the same input returns the same execution.
//! let arn = deployer.start_execution(machine_arn, r#"{"order": 42}"#, Some("order-42")).await?;
//! let info = deployer
//!     .wait_with_progress(&arn, Duration::from_secs(1), Duration::from_secs(300), |p| {
//!         eprintln!("{} after {:.0?}", p.status, p.elapsed)
//!     })
//!     .await?;
//! println!("{info}"); // SUCCEEDED and the output, or FAILED with the error and cause
//! # Ok(())
//! # }
//! ```

use std::fmt;
use std::time::{Duration, Instant};

use aws_sdk_sfn::primitives::DateTime;
use aws_sdk_sfn::types::ExecutionStatus;

use crate::{Deployer, Error, ExecutionInfo, Result};

/// One line of [`Deployer::list_executions`].
#[derive(Debug, Clone, PartialEq)]
pub struct ExecutionSummary {
    /// The execution ARN.
    pub arn: String,
    /// The execution name.
    pub name: String,
    /// RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED, PENDING_REDRIVE.
    pub status: String,
    /// When it started.
    pub start_date: DateTime,
    /// When it ended, if it did.
    pub stop_date: Option<DateTime>,
}

/// What [`Deployer::wait_with_progress`] reports at each poll.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    /// The execution ARN.
    pub arn: String,
    /// The status at this poll.
    pub status: String,
    /// Time since the wait began.
    pub elapsed: Duration,
}

/// A JSON text pretty-printed, or as it is when it does not parse.
fn pretty(json: &str) -> String {
    serde_json::from_str::<serde_json::Value>(json)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_else(|| json.to_owned())
}

impl fmt::Display for ExecutionInfo {
    /// The status, then the output (pretty JSON) or the error and cause.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.status)?;
        if let Some(output) = &self.output {
            write!(f, "\noutput: {}", pretty(output))?;
        }
        if let Some(error) = &self.error {
            write!(f, "\nerror: {error}")?;
        }
        if let Some(cause) = &self.cause {
            write!(f, "\ncause: {}", pretty(cause))?;
        }
        Ok(())
    }
}

/// The ARN an execution named `name` of the machine `state_machine_arn` has.
fn execution_arn(state_machine_arn: &str, name: &str) -> String {
    format!(
        "{}:{name}",
        state_machine_arn.replacen(":stateMachine:", ":execution:", 1)
    )
}

impl Deployer {
    /// Starts an execution; with a `name`, starting again with the same input returns the
    /// existing execution instead of failing (the service does this itself for running
    /// standard executions; this also covers finished ones).
    pub(crate) async fn start_execution_idempotent(
        &self,
        state_machine_arn: &str,
        input_json: &str,
        name: Option<&str>,
    ) -> Result<String> {
        let input: serde_json::Value =
            serde_json::from_str(input_json).map_err(|source| Error::Json {
                what: "the execution input",
                source,
            })?;
        if let Some(name) = name {
            let arn = execution_arn(state_machine_arn, name);
            if let Some(existing) = self.existing_input(&arn).await? {
                return if existing == input {
                    Ok(arn)
                } else {
                    Err(Error::ExecutionExists {
                        state_machine: state_machine_arn.to_owned(),
                        name: name.to_owned(),
                    })
                };
            }
        }
        self.wrote();
        let answer = self
            .client
            .start_execution()
            .state_machine_arn(state_machine_arn)
            .input(input_json)
            .set_name(name.map(str::to_owned))
            .send()
            .await;
        match answer {
            Ok(out) => Ok(out.execution_arn().to_owned()),
            Err(err)
                if err
                    .as_service_error()
                    .is_some_and(|e| e.is_execution_already_exists()) =>
            {
                Err(Error::ExecutionExists {
                    state_machine: state_machine_arn.to_owned(),
                    name: name.unwrap_or_default().to_owned(),
                })
            }
            Err(err) => Err(self.sdk_error_on("StartExecution", state_machine_arn, err)),
        }
    }

    /// The input of the execution `arn`, or `None` when there is no such execution.
    async fn existing_input(&self, arn: &str) -> Result<Option<serde_json::Value>> {
        match self
            .client
            .describe_execution()
            .execution_arn(arn)
            .send()
            .await
        {
            Ok(out) => Ok(Some(
                out.input()
                    .and_then(|text| serde_json::from_str(text).ok())
                    .unwrap_or(serde_json::Value::Null),
            )),
            Err(err)
                if err
                    .as_service_error()
                    .is_some_and(|e| e.is_execution_does_not_exist()) =>
            {
                Ok(None)
            }
            Err(err) => Err(self.sdk_error_on("DescribeExecution", arn, err)),
        }
    }

    /// Polls the execution every `poll`, calling `progress` after each poll, until it is no
    /// longer running; [`Error::Timeout`] after `timeout`.
    pub async fn wait_with_progress(
        &self,
        execution_arn: &str,
        poll: Duration,
        timeout: Duration,
        mut progress: impl FnMut(&Progress),
    ) -> Result<ExecutionInfo> {
        let start = Instant::now();
        loop {
            let info = self.describe_execution(execution_arn).await?;
            progress(&Progress {
                arn: execution_arn.to_owned(),
                status: info.status.clone(),
                elapsed: start.elapsed(),
            });
            if !info.is_running() {
                return Ok(info);
            }
            if start.elapsed() >= timeout {
                return Err(Error::Timeout {
                    arn: execution_arn.to_owned(),
                    timeout,
                    status: info.status,
                });
            }
            tokio::time::sleep(poll).await;
        }
    }

    /// Stops a running execution with an optional error name and cause.
    pub async fn stop_execution(
        &self,
        execution_arn: &str,
        error: Option<&str>,
        cause: Option<&str>,
    ) -> Result<()> {
        self.wrote();
        self.client
            .stop_execution()
            .execution_arn(execution_arn)
            .set_error(error.map(str::to_owned))
            .set_cause(cause.map(str::to_owned))
            .send()
            .await
            .map_err(|e| self.sdk_error_on("StopExecution", execution_arn, e))?;
        Ok(())
    }

    /// The executions of a machine, newest first as the service lists them, optionally only
    /// those with `status` (e.g. `RUNNING`); every page.
    pub async fn list_executions(
        &self,
        state_machine_arn: &str,
        status: Option<&str>,
    ) -> Result<Vec<ExecutionSummary>> {
        let executions = self
            .client
            .list_executions()
            .state_machine_arn(state_machine_arn)
            .set_status_filter(status.map(ExecutionStatus::from))
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
            .map_err(|e| self.sdk_error_on("ListExecutions", state_machine_arn, e))?;
        Ok(executions
            .iter()
            .map(|e| ExecutionSummary {
                arn: e.execution_arn().to_owned(),
                name: e.name().to_owned(),
                status: e.status().as_str().to_owned(),
                start_date: *e.start_date(),
                stop_date: e.stop_date().copied(),
            })
            .collect())
    }
}
