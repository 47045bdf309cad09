//! Seed workflow: wait for a human approval. The task sends the task token over SQS and waits
//! until someone calls SendTaskSuccess or SendTaskFailure with it.

use workflow::{Workflow, workflow};

workflow! {
    /// Ask for approval over SQS and wait for the answer.
    pub HumanApproval {
        RequestApproval: task sqs::send_message.wait_for_task_token {
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

fn main() -> std::io::Result<()> {
    workflow::generate::Generator::new()
        .add::<HumanApproval>()
        .write_to("out/human_approval")?;
    println!("{}", HumanApproval::ASL);
    Ok(())
}
