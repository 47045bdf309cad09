use workflow::workflow;

workflow! {
    pub M {
        Each: map {
            mode: parallel,
            items: $.items,
            processor {
                Work: pass,
            },
        },
    }
}

fn main() {}
