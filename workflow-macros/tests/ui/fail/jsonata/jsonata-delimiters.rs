use workflow::workflow;

workflow! {
    #[jsonata]
    pub M {
        Start: pass {
            output: "{% $states.input ",
        },
    }
}

fn main() {}
