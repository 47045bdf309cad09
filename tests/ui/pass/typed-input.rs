use workflow::{Workflow, workflow};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, JsonSchema)]
pub struct Input {
    pub order: Order,
}

#[derive(Serialize, Deserialize, JsonSchema)]
pub struct Order {
    pub id: String,
    pub total: f64,
    pub country: String,
    pub express: bool,
    pub items: Vec<Item>,
}

#[derive(Serialize, Deserialize, JsonSchema)]
pub struct Item {
    pub sku: String,
    pub quantity: u32,
}

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
