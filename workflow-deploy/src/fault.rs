//! Turns SDK errors into [`Error`]s that name the resource and say how to fix the cause.
//!
//! The texts are built from the endpoint, the operation, the resource and the service's error
//! code and message only: never from the request, so a credential never reaches an error.

use aws_sdk_sfn::config::http::HttpResponse;
use aws_sdk_sfn::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};

use crate::Error;
use crate::aws_error::{self, Failure};

/// What a failed call was about.
pub(crate) struct Call<'a> {
    pub endpoint: &'a str,
    pub operation: &'static str,
    /// The resource (a name or ARN); empty when the call is not about one.
    pub resource: &'a str,
    /// The attempts the retry settings allow, reported when throttling outlasted them.
    pub attempts: u32,
}

pub(crate) fn classify<E, R>(call: &Call<'_>, err: SdkError<E, R>) -> Error
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug + 'static,
{
    let resource = if call.resource.is_empty() {
        "the account's Step Functions resources".to_owned()
    } else {
        call.resource.to_owned()
    };
    let code = err.code().unwrap_or("");
    let failure = aws_error::classify(&err);
    if failure == Failure::Unreachable {
        return Error::Unreachable {
            endpoint: call.endpoint.to_owned(),
            operation: call.operation,
            message: aws_error::source_chain(&err),
        };
    }
    let message = match aws_error::code_and_message(&err) {
        Some(message) => message,
        None if failure == Failure::Credentials => aws_error::source_chain(&err),
        None => DisplayErrorContext(&err).to_string(),
    };
    let lower = message.to_ascii_lowercase();
    if failure == Failure::Credentials {
        Error::Credentials {
            endpoint: call.endpoint.to_owned(),
            operation: call.operation,
            resource,
            message,
        }
    } else if failure == Failure::Throttled {
        Error::Throttled {
            endpoint: call.endpoint.to_owned(),
            operation: call.operation,
            resource,
            attempts: call.attempts,
            message,
        }
    } else if code == "InvalidDefinition" {
        Error::RejectedDefinition {
            operation: call.operation,
            resource,
            message,
        }
    } else if (code == "AccessDeniedException" && lower.contains("assume"))
        || (code == "InvalidArn" && lower.contains("role"))
        || (code == "ValidationException" && lower.contains("rolearn"))
    {
        Error::Role {
            operation: call.operation,
            resource,
            message,
        }
    } else {
        Error::Api {
            operation: call.operation,
            message: if call.resource.is_empty() {
                message
            } else {
                format!("{}: {message}", call.resource)
            },
        }
    }
}

/// The service does not implement the operation: HTTP 500/501, or an unknown-operation code.
pub(crate) fn is_unsupported<E>(err: &SdkError<E, HttpResponse>) -> bool
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    const CODES: &[&str] = &[
        "UnknownOperationException",
        "InvalidAction",
        "NotImplemented",
        "NotImplementedException",
    ];
    err.code().is_some_and(|code| CODES.contains(&code))
        || err
            .raw_response()
            .is_some_and(|raw| matches!(raw.status().as_u16(), 500 | 501))
}
