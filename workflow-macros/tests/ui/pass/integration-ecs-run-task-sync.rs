use workflow::{Workflow, workflow};

workflow! {
    pub M {
        Run: task ecs::run_task("${TaskDef}").sync {
            parameters: { "Cluster": "${Cluster}", "LaunchType": "FARGATE" },
        },
    }
}

fn main() {
    assert!(M::ASL.contains(r#""Resource": "arn:aws:states:::ecs:runTask.sync""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""TaskDefinition": "${TaskDef}""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""LaunchType": "FARGATE""#), "{}", M::ASL);
}
