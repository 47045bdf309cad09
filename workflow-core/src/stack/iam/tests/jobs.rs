//! Athena, Bedrock, Glue, CodeBuild, SageMaker, EMR and unknown integrations.

use super::*;

#[test]
fn athena_start_query_sync() {
    let got = derive(&one_task(
        "arn:aws:states:::athena:startQueryExecution.sync",
        r#""Parameters": {"QueryString": "SELECT 1", "WorkGroup": "analytics"}"#,
    ));
    let sids: Vec<&str> = got.iter().map(|s| s.sid.as_str()).collect();
    assert_eq!(
        sids,
        [
            "AthenaGlueCatalog",
            "AthenaLakeFormation",
            "AthenaQueryResultsS3",
            "AthenaRunQuery"
        ]
    );
    same(
        vec![got[3].clone()],
        vec![st(
            "AthenaRunQuery",
            &[
                "athena:GetDataCatalog",
                "athena:GetQueryExecution",
                "athena:StartQueryExecution",
                "athena:StopQueryExecution",
            ],
            &[
                &a("athena", "datacatalog/*"),
                &a("athena", "workgroup/analytics"),
            ],
            catalog_reason("athena", "startQueryExecution", "AthenaQueryResultsS3"),
        )],
    );
    assert_eq!(got[2].resources, ["arn:${AWS::Partition}:s3:::*"]);
    assert_eq!(got[1].resources, ["*"]);
    assert_eq!(got[0].actions.len(), 19);
}

#[test]
fn bedrock_invoke_model_on_the_model_it_names() {
    let model = |id: &str| {
        format!("arn:${{AWS::Partition}}:bedrock:${{AWS::Region}}::foundation-model/{id}")
    };
    let invoke = |params: &str, resources: &[&str], reason| {
        same(
            derive(&one_task(
                "arn:aws:states:::bedrock:invokeModel",
                &format!(r#""Parameters": {params}"#),
            )),
            vec![st(
                "BedrockInvokeModel",
                &["bedrock:InvokeModel"],
                resources,
                reason,
            )],
        )
    };
    // A foundation model id: its ARN, which has no account.
    let haiku = "anthropic.claude-3-haiku-20240307-v1:0";
    invoke(
        &format!(r#"{{"ModelId": "{haiku}", "Body": {{}}}}"#),
        &[&model(haiku)],
        None,
    );
    // An ARN (a provisioned model, an inference profile): as written.
    let profile = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0";
    invoke(
        &format!(r#"{{"ModelId": "{profile}", "Body": {{}}}}"#),
        &[profile],
        None,
    );
    // Chosen at run time: any foundation model, and why.
    invoke(
        r#"{"ModelId.$": "$.model", "Body": {}}"#,
        &[&model("*")],
        Some(R_DYNAMIC),
    );
    // A model customization job waits by polling, without an events rule.
    let got = derive(&one_task(
        "arn:aws:states:::bedrock:createModelCustomizationJob.sync",
        r#""Parameters": {"JobName": "j", "CustomModelName": "m", "BaseModelIdentifier": "amazon.titan-text-express-v1", "RoleArn": "arn:aws:iam::123456789012:role/Bedrock", "TrainingDataConfig": {}, "OutputDataConfig": {}}"#,
    ));
    let sids: Vec<&str> = got.iter().map(|s| s.sid.as_str()).collect();
    assert_eq!(
        sids,
        [
            "BedrockCreateModelCustomizationJob",
            "BedrockPassRole",
            "BedrockWatchModelCustomizationJob"
        ]
    );
    assert!(
        got[0]
            .resources
            .contains(&model("amazon.titan-text-express-v1"))
    );
    assert_eq!(got[1].resources, ["arn:aws:iam::123456789012:role/Bedrock"]);
}

#[test]
fn glue_start_job_run_and_sync() {
    let params = r#""Parameters": {"JobName": "etl"}"#;
    let start = st(
        "GlueStartJobRun",
        &["glue:StartJobRun"],
        &[&a("glue", "job/etl")],
        None,
    );
    same(
        derive(&one_task("arn:aws:states:::glue:startJobRun", params)),
        vec![start.clone()],
    );
    same(
        derive(&one_task("arn:aws:states:::glue:startJobRun.sync", params)),
        vec![
            start,
            st(
                "GlueWatchJobRun",
                &["glue:BatchStopJobRun", "glue:GetJobRun", "glue:GetJobRuns"],
                &[&a("glue", "job/etl")],
                None,
            ),
        ],
    );
    // A job chosen at run time: any job of the account and region, and why.
    let got = derive(&one_task(
        "arn:aws:states:::glue:startJobRun.sync",
        r#""Parameters": {"JobName.$": "$.job"}"#,
    ));
    assert_eq!(got[0].resources, [a("glue", "job/*")]);
    assert_eq!(got[0].wildcard_reason, Some(R_DYNAMIC));
}

#[test]
fn codebuild_sagemaker_emr_and_unknown_integrations() {
    same(
        derive(&one_task(
            "arn:aws:states:::codebuild:startBuild.sync",
            r#""Parameters": {"ProjectName": "site"}"#,
        )),
        vec![
            st(
                "CodeBuildRunBuild",
                &[
                    "codebuild:BatchGetBuilds",
                    "codebuild:StartBuild",
                    "codebuild:StopBuild",
                ],
                &[&a("codebuild", "project/site")],
                None,
            ),
            events_rule("StepFunctionsGetEventForCodeBuildStartBuildRule"),
        ],
    );
    let got = derive(&one_task(
        "arn:aws:states:::sagemaker:createTrainingJob",
        r#""Parameters": {"TrainingJobName.$": "$.name", "RoleArn": "arn:aws:iam::123456789012:role/SageMakerRole"}"#,
    ));
    same(
        got,
        vec![
            st(
                "SageMakerCreateTrainingJob",
                &["sagemaker:CreateTrainingJob"],
                &[&a("sagemaker", "training-job/*")],
                Some(R_DYNAMIC),
            ),
            st(
                "SageMakerListTags",
                &["sagemaker:ListTags"],
                &[&a("sagemaker", "*")],
                catalog_reason("sagemaker", "createTrainingJob", "SageMakerListTags"),
            ),
            when(
                st(
                    "SageMakerPassRole",
                    &["iam:PassRole"],
                    &["arn:aws:iam::123456789012:role/SageMakerRole"],
                    None,
                ),
                &[(
                    "StringEquals",
                    "iam:PassedToService",
                    "sagemaker.amazonaws.com",
                )],
            ),
        ],
    );
    same(
        derive(&one_task(
            "arn:aws:states:::elasticmapreduce:addStep.sync",
            r#""Parameters": {"ClusterId": "j-123", "Step": {"Name": "s"}}"#,
        )),
        vec![
            st(
                "EmrAddStep",
                &[
                    "elasticmapreduce:AddJobFlowSteps",
                    "elasticmapreduce:CancelSteps",
                    "elasticmapreduce:DescribeStep",
                ],
                &[&a("elasticmapreduce", "cluster/j-123")],
                None,
            ),
            events_rule("StepFunctionsGetEventForEMRAddJobFlowStepsRule"),
        ],
    );
    // The cluster's Kubernetes RBAC, not IAM, authorizes a job.
    same(
        derive(&one_task(
            "arn:aws:states:::eks:runJob",
            r#""Parameters": {"ClusterName": "c"}"#,
        )),
        vec![],
    );
}
