use workflow::workflow;

workflow! {
    pub M {
        Each: map {
            mode: distributed(express),
            items: $.items,
            label: "batch{1}",
            processor {
                Work: pass,
            },
        },
    }
}

fn main() {}
