use workflow::workflow;

workflow! {
    pub M {
        Notify: task sns::publish {
            payload: { "Message": "hi" },
        },
    }
}

fn main() {}
