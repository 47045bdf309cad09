use workflow::workflow;

workflow! {
    pub M {
        Work: pass,
        Each: map {
            items: $.items,
            processor {
                Work: pass,
            },
        },
    }
}

fn main() {}
