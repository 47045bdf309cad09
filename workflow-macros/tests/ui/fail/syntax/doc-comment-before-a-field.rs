// A `///` comment is a Comment where ASL has one; a field has none.
use workflow::workflow;

workflow! {
    pub M {
        A: pass {
            /// Where to go.
            next: B,
        },
        B: succeed,
    }
}

fn main() {}
