workflow::fragment! {
    pub lambda_errors { Lambda.ServiceException, Lambda.AWSLambdaException }
}

fn main() {}
