use workflow::workflow;

workflow! {
    pub M {
        Call: task lambda::invoke("${Fn}") {
            catch: [States.ALL] => Recovr,
            end,
        },
        Recover: succeed,
    }
}

fn main() {}
