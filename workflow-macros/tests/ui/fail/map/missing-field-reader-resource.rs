use workflow::workflow;

workflow! {
    pub M {
        Each: map {
            mode: distributed(express),
            reader: {
                parameters: { "Bucket": "b", "Key": "k" },
                input_type: json,
            },
            processor {
                Work: pass,
            },
        },
    }
}

fn main() {}
