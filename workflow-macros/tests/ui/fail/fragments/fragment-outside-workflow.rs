workflow::fragment! {
    lambda_errors { Lambda.ServiceException, Lambda.AWSLambdaException }
}

fn main() {
    let _ = lambda_errors!();
}
