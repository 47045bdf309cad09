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
