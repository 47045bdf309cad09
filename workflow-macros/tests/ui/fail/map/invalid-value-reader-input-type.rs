use workflow::workflow;

workflow! {
    pub M {
        Each: map {
            mode: distributed(express),
            reader: {
                resource: s3::get_object,
                parameters: { "Bucket": "b", "Key": "k" },
                input_type: csvv,
                header: first_row,
            },
            processor {
                Work: pass,
            },
        },
    }
}

fn main() {}
