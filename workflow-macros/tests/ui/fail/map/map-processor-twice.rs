use workflow::workflow;

workflow! {
    pub M {
        Each: map {
            items: $.items,
            processor { A: pass },
            processor { B: pass },
        },
    }
}

fn main() {}
