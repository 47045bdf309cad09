use workflow::{Workflow, workflow};

workflow! {
    pub M {
        Work: task activity("${WorkerArn}") {
            timeout: 365d,
            heartbeat: 1h,
        },
    }
}

fn main() {
    assert!(M::ASL.contains(r#""Resource": "${WorkerArn}""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""HeartbeatSeconds": 3600"#), "{}", M::ASL);
}
