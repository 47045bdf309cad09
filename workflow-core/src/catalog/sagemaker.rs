//! Amazon SageMaker (connect-sagemaker, sagemaker-iam).

use super::*;

const RR: &[Pattern] = &[Pattern::RequestResponse];
const RR_SYNC: &[Pattern] = &[Pattern::RequestResponse, Pattern::Sync];
const LIST_TAGS: Grant = Grant::new(
    "SageMakerListTags",
    &["sagemaker:ListTags"],
    &["sagemaker:*"],
)
.wildcard(
    "the tags of any SageMaker resource of the account and region may be listed, as the Step \
     Functions guide grants sagemaker:ListTags on every resource",
);
const PASS_ROLE: (&str, &str, &str) = (
    "StringEquals",
    "iam:PassedToService",
    "sagemaker.amazonaws.com",
);
const JOB_PREFIX: &str = "the Step Functions guide grants the job name as a prefix";
const TRAINING_JOB: &[&str] = &["sagemaker:training-job/{TrainingJobName}*"];
const TRANSFORM_JOB: &[&str] = &["sagemaker:transform-job/{TransformJobName}*"];
const ARN_RESULT: Results = Results {
    response: r#"{"…Arn": "arn:aws:sagemaker:…"}"#,
    sync: None,
    payload: None,
    sync_payload: None,
};

/// A `create…Job` whose `.sync` describes and stops the job and uses a managed rule.
const fn job(
    name: &'static str,
    example: &'static str,
    grants: &'static [Grant],
    polling: &'static [Grant],
    rule: &'static str,
) -> Action {
    Action {
        name,
        patterns: RR_SYNC,
        main_parameter: None,
        example,
        grants,
        sync: Some(SyncRole {
            polling,
            events_rule: EventsRule::Managed(rule),
        }),
        result: ARN_RESULT,
    }
}

pub(super) static SERVICE: Service = Service {
    name: "sagemaker",
    dsl_aliases: &[],
    sdk_name: "sagemaker",
    actions: &[
        Action {
            name: "createEndpoint",
            patterns: RR,
            main_parameter: None,
            example: r#"{"EndpointName": "scoring", "EndpointConfigName": "scoring-v2"}"#,
            grants: &[
                Grant::new(
                    "SageMakerCreateEndpoint",
                    &["sagemaker:CreateEndpoint"],
                    &[
                        "sagemaker:endpoint/{EndpointName}",
                        "sagemaker:endpoint-config/{EndpointConfigName}",
                    ],
                ),
                LIST_TAGS,
            ],
            sync: None,
            result: ARN_RESULT,
        },
        Action {
            name: "createEndpointConfig",
            patterns: RR,
            main_parameter: None,
            example: r#"{"EndpointConfigName": "scoring-v2", "ProductionVariants": []}"#,
            grants: &[
                Grant::new(
                    "SageMakerCreateEndpointConfig",
                    &["sagemaker:CreateEndpointConfig"],
                    &["sagemaker:endpoint-config/{EndpointConfigName}"],
                ),
                LIST_TAGS,
            ],
            sync: None,
            result: ARN_RESULT,
        },
        job(
            "createHyperParameterTuningJob",
            r#"{"HyperParameterTuningJobName": "tune", "HyperParameterTuningJobConfig": {}, "TrainingJobDefinition": {"RoleArn": "arn:aws:iam::123456789012:role/sagemaker"}}"#,
            &[
                Grant::new(
                    "SageMakerCreateHyperParameterTuningJob",
                    &["sagemaker:CreateHyperParameterTuningJob"],
                    &["sagemaker:hyper-parameter-tuning-job/{HyperParameterTuningJobName}"],
                ),
                LIST_TAGS,
                Grant::new("SageMakerPassRole", &["iam:PassRole"], &["arn:${AWS::Partition}:iam::${AWS::AccountId}:role/{TrainingJobDefinition.RoleArn}"])
                    .when(&[PASS_ROLE]),
            ],
            &[Grant::new(
                "SageMakerWatchHyperParameterTuningJob",
                &[
                    "sagemaker:DescribeHyperParameterTuningJob",
                    "sagemaker:ListTrainingJobsForHyperParameterTuningJob",
                    "sagemaker:StopHyperParameterTuningJob",
                ],
                &["sagemaker:hyper-parameter-tuning-job/{HyperParameterTuningJobName}"],
            )],
            "StepFunctionsGetEventsForSageMakerTuningJobsRule",
        ),
        job(
            "createLabelingJob",
            r#"{"LabelingJobName": "label", "RoleArn": "arn:aws:iam::123456789012:role/sagemaker", "LabelAttributeName": "x", "InputConfig": {}, "OutputConfig": {}, "HumanTaskConfig": {}}"#,
            &[
                Grant::new(
                    "SageMakerCreateLabelingJob",
                    &["sagemaker:CreateLabelingJob"],
                    &["sagemaker:labeling-job/{LabelingJobName}"],
                ),
                LIST_TAGS,
                Grant::new("SageMakerPassRole", &["iam:PassRole"], &["arn:${AWS::Partition}:iam::${AWS::AccountId}:role/{RoleArn}"])
                    .when(&[PASS_ROLE]),
            ],
            &[Grant::new(
                "SageMakerWatchLabelingJob",
                &["sagemaker:DescribeLabelingJob", "sagemaker:StopLabelingJob"],
                &["sagemaker:labeling-job/{LabelingJobName}"],
            )],
            "StepFunctionsGetEventsForSageMakerLabelingJobsRule",
        ),
        Action {
            name: "createModel",
            patterns: RR,
            main_parameter: None,
            example: r#"{"ModelName": "scoring", "ExecutionRoleArn": "arn:aws:iam::123456789012:role/sagemaker", "PrimaryContainer": {}}"#,
            grants: &[
                Grant::new(
                    "SageMakerCreateModel",
                    &["sagemaker:CreateModel"],
                    &["sagemaker:model/{ModelName}"],
                ),
                LIST_TAGS,
                Grant::new("SageMakerPassRole", &["iam:PassRole"], &["arn:${AWS::Partition}:iam::${AWS::AccountId}:role/{ExecutionRoleArn}"])
                    .when(&[PASS_ROLE]),
            ],
            sync: None,
            result: ARN_RESULT,
        },
        job(
            "createProcessingJob",
            r#"{"ProcessingJobName": "features", "RoleArn": "arn:aws:iam::123456789012:role/sagemaker", "AppSpecification": {}, "ProcessingResources": {}}"#,
            &[
                Grant::new(
                    "SageMakerCreateProcessingJob",
                    &["sagemaker:CreateProcessingJob"],
                    &["sagemaker:processing-job/{ProcessingJobName}"],
                ),
                LIST_TAGS,
                Grant::new("SageMakerPassRole", &["iam:PassRole"], &["arn:${AWS::Partition}:iam::${AWS::AccountId}:role/{RoleArn}"])
                    .when(&[PASS_ROLE]),
            ],
            &[Grant::new(
                "SageMakerWatchProcessingJob",
                &["sagemaker:DescribeProcessingJob", "sagemaker:StopProcessingJob"],
                &["sagemaker:processing-job/{ProcessingJobName}"],
            )],
            "StepFunctionsGetEventsForSageMakerProcessingJobsRule",
        ),
        job(
            "createTrainingJob",
            r#"{"TrainingJobName": "train", "RoleArn": "arn:aws:iam::123456789012:role/sagemaker", "AlgorithmSpecification": {}, "OutputDataConfig": {}, "ResourceConfig": {}, "StoppingCondition": {}}"#,
            &[
                Grant::new(
                    "SageMakerCreateTrainingJob",
                    &["sagemaker:CreateTrainingJob"],
                    TRAINING_JOB,
                )
                .wildcard(JOB_PREFIX)
                .unless_sync(),
                LIST_TAGS,
                Grant::new("SageMakerPassRole", &["iam:PassRole"], &["{RoleArn|role}"])
                    .when(&[PASS_ROLE]),
            ],
            &[Grant::new(
                "SageMakerRunTrainingJob",
                &[
                    "sagemaker:CreateTrainingJob",
                    "sagemaker:DescribeTrainingJob",
                    "sagemaker:StopTrainingJob",
                ],
                TRAINING_JOB,
            )
            .wildcard(JOB_PREFIX)],
            "StepFunctionsGetEventsForSageMakerTrainingJobsRule",
        ),
        job(
            "createTransformJob",
            r#"{"TransformJobName": "score", "ModelName": "scoring", "TransformInput": {}, "TransformOutput": {}, "TransformResources": {}}"#,
            &[
                Grant::new(
                    "SageMakerCreateTransformJob",
                    &["sagemaker:CreateTransformJob"],
                    TRANSFORM_JOB,
                )
                .wildcard(JOB_PREFIX)
                .unless_sync(),
                LIST_TAGS,
            ],
            &[Grant::new(
                "SageMakerRunTransformJob",
                &[
                    "sagemaker:CreateTransformJob",
                    "sagemaker:DescribeTransformJob",
                    "sagemaker:StopTransformJob",
                ],
                TRANSFORM_JOB,
            )
            .wildcard(JOB_PREFIX)],
            "StepFunctionsGetEventsForSageMakerTransformJobsRule",
        ),
        Action {
            name: "updateEndpoint",
            patterns: RR,
            main_parameter: None,
            example: r#"{"EndpointName": "scoring", "EndpointConfigName": "scoring-v3"}"#,
            grants: &[Grant::new(
                "SageMakerUpdateEndpoint",
                &["sagemaker:UpdateEndpoint"],
                &[
                    "sagemaker:endpoint/{EndpointName}",
                    "sagemaker:endpoint-config/{EndpointConfigName}",
                ],
            )],
            sync: None,
            result: ARN_RESULT,
        },
    ],
    formats: &[],
    errors: &[],
};
