use workflow::workflow;

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
}

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
