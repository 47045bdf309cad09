use workflow::workflow;

workflow! {
    pub M {
        Each: map {
            items: [1, 2, 3],
            processor {
                Work: pass,
            },
        },
    }
}

fn main() {}
