use workflow::workflow;

workflow! {
    pub M {
        Work: task activity("${WorkerArn}") {
            timeout: 60s,
            heartbeat: 60s,
        },
    }
}

fn main() {}
