use workflow::workflow;

include!("../../fixtures/order.rs");

workflow! {
    pub M(input = Input) {
        Decide: choice {
            $.order.id == true => Big,
            _ => Small,
        },
        Big: succeed,
        Small: succeed,
    }
}

fn main() {}
