use workflow::{Workflow, workflow};

workflow! {
    pub M {
        Call: task lambda::invoke("${Fn}") {
            retry: [CustomError] every 1s x2 backoff 2.0,
            retry: [States.TaskFailed, States.Timeout] every 5s x3 max_delay 30s jitter full,
            retry: [States.ALL] x1,
        },
    }
}

fn main() {
    assert!(M::ASL.contains(r#""ErrorEquals": [
            "CustomError"
          ]"#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""IntervalSeconds": 5"#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""MaxAttempts": 3"#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""BackoffRate": 2.0"#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""MaxDelaySeconds": 30"#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""JitterStrategy": "FULL""#), "{}", M::ASL);
}
