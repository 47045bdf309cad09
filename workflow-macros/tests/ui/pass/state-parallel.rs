use workflow::{Workflow, workflow};

workflow! {
    pub M {
        Both: parallel {
            branch { Left: pass },
            branch { Right: pass },
            result_path: $.both,
        },
    }
}

fn main() {
    assert!(M::ASL.contains(r#""Type": "Parallel""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""StartAt": "Left""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""StartAt": "Right""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""ResultPath": "$.both""#), "{}", M::ASL);
}
