use workflow::workflow;

workflow! {
    #[jsonata]
    pub M {
        Start: pass {
            output: "{% 10 + * 2 %}",
        },
    }
}

fn main() {}
