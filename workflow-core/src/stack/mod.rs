//! What a deploy creates, apart from the ASL pipeline: the CloudFormation template of a stack
//! ([`template`]), the least-privilege execution roles derived from definitions ([`iam`]), and the
//! other parts a stack can hold — AppSync GraphQL APIs ([`appsync`], behind the `appsync`
//! feature), Amplify Hosting apps ([`amplify`]) and Cognito user pools ([`cognito`]) — with the
//! one rule they share for secrets ([`secret`]).
//!
//! Each is re-exported at the crate root (`workflow_core::template`, …).

pub mod amplify;
#[cfg(feature = "appsync")]
pub mod appsync;
pub mod cognito;
pub mod iam;
pub mod secret;
pub mod template;

/// The one diagnostic a part's validation gives (its code, JSON Pointer and help), for the
/// tests of the parts that are validated whole (`amplify`, `cognito`).
#[cfg(test)]
fn only_diagnostic<T: std::fmt::Debug>(
    result: Result<T, Vec<crate::Diagnostic>>,
    what: &str,
) -> (String, String, String) {
    let diagnostics = result.expect_err(what);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    let d = &diagnostics[0];
    (
        d.code().to_string(),
        d.location.pointer.clone(),
        d.help.clone().unwrap_or_default(),
    )
}
