use workflow::workflow;

workflow! {
    pub M {
        Start: pass {
            parameters: { "n": math_add($.n, "1") },
        },
    }
}

fn main() {}
