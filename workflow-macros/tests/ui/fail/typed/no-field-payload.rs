use workflow::workflow;

include!("../../fixtures/order.rs");

workflow! {
    pub M(input = Input) {
        Call: task lambda::invoke("${Fn}") {
            payload: { "Id": $.order.idd },
        },
    }
}

fn main() {}
