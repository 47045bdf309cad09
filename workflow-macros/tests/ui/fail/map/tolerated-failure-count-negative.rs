use workflow::workflow;

workflow! {
    pub M {
        Each: map {
            mode: distributed(express),
            items: $.items,
            tolerated_failure_count: -1,
            processor {
                Work: pass,
            },
        },
    }
}

fn main() {}
