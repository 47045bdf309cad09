//! Seed workflow: wait for a human approval. The task sends the task token over SQS and waits
//! until someone calls SendTaskSuccess or SendTaskFailure with it.

use workflow::core::template::{ApiTrigger, App, Output, Parameter, Value};
use workflow::{JsonShape, workflow};

/// What is asked for.
#[derive(Debug, serde::Serialize, serde::Deserialize, schemars::JsonSchema, JsonShape)]
pub struct ApprovalRequest {
    pub id: String,
    pub amount: f64,
}

/// What the approver sends back with the task token (`SendTaskSuccess`'s output). The
/// approver's tool builds it, so nothing here constructs it.
#[allow(dead_code)]
#[derive(Debug, serde::Serialize, serde::Deserialize, JsonShape)]
pub struct Approval {
    pub approved: bool,
    pub approver: String,
}

workflow! {
    /// Ask for approval over SQS and wait for the answer.
    // Typed end to end: a typo in `$.approval.approved` is a compile error.
    #[deny(untyped_state)]
    pub HumanApproval(input = ApprovalRequest) {
        RequestApproval: task sqs::send_message.wait_for_task_token -> Approval {
            parameters: {
                "QueueUrl": "${ApprovalQueueUrl}",
                "MessageBody": { "Request": $, "TaskToken": $$.Task.Token },
            },
            timeout: 7d,
            result_path: $.approval,
        },
        Decide: choice {
            $.approval.approved == true => Approved,
            _ => Rejected,
        },
        Approved: succeed,
        Rejected: fail { error: "Rejected", cause: "the approver said no" },
    }
}

fn main() -> std::process::ExitCode {
    let app = App::new()
        .description("workflow-rs example human_approval: an approval over SQS, started through an API")
        .parameter(
            Parameter::string("ApprovalQueueUrl")
                .description("URL of the SQS queue approvers read")
                .allowed_pattern("^https://sqs\\.[a-z0-9-]+\\.amazonaws\\.com/[0-9]{12}/[A-Za-z0-9_-]+$"),
        )
        .parameter(
            Parameter::string("ApprovalQueueArn")
                .description("ARN of the same queue, for the execution role")
                .allowed_pattern("^arn:aws[a-z-]*:sqs:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]+$"),
        )
        .state_machine(
            workflow::synth::machine::<HumanApproval>()
                .substitution("ApprovalQueueUrl", Value::parameter("ApprovalQueueUrl"))
                // Asked for by the execution role: the policy names the queue by its ARN.
                .substitution("ApprovalQueueArn", Value::parameter("ApprovalQueueArn")),
        )
        .trigger(
            ApiTrigger::new("ApprovalApi", "HumanApproval")
                .path("approvals")
                .description("POST /approvals starts an approval (IAM authorization)"),
        )
        .output(Output::new("HumanApprovalArn", Value::reference("HumanApproval")))
        .output(
            Output::new(
                "ApprovalApiUrl",
                Value::sub("https://${ApprovalApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}/prod/approvals"),
            )
            .description("POST here to request an approval"),
        );
    workflow_deploy::cli::main(app)
}
