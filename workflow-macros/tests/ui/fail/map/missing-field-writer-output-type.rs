use workflow::workflow;

workflow! {
    pub M {
        Each: map {
            mode: distributed(express),
            items: $.items,
            writer: {
                resource: s3::put_object,
                parameters: { "Bucket": "b", "Prefix": "out" },
                transformation: compact,
            },
            processor {
                Work: pass,
            },
        },
    }
}

fn main() {}
