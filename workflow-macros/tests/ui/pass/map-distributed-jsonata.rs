use workflow::{Workflow, workflow};

workflow! {
    #[jsonata]
    pub M {
        Each: map {
            mode: distributed(express),
            reader: {
                resource: s3::list_objects_v2,
                arguments: { "Bucket": "{% $states.input.bucket %}" },
            },
            writer: {
                resource: s3::put_object,
                arguments: { "Bucket": "out", "Prefix": "results" },
                output_type: jsonl,
                transformation: compact,
            },
            processor {
                Work: pass,
            },
        },
    }
}

fn main() {
    assert!(M::ASL.contains(r#""ExecutionType": "EXPRESS""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""Resource": "arn:aws:states:::s3:listObjectsV2""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""OutputType": "JSONL""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""Transformation": "COMPACT""#), "{}", M::ASL);
}
