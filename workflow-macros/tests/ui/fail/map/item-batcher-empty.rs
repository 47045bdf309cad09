use workflow::workflow;

workflow! {
    pub M {
        Each: map {
            mode: distributed(express),
            items: $.items,
            batcher: {},
            processor {
                Work: pass,
            },
        },
    }
}

fn main() {}
