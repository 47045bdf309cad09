use workflow::{Workflow, workflow};

workflow! {
    pub M {
        Call: task lambda::invoke("${Fn}") {
            catch: [CustomError] => Fallback,
            catch: ["Lambda.ServiceException"] result_path $.error => Fallback,
            catch: [States.ALL] result_path null => Recover,
            end,
        },
        Fallback: pass { result: "fallback", end },
        Recover: succeed,
    }
}

fn main() {
    assert!(M::ASL.contains(r#""Catch""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""Lambda.ServiceException""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""ResultPath": "$.error""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""Next": "Recover""#), "{}", M::ASL);
}
