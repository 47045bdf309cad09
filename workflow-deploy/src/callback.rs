//! Completing tasks by their token: `.waitForTaskToken` tasks (the token was handed to another
//! system, e.g. in an SQS message) and activity tasks (the token came from `GetActivityTask`;
//! [`crate::worker`] uses these same calls).
//!
//! ```no_run
//! # async fn demo(token: &str) -> workflow_deploy::Result<()> {
//! use workflow_deploy::TaskCallback;
//! let deployer = workflow_deploy::Deployer::from_env().await;
//! let callback = TaskCallback::new(deployer.client().clone());
//! callback.heartbeat(token).await?;
//! callback.succeed(token, &serde_json::json!({"approved": true})).await?;
//! // or: callback.fail(token, "Rejected", "the reviewer said no").await?;
//! # Ok(())
//! # }
//! ```

use crate::{Error, Result, fault};

/// The longest `error` the API accepts (characters).
pub const MAX_ERROR_CHARS: usize = 256;
/// The longest `cause` the API accepts (characters).
pub const MAX_CAUSE_CHARS: usize = 32_768;
/// The largest task output the API accepts (bytes).
pub const MAX_OUTPUT_BYTES: usize = 262_144;

/// `text` cut to at most `max` characters, ending in `…` when it was cut.
pub fn truncate_chars(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Sends task results by token with one client.
#[derive(Debug, Clone)]
pub struct TaskCallback {
    client: aws_sdk_sfn::Client,
}

fn call_error<E>(
    operation: &'static str,
    err: aws_sdk_sfn::error::SdkError<E, aws_sdk_sfn::config::http::HttpResponse>,
) -> Error
where
    E: aws_sdk_sfn::error::ProvideErrorMetadata + std::error::Error + 'static,
{
    fault::classify(
        &fault::Call {
            endpoint: "the Step Functions endpoint",
            operation,
            resource: "the task token",
            attempts: 0,
        },
        err,
    )
}

impl TaskCallback {
    /// Callbacks through `client`.
    pub fn new(client: aws_sdk_sfn::Client) -> Self {
        TaskCallback { client }
    }

    /// Completes the task with `output` serialized as JSON (`SendTaskSuccess`); an output over
    /// the API's 256 KiB is [`Error::Invalid`].
    pub async fn succeed(&self, token: &str, output: &impl serde::Serialize) -> Result<()> {
        let output = serde_json::to_string(output).map_err(|e| Error::Invalid {
            what: "the task output",
            message: e.to_string(),
        })?;
        self.succeed_json(token, &output).await
    }

    /// Completes the task with a JSON text as output.
    pub async fn succeed_json(&self, token: &str, output_json: &str) -> Result<()> {
        if output_json.len() > MAX_OUTPUT_BYTES {
            return Err(Error::Invalid {
                what: "the task output",
                message: format!(
                    "it is {} bytes, more than the {MAX_OUTPUT_BYTES} bytes Step Functions accepts",
                    output_json.len()
                ),
            });
        }
        self.client
            .send_task_success()
            .task_token(token)
            .output(output_json)
            .send()
            .await
            .map_err(|e| call_error("SendTaskSuccess", e))?;
        Ok(())
    }

    /// Fails the task with an error name and cause (`SendTaskFailure`), truncated to the API's
    /// limits (256 and 32,768 characters).
    pub async fn fail(&self, token: &str, error: &str, cause: &str) -> Result<()> {
        self.client
            .send_task_failure()
            .task_token(token)
            .error(truncate_chars(error, MAX_ERROR_CHARS))
            .cause(truncate_chars(cause, MAX_CAUSE_CHARS))
            .send()
            .await
            .map_err(|e| call_error("SendTaskFailure", e))?;
        Ok(())
    }

    /// Tells the service the task is still being worked on (`SendTaskHeartbeat`).
    pub async fn heartbeat(&self, token: &str) -> Result<()> {
        self.client
            .send_task_heartbeat()
            .task_token(token)
            .send()
            .await
            .map_err(|e| call_error("SendTaskHeartbeat", e))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_keeps_short_texts_and_cuts_long_ones_on_char_boundaries() {
        assert_eq!(truncate_chars("short", 10), "short");
        let long = "é".repeat(300);
        let cut = truncate_chars(&long, MAX_ERROR_CHARS);
        assert_eq!(cut.chars().count(), MAX_ERROR_CHARS);
        assert!(cut.ends_with('…'));
    }
}
