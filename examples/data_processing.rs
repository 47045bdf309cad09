//! A realistic workflow: a Distributed Map reads every row of a CSV object in S3, hands them to
//! a Lambda function in batches of 100 in child Express executions, tolerates up to 5% failed
//! rows, and writes the results back to S3. Written in JSONata.

use workflow::core::template::{App, LogLevel, Logging, Output, Parameter, ScheduleTrigger, Value};
use workflow::workflow;

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

fn main() -> std::process::ExitCode {
    let app = App::new()
        .description(
            "workflow-rs example data_processing: a daily Distributed Map over a CSV file in S3",
        )
        .parameter(
            Parameter::lambda_function_arn("TransformFunctionArn")
                .description("ARN of the row transformation Lambda function"),
        )
        .state_machine(
            workflow::synth::machine::<DataProcessing>()
                .substitution(
                    "TransformFunctionArn",
                    Value::parameter("TransformFunctionArn"),
                )
                .logging(Logging::new(LogLevel::Error))
                .tracing(true)
                .tag("app", "data-processing"),
        )
        .trigger(
            ScheduleTrigger::new("DailyRun", "DataProcessing", "rate(1 day)")
                .input(r#"{"bucket": "example-data-processing", "key": "incoming/rows.csv"}"#)
                .description("Process the day's file once a day"),
        )
        .output(Output::new(
            "DataProcessingArn",
            Value::reference("DataProcessing"),
        ));
    workflow_deploy::cli::main(app)
}
