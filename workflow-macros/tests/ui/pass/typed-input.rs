use workflow::{Workflow, workflow};

include!("../fixtures/order.rs");

workflow! {
    pub M(input = Input) {
        Decide: choice {
            $.order.total >= 100 && $.order.country != "US" => Review,
            $.order.express == true => Call,
            $.order.items[0].quantity > 1 => Call,
            _ => Call,
        },
        Review: pass { next: Call },
        Call: task lambda::invoke("${Fn}") {
            payload: { "Id": $.order.id, "Sku": $.order.items[0].sku },
        },
    }
}

fn main() {
    assert!(M::ASL.contains(r#""NumericGreaterThanEquals": 100"#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""Id.$": "$.order.id""#), "{}", M::ASL);
    assert!(M::input_schema().is_some());
}
