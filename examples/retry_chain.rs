//! Seed workflow: a task retried first on its own error, then on any task failure, then on
//! anything else: one second apart at first, twice each, doubling the wait each time.

use workflow::{Workflow, workflow};

workflow! {
    /// A Lambda task with a chain of retriers.
    pub RetryChain {
        Charge: task lambda::invoke("${ChargeFunctionArn}") {
            payload: { "Input": $ },
            retry: [CustomerError] every 1s x2 backoff 2.0,
            retry: [States.TaskFailed] every 1s x2 backoff 2.0,
            retry: [States.ALL] every 1s x2 backoff 2.0,
            end,
        },
    }
}

fn main() -> std::io::Result<()> {
    workflow::generate::Generator::new()
        .add::<RetryChain>()
        .write_to("out/retry_chain")?;
    println!("{}", RetryChain::ASL);
    Ok(())
}
