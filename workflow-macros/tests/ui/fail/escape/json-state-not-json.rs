// A `json` state holds JSON only: a DSL path is not JSON.
use workflow::workflow;

workflow! {
    pub M {
        Raw: json { "Type": "Pass", "Result": $.x, "End": true },
    }
}

fn main() {}
