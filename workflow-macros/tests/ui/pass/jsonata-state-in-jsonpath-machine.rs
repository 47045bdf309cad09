use workflow::{Workflow, workflow};

workflow! {
    pub M {
        #[jsonata]
        Start: pass {
            output: { "sum": "{% $states.input.a + $states.input.b %}" },
        },
    }
}

fn main() {
    assert!(M::ASL.contains(r#""QueryLanguage": "JSONata""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""sum": "{% $states.input.a + $states.input.b %}""#), "{}", M::ASL);
}
