use workflow::workflow;

workflow! {
    pub M {
        Each: map {
            items: $.items,
            max_concurrency: -1,
            processor {
                Work: pass,
            },
        },
    }
}

fn main() {}
