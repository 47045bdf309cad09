use workflow::{Workflow, workflow};

workflow! {
    pub M {
        Each: map {
            mode: distributed(standard),
            reader: {
                resource: s3::get_object,
                parameters: { "Bucket": "${Bucket}", "Key": $.key },
                input_type: csv,
                header: first_row,
                max_items: 1000,
            },
            batcher: { max_items: 100, max_bytes: 262144 },
            writer: {
                resource: s3::put_object,
                parameters: { "Bucket": "${Bucket}", "Prefix": "out" },
            },
            tolerated_failure_percentage: 5,
            tolerated_failure_count: 10,
            label: "rows",
            max_concurrency: 100,
            processor {
                Transform: task lambda::invoke("${Fn}") {
                    payload: $,
                },
            },
        },
    }
}

fn main() {
    assert!(M::ASL.contains(r#""Mode": "DISTRIBUTED""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""ExecutionType": "STANDARD""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""ItemReader""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""Resource": "arn:aws:states:::s3:getObject""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""InputType": "CSV""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""CSVHeaderLocation": "FIRST_ROW""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""MaxItems": 1000"#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""MaxItemsPerBatch": 100"#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""MaxInputBytesPerBatch": 262144"#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""ResultWriter""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""ToleratedFailurePercentage": 5"#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""ToleratedFailureCount": 10"#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""Label": "rows""#), "{}", M::ASL);
}
