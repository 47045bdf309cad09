use workflow::workflow;

workflow! {
    #[jsonata]
    pub M {
        #[jsonpath]
        Start: pass { next: Done },
        Done: succeed,
    }
}

fn main() {}
