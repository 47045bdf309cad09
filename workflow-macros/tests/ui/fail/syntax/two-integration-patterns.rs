use workflow::workflow;

workflow! {
    pub M {
        Child: task states::start_execution("${Child}").wait_for_task_token.sync,
    }
}

fn main() {}
