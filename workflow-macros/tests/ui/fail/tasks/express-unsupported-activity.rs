use workflow::workflow;

workflow! {
    #[express]
    pub M {
        Work: task activity("arn:aws:states:us-east-1:123456789012:activity:Worker"),
    }
}

fn main() {}
