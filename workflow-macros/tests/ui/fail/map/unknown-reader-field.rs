use workflow::workflow;

workflow! {
    pub M {
        Each: map {
            mode: distributed(express),
            reader: {
                resource: s3::get_object,
                parameters: { "Bucket": "b", "Key": "k" },
                input_typ: csv,
            },
            processor {
                Work: pass,
            },
        },
    }
}

fn main() {}
