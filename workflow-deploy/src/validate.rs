//! Validation before any write: always locally with `workflow-core` (the same validator as
//! `workflow validate` and the macro), then, when asked, by the service's
//! `ValidateStateMachineDefinition`.
//!
//! Servers that do not implement `ValidateStateMachineDefinition` (it answers HTTP 500 or an
//! unknown-operation error, as `moto_server` does) are reported as
//! [`ServerValidation::Unsupported`], a notice and never a failure.

use aws_sdk_sfn::types::{StateMachineType, ValidateStateMachineDefinitionResultCode};
use workflow_core::{Format, Options};

use crate::{Deployer, Error, Result, fault};

/// What the server said about a definition before it was written.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum ServerValidation {
    /// Server-side validation was not asked for.
    #[default]
    NotRequested,
    /// The server validated the definition and found no error (its warnings, if any, as
    /// `code: message` texts).
    Passed {
        /// Warnings the server reported.
        warnings: Vec<String>,
    },
    /// The server does not implement `ValidateStateMachineDefinition`; the local validation
    /// was the only one.
    Unsupported {
        /// What the server answered.
        notice: String,
    },
}

impl std::fmt::Display for ServerValidation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ServerValidation::NotRequested => f.write_str("server validation not requested"),
            ServerValidation::Passed { warnings } if warnings.is_empty() => {
                f.write_str("the server validated the definition")
            }
            ServerValidation::Passed { warnings } => write!(
                f,
                "the server validated the definition, with warnings: {}",
                warnings.join("; ")
            ),
            ServerValidation::Unsupported { notice } => write!(
                f,
                "note: the endpoint does not support ValidateStateMachineDefinition ({notice}); \
                 only the local validation ran"
            ),
        }
    }
}

/// Validates `definition_json` with `workflow-core`: [`Error::InvalidDefinition`] with every
/// error diagnostic when it has errors (warnings pass).
///
/// ```
/// let ok = r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}"#;
/// workflow_deploy::validate::validate_locally("demo", ok).unwrap();
/// let bad = r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}}}"#;
/// let err = workflow_deploy::validate::validate_locally("demo", bad).unwrap_err();
/// assert!(err.to_string().contains("nothing was deployed"), "{err}");
/// ```
pub fn validate_locally(name: &str, definition_json: &str) -> Result<()> {
    let report = workflow_core::check(definition_json, Format::Json, &Options::default());
    if report.is_valid() {
        return Ok(());
    }
    let diagnostics: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| match &d.pos {
            Some(pos) => format!("{d} (line {}, column {})", pos.line, pos.column),
            None => d.to_string(),
        })
        .collect();
    Err(Error::InvalidDefinition {
        name: name.to_owned(),
        diagnostics: if diagnostics.is_empty() {
            vec!["the definition is not a JSON object".to_owned()]
        } else {
            diagnostics
        },
    })
}

impl Deployer {
    /// Asks the server to validate the definition of `name`. Errors it finds are
    /// [`Error::RejectedDefinition`]; a server without the operation gives
    /// [`ServerValidation::Unsupported`].
    pub async fn validate_on_server(
        &self,
        name: &str,
        definition_json: &str,
        machine_type: StateMachineType,
    ) -> Result<ServerValidation> {
        let answer = self
            .client
            .validate_state_machine_definition()
            .definition(definition_json)
            .r#type(machine_type)
            // A 500 here means "not implemented" (see the module docs): retrying it only waits.
            .customize()
            .config_override(
                aws_sdk_sfn::Config::builder()
                    .retry_config(aws_sdk_sfn::config::retry::RetryConfig::disabled()),
            )
            .send()
            .await;
        let out = match answer {
            Ok(out) => out,
            Err(err) if fault::is_unsupported(&err) => {
                let notice = match err.raw_response() {
                    Some(raw) => format!("HTTP {}", raw.status().as_u16()),
                    None => "unknown operation".to_owned(),
                };
                return Ok(ServerValidation::Unsupported { notice });
            }
            Err(err) => return Err(self.sdk_error_on("ValidateStateMachineDefinition", name, err)),
        };
        let texts = |severity: &str| -> Vec<String> {
            out.diagnostics()
                .iter()
                .filter(|d| d.severity().as_str() == severity)
                .map(|d| match d.location() {
                    Some(location) => format!("{}: {} (at {location})", d.code(), d.message()),
                    None => format!("{}: {}", d.code(), d.message()),
                })
                .collect()
        };
        if *out.result() == ValidateStateMachineDefinitionResultCode::Fail {
            return Err(Error::RejectedDefinition {
                operation: "ValidateStateMachineDefinition",
                resource: name.to_owned(),
                message: texts("ERROR").join("; "),
            });
        }
        Ok(ServerValidation::Passed {
            warnings: texts("WARNING"),
        })
    }
}
