use workflow::workflow;

workflow! {
    #[jsonata]
    pub M {
        Start: pass {
            output: "{% $states.errorOutput %}",
        },
    }
}

fn main() {}
