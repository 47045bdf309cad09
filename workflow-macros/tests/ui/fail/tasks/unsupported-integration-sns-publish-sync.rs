use workflow::workflow;

workflow! {
    pub M {
        Notify: task sns::publish.sync {
            parameters: { "TopicArn": "${Topic}", "Message": "hi" },
        },
    }
}

fn main() {}
