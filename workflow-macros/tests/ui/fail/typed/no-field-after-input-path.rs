use workflow::workflow;

include!("../../fixtures/order.rs");

workflow! {
    pub M(input = Input) {
        Call: task lambda::invoke("${Fn}") {
            input_path: $.order,
            payload: { "Total": $.totl },
        },
    }
}

fn main() {}
