//! Seed workflow: an activity worked on by a worker outside AWS, which may take up to a year
//! but must send a heartbeat at least every hour.

use workflow::{Workflow, workflow};

workflow! {
    /// Hand the work to an activity worker.
    pub ActivityWorker {
        DoWork: task activity("${ReviewActivityArn}") {
            timeout: 365d,
            heartbeat: 1h,
        },
    }
}

fn main() -> std::io::Result<()> {
    workflow::generate::Generator::new()
        .add::<ActivityWorker>()
        .write_to("out/activity_worker")?;
    println!("{}", ActivityWorker::ASL);
    Ok(())
}
