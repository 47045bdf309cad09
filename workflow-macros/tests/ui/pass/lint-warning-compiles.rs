// A lint at the warn level (here `variable-unassigned`) is a warning, not an error: the
// workflow compiles and its definition is emitted.
use workflow::{Workflow, workflow};

workflow! {
    pub M {
        Init: pass {
            assign: { total: 0 },
        },
        Use: pass {
            parameters: { "total": $totl },
        },
    }
}

fn main() {
    assert!(M::ASL.contains(r#""total.$": "$totl""#), "{}", M::ASL);
}
