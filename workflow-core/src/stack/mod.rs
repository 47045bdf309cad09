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
