use workflow::workflow;

workflow! {
    pub M {
        Start: pass {
            parameters: { "deep": array(array(array(array(array(array(array(array(array(array(array(1))))))))))) },
        },
    }
}

fn main() {}
