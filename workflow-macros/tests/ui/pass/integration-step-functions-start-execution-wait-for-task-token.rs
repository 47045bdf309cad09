use workflow::{Workflow, workflow};

workflow! {
    pub M {
        Child: task states::start_execution("${ChildArn}").wait_for_task_token {
            parameters: { "Input": { "token": $$.Task.Token } },
        },
    }
}

fn main() {
    assert!(M::ASL.contains(r#""Resource": "arn:aws:states:::states:startExecution.waitForTaskToken""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""token.$": "$$.Task.Token""#), "{}", M::ASL);
}
