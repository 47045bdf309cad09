//! Seed workflow: invoke a Lambda function with the whole input as its payload, with a
//! five-minute timeout.

use workflow::{Workflow, workflow};

workflow! {
    /// Invoke a Lambda function with the execution input as its payload.
    pub LambdaInvoke {
        Invoke: task lambda::invoke("${HelloFunctionArn}") {
            payload: { "Input": $ },
            timeout: 300s,
        },
    }
}

fn main() -> std::io::Result<()> {
    workflow::generate::Generator::new()
        .add::<LambdaInvoke>()
        .write_to("out/lambda_invoke")?;
    println!("{}", LambdaInvoke::ASL);
    Ok(())
}
