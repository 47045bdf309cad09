use workflow::workflow;

workflow! {
    pub M {
        Each: map {
            items: $.items,
        },
    }
}

fn main() {}
