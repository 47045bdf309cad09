//! What a failed AWS SDK call means, read the same way for the Step Functions and the
//! CloudFormation clients: one list of error codes for each kind of failure, so that a refused
//! credential is a refused credential (exit code 3) whichever service refused it.
//!
//! The texts are built from the service's error code and message and the error's `Display`
//! chain only: never from the request, so a credential never reaches an error.

use aws_sdk_sfn::error::{ProvideErrorMetadata, SdkError};

/// The kind of failure of an AWS call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Failure {
    /// The endpoint could not be reached, or did not answer in time.
    Unreachable,
    /// The credentials could not be loaded, or the service refused them (unknown key, bad
    /// signature, expired token).
    Credentials,
    /// The credentials are valid but the identity may not make the call.
    AccessDenied,
    /// The service throttled the call.
    Throttled,
    /// Any other answer of the service.
    Service,
}

/// Codes of refused credentials, over the services we call.
const CREDENTIAL_CODES: &[&str] = &[
    "UnrecognizedClientException",
    "InvalidClientTokenId",
    "InvalidSignatureException",
    "SignatureDoesNotMatch",
    "IncompleteSignature",
    "ExpiredToken",
    "ExpiredTokenException",
    "MissingAuthenticationToken",
];

/// Codes of an identity without the permission for the call.
const ACCESS_DENIED_CODES: &[&str] = &["AccessDenied", "AccessDeniedException"];

/// Codes of throttling.
const THROTTLING_CODES: &[&str] = &[
    "ThrottlingException",
    "Throttling",
    "TooManyRequestsException",
    "RequestLimitExceeded",
];

/// What `err` means.
pub(crate) fn classify<E, R>(err: &SdkError<E, R>) -> Failure
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug + 'static,
{
    match err {
        SdkError::DispatchFailure(_) if caused_by_credentials(err) => Failure::Credentials,
        SdkError::DispatchFailure(_) | SdkError::TimeoutError(_) => Failure::Unreachable,
        _ => classify_code(err.code().unwrap_or_default()),
    }
}

/// What a service error code means.
pub(crate) fn classify_code(code: &str) -> Failure {
    if CREDENTIAL_CODES.contains(&code) {
        Failure::Credentials
    } else if ACCESS_DENIED_CODES.contains(&code) {
        Failure::AccessDenied
    } else if THROTTLING_CODES.contains(&code) {
        Failure::Throttled
    } else {
        Failure::Service
    }
}

/// `code: message`, or the code alone, as the service gave them; `None` without a code.
pub(crate) fn code_and_message<E: ProvideErrorMetadata>(err: &E) -> Option<String> {
    match (err.code(), err.message()) {
        (Some(code), Some(message)) => Some(format!("{code}: {message}")),
        (Some(code), None) => Some(code.to_owned()),
        (None, _) => None,
    }
}

/// The error and its sources, joined by `: ` (their `Display` texts only, without repeats: the
/// `Debug` dump of the SDK's error context is not for people).
pub(crate) fn source_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = vec![err.to_string()];
    let mut source = err.source();
    while let Some(e) = source {
        let text = e.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = e.source();
    }
    parts.join(": ")
}

/// Whether a source of `err` is a failure to load credentials.
fn caused_by_credentials(err: &(dyn std::error::Error + 'static)) -> bool {
    let mut source = err.source();
    while let Some(e) = source {
        if e.is::<aws_credential_types::provider::error::CredentialsError>() {
            return true;
        }
        source = e.source();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        assert_eq!(classify_code("ExpiredToken"), Failure::Credentials);
        assert_eq!(
            classify_code("UnrecognizedClientException"),
            Failure::Credentials
        );
        assert_eq!(
            classify_code("AccessDeniedException"),
            Failure::AccessDenied
        );
        assert_eq!(classify_code("ThrottlingException"), Failure::Throttled);
        assert_eq!(classify_code("ValidationError"), Failure::Service);
        assert_eq!(classify_code(""), Failure::Service);
    }
}
