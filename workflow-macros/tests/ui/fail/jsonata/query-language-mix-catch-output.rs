use workflow::workflow;

workflow! {
    pub M {
        Call: task lambda::invoke("${Fn}") {
            catch: [States.ALL] output "{% $states.errorOutput %}" => Recover,
            end,
        },
        Recover: succeed,
    }
}

fn main() {}
