use workflow::workflow;

workflow! {
    #[express]
    pub M {
        Run: task ecs::run_task.sync {
            parameters: { "Cluster": "${Cluster}", "TaskDefinition": "${TaskDef}" },
        },
    }
}

fn main() {}
