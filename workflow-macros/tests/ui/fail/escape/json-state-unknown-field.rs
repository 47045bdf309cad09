// A `json` state is built as a definition file's state would be: an unknown field is refused,
// with where it is in the JSON.
use workflow::workflow;

workflow! {
    pub M {
        Raw: json { "Type": "Pass", "Nxt": "B" },
        B: succeed,
    }
}

fn main() {}
