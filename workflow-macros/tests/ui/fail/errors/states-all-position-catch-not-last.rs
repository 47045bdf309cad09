use workflow::workflow;

workflow! {
    pub M {
        Call: task lambda::invoke("${Fn}") {
            catch: [States.ALL] => Recover,
            catch: [States.Timeout] => Recover,
            end,
        },
        Recover: succeed,
    }
}

fn main() {}
