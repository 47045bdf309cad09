use workflow::workflow;

workflow! {
    pub M {
        Each: map {
            mode: distributed,
            items: $.items,
            processor {
                Work: pass,
            },
        },
    }
}

fn main() {}
