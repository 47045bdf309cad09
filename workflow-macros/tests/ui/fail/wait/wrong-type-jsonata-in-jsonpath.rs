use workflow::workflow;

workflow! {
    pub M {
        Pause: wait "{% $states.input.delay %}",
    }
}

fn main() {}
