use workflow::{Workflow, workflow};

workflow! {
    pub M {
        Job: task batch::submit_job.sync {
            parameters: { "JobName": "nightly", "JobQueue": "${Queue}", "JobDefinition": "${Def}" },
        },
    }
}

fn main() {
    assert!(M::ASL.contains(r#""Resource": "arn:aws:states:::batch:submitJob.sync""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""JobName": "nightly""#), "{}", M::ASL);
}
