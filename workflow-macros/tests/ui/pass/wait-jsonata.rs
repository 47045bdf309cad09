use workflow::{Workflow, workflow};

workflow! {
    #[jsonata]
    pub M {
        Pause: wait "{% $states.input.delay %}",
        Later: wait until "{% $states.input.when %}",
    }
}

fn main() {
    assert!(M::ASL.contains(r#""Seconds": "{% $states.input.delay %}""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""Timestamp": "{% $states.input.when %}""#), "{}", M::ASL);
}
