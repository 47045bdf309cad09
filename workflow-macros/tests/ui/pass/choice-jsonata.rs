use workflow::{Workflow, workflow};

workflow! {
    #[jsonata]
    pub M {
        Decide: choice {
            "{% $states.input.total > 100 %}" => Big,
            _ => Small,
        },
        Big: succeed,
        Small: succeed,
    }
}

fn main() {
    assert!(M::ASL.contains(r#""QueryLanguage": "JSONata""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""Condition": "{% $states.input.total > 100 %}""#), "{}", M::ASL);
}
