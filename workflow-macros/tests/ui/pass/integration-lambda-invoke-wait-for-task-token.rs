use workflow::{Workflow, workflow};

workflow! {
    pub M {
        Call: task lambda::invoke("${HelloFn}").wait_for_task_token {
            payload: { "Token": $$.Task.Token },
            heartbeat: 60s,
            timeout: 1h,
        },
    }
}

fn main() {
    assert!(M::ASL.contains(r#""Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""Token.$": "$$.Task.Token""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""HeartbeatSeconds": 60"#), "{}", M::ASL);
}
