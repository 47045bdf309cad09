//! Why a statement is wider than the definition pins down: the reasons the derivation and the
//! template interpreter give. Reasons that belong to one integration live in its catalog file
//! ([`crate::catalog`]).

pub(super) const R_LOGS: &str = "CloudWatch Logs log-delivery APIs have no resource-level \
     permissions; the Step Functions guide grants them on `*`";
pub(super) const R_XRAY: &str = "X-Ray trace and sampling APIs have no resource-level \
     permissions; the Step Functions guide grants them on `*`";
pub(super) const R_FUNCTION_DYNAMIC: &str = "the function is chosen at run time (a path or JSONata \
     expression), so any function of the account and region may be invoked";
pub(super) const R_DYNAMIC: &str = "the resource is chosen at run time (a path or JSONata expression), \
     so any resource of its kind in the account and region is allowed";
pub(super) const R_MISSING: &str = "the integration's resource is not in the definition";
pub(super) const R_SDK: &str = "the aws-sdk action's resource is not in the definition";
pub(super) const R_CHILD_EXECUTIONS: &str = "the child state machine's name cannot be read from its ARN \
     placeholder, so executions of any state machine of the account and region may be \
     described and stopped";
pub(super) const R_OWN_NAME: &str = "the state machine's own name was not given \
     (IamOptions::state_machine_name), so any state machine of the account and region is named";
pub(super) const R_QUEUE_PLACEHOLDER: &str = "the queue URL placeholder does not name the queue's ARN: \
     write `${NameUrl}` and also supply `${NameArn}`, or use `${GetAtt:Queue.QueueUrl}` or \
     `${Ref:Queue}`; until then any queue of the account and region is allowed";
pub(super) const R_QUEUE_URL: &str = "the queue URL is not of the form \
     https://sqs.REGION.amazonaws.com/ACCOUNT/NAME, so any queue of the account and region \
     is allowed";
pub(super) const R_SMS: &str =
    "the message goes to a phone number (SMS), which has no resource ARN";
pub(super) const R_CONNECTION_SECRET: &str = "the EventBridge connection's name is not in the \
     definition, so every connection secret (`events!connection/*`) may be read, as the Step \
     Functions guide shows";
pub(super) const R_UNKNOWN: &str = "workflow-rs has no IAM template for this optimized integration: only \
     its API action is granted, on `*`; see the service's IAM page in the Step Functions guide \
     (a .sync task also needs its polling actions and events rule)";
pub(super) const R_ROLE_DYNAMIC: &str = "the role is chosen at run time or not in the definition, so any \
     role of the account may be used";
pub(super) const R_API: &str = "the API's id, region, stage, method or path is not fixed in the \
     definition (or the endpoint is a custom domain), so any of them is allowed";
pub(super) const R_MANIFEST: &str = "a manifest lists the objects to read, which the definition does not \
     name";
pub(super) const R_BUILD_ID: &str = "the build id is not fixed as PROJECT:UUID in the definition, \
     so any project of the account and region is named";
