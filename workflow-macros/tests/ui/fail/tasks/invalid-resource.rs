use workflow::workflow;

workflow! {
    pub M {
        Call: task resource("InvalidArn"),
    }
}

fn main() {}
