use workflow::{Workflow, workflow};

include!("../../fixtures/order.rs");

workflow! {
    pub M(input = Input) {
        Decide: choice {
            $.order.totl > 100 => Big,
            _ => Small,
        },
        Big: succeed,
        Small: succeed,
    }
}

fn main() {
    let _ = M::ASL;
    let _ = M::input_schema();
}
