use workflow::{Workflow, workflow};

workflow! {
    pub M {
        Child: task step_functions::start_execution("${ChildArn}").sync2 {
            parameters: { "Input": { "parent.$": "$$.Execution.Id" } },
        },
    }
}

fn main() {
    assert!(M::ASL.contains(r#""Resource": "arn:aws:states:::states:startExecution.sync:2""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""StateMachineArn": "${ChildArn}""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""parent.$": "$$.Execution.Id""#), "{}", M::ASL);
}
