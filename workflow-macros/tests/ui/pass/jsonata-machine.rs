use workflow::{Workflow, workflow};

workflow! {
    #[jsonata]
    pub M {
        Call: task lambda::invoke("${Fn}") {
            payload: "{% $states.input %}",
            output: "{% $states.result.Payload %}",
            assign: { last: "{% $states.result.Payload %}" },
            catch: [States.ALL] output "{% $states.errorOutput %}" => Recover,
        },
        Done: succeed,
        Recover: fail { error: "Failed", cause: "{% $string($states.input) %}" },
    }
}

fn main() {
    assert!(M::ASL.contains(r#""QueryLanguage": "JSONata""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""Arguments""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""Payload": "{% $states.input %}""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""Output": "{% $states.result.Payload %}""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""Output": "{% $states.errorOutput %}""#), "{}", M::ASL);
}
