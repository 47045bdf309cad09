use workflow::{Workflow, workflow};

workflow! {
    pub M {
        Ask: task sqs::send_message.wait_for_task_token {
            parameters: {
                "QueueUrl": "${Queue}",
                "MessageBody": { "Request": $, "TaskToken": $$.Task.Token },
            },
            timeout: 7d,
        },
    }
}

fn main() {
    assert!(M::ASL.contains(r#""Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""TaskToken.$": "$$.Task.Token""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""TimeoutSeconds": 604800"#), "{}", M::ASL);
}
