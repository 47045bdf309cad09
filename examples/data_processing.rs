//! A realistic workflow: a Distributed Map reads every row of a CSV object in S3, hands them to
//! a Lambda function in batches of 100 in child Express executions, tolerates up to 5% failed
//! rows, and writes the results back to S3. Written in JSONata.

use workflow::{Workflow, workflow};

workflow! {
    /// Transform every row of a CSV file stored in S3.
    #[jsonata]
    pub DataProcessing {
        ProcessRows: map {
            mode: distributed(express),
            reader: {
                resource: s3::get_object,
                parameters: { "Bucket": "{% $states.input.bucket %}", "Key": "{% $states.input.key %}" },
                input_type: csv,
                header: first_row,
                max_items: 100000,
            },
            batcher: { max_items: 100 },
            writer: {
                resource: s3::put_object,
                parameters: { "Bucket": "{% $states.input.bucket %}", "Prefix": "results" },
                output_type: jsonl,
                transformation: compact,
            },
            tolerated_failure_percentage: 5,
            label: "rows",
            processor {
                Transform: task lambda::invoke("${TransformFunctionArn}") {
                    payload: "{% $states.input %}",
                    output: "{% $states.result.Payload %}",
                },
            },
            end,
        },
    }
}

fn main() -> std::io::Result<()> {
    workflow::generate::Generator::new()
        .add::<DataProcessing>()
        .write_to("out/data_processing")?;
    println!("{}", DataProcessing::ASL);
    Ok(())
}
