use workflow::{Workflow, workflow};

workflow! {
    pub M {
        Send: task sqs::send_message("${Queue}") {
            parameters: { "MessageBody": $.body },
        },
    }
}

fn main() {
    assert!(M::ASL.contains(r#""Resource": "arn:aws:states:::sqs:sendMessage""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""QueueUrl": "${Queue}""#), "{}", M::ASL);
}
