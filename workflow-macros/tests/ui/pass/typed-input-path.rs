use workflow::{Workflow, workflow};

include!("../fixtures/order.rs");

workflow! {
    pub M(input = Input) {
        Call: task lambda::invoke("${Fn}") {
            input_path: $.order,
            payload: { "Total": $.total, "Items": $.items },
        },
    }
}

fn main() {
    assert!(M::ASL.contains(r#""InputPath": "$.order""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""Total.$": "$.total""#), "{}", M::ASL);
}
