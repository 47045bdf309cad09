//! Errors in AWS's JSON 1.0 shape: `{"__type": "...", "message": "..."}` with HTTP 400.

use serde_json::{Value, json};

/// An error the API answers with, named by AWS's error code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code}: {message}")]
pub struct ApiError {
    /// AWS's code, e.g. `StateMachineDoesNotExist`.
    pub code: &'static str,
    pub message: String,
}

impl ApiError {
    pub fn new(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            code,
            message: message.into(),
        }
    }

    pub fn validation(message: impl Into<String>) -> ApiError {
        ApiError::new("ValidationException", message)
    }

    pub fn invalid_arn(arn: &str) -> ApiError {
        ApiError::new("InvalidArn", format!("Invalid Arn: '{arn}'"))
    }

    /// The response body.
    pub fn body(&self) -> Value {
        json!({"__type": self.code, "message": self.message})
    }

    /// The HTTP status: 400 for every error the caller caused; 500 for the server's own.
    pub fn status(&self) -> u16 {
        if self.code == "InternalFailure" {
            500
        } else {
            400
        }
    }
}
