use workflow::{fragment, workflow};

fragment! {
    lambda_errors { Lambda.ServiceException, Lambda.AWSLambdaException }
}

workflow! {
    pub M {
        Call: task lambda::invoke("${Fn}") {
            catch: [lambda_errors!(Failed)] => Failed,
        },
        Failed: fail,
    }
}

fn main() {}
