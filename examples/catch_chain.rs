//! Seed workflow: a task whose errors are caught in order: a custom error goes to a fallback, a
//! task failure to a second fallback, and anything else to a recovery task that keeps the error
//! in `$.error`.

use workflow::{Workflow, workflow};

workflow! {
    /// A Lambda task with a chain of catchers.
    pub CatchChain {
        Charge: task lambda::invoke("${ChargeFunctionArn}") {
            payload: { "Input": $ },
            catch: [CustomError] => CustomErrorFallback,
            catch: [States.TaskFailed] => TaskFailedFallback,
            catch: [States.ALL] result_path $.error => Recover,
            end,
        },
        CustomErrorFallback: pass {
            result: "This is a fallback from a custom Lambda function exception",
            end,
        },
        TaskFailedFallback: pass {
            result: "This is a fallback from any task failure",
            end,
        },
        Recover: task lambda::invoke("${RecoverFunctionArn}") {
            payload: { "Error": $.error, "Input": $ },
        },
    }
}

fn main() -> std::io::Result<()> {
    workflow::generate::Generator::new()
        .add::<CatchChain>()
        .write_to("out/catch_chain")?;
    println!("{}", CatchChain::ASL);
    Ok(())
}
