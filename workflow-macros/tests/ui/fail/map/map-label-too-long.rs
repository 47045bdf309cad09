use workflow::workflow;

workflow! {
    pub M {
        Each: map {
            mode: distributed(express),
            items: $.items,
            label: "this-label-is-much-longer-than-forty-characters",
            processor {
                Work: pass,
            },
        },
    }
}

fn main() {}
