use workflow::workflow;

include!("../../fixtures/order.rs");

workflow! {
    pub M(input = Input) {
        Decide: choice {
            $.order.country > 100 => Big,
            _ => Small,
        },
        Big: succeed,
        Small: succeed,
    }
}

fn main() {}
