use workflow::{Workflow, workflow};

workflow! {
    pub M {
        Notify: task sns::publish("${Topic}") {
            parameters: { "Message": format("order {} shipped", $.id) },
        },
    }
}

fn main() {
    assert!(M::ASL.contains(r#""Resource": "arn:aws:states:::sns:publish""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""TopicArn": "${Topic}""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""Message.$": "States.Format('order {} shipped', $.id)""#), "{}", M::ASL);
}
