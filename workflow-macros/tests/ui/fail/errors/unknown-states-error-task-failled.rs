use workflow::workflow;

workflow! {
    pub M {
        Call: task lambda::invoke("${Fn}") {
            catch: [States.TaskFailled] => Recover,
            end,
        },
        Recover: succeed,
    }
}

fn main() {}
