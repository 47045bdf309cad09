use workflow::workflow;

workflow! {
    #[express]
    pub M {
        Ask: task sqs::send_message.wait_for_task_token {
            parameters: { "QueueUrl": "${Queue}", "MessageBody": { "Token": $$.Task.Token } },
        },
    }
}

fn main() {}
