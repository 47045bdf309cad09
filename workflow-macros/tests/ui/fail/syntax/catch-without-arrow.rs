use workflow::workflow;

workflow! {
    pub M {
        Call: task lambda::invoke("${Fn}") {
            catch: [States.ALL] Recover,
            end,
        },
        Recover: succeed,
    }
}

fn main() {}
