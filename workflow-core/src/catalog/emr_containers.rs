//! Amazon EMR on EKS: `emr-containers:…` (connect-emr-eks, emr-eks-iam).

use super::*;

const POLLED: EventsRule = EventsRule::Polled(
    "the Step Functions guide's emr-eks-iam page grants no events rule: Step Functions polls the \
     virtual cluster or job run",
);

pub(super) static SERVICE: Service = Service {
    name: "emr-containers",
    dsl_aliases: &[],
    sdk_name: "emrcontainers",
    actions: &[
        Action {
            name: "createVirtualCluster",
            patterns: &[Pattern::RequestResponse],
            main_parameter: None,
            example: r#"{"Name": "spark", "ContainerProvider": {"Id": "eks-cluster", "Type": "EKS", "Info": {"EksInfo": {"Namespace": "spark"}}}}"#,
            grants: &[
                Grant::new(
                    "EmrContainersCreateVirtualCluster",
                    &["emr-containers:CreateVirtualCluster"],
                    &["*"],
                )
                .wildcard("emr-containers:CreateVirtualCluster has no resource-level permissions"),
                Grant::new(
                    "EmrContainersServiceLinkedRole",
                    &["iam:CreateServiceLinkedRole"],
                    &["arn:${AWS::Partition}:iam::${AWS::AccountId}:role/aws-service-role/emr-containers.amazonaws.com/AWSServiceRoleForAmazonEMRContainers"],
                )
                .when(&[("StringLike", "iam:AWSServiceName", "emr-containers.amazonaws.com")]),
            ],
            sync: None,
            result: Results {
                response: r#"{"Arn": "…", "Id": "…", "Name": "spark"}"#,
                sync: None,
                payload: None,
                sync_payload: None,
            },
        },
        Action {
            name: "deleteVirtualCluster",
            patterns: &[Pattern::RequestResponse, Pattern::Sync],
            main_parameter: None,
            example: r#"{"Id": "vc123"}"#,
            grants: &[Grant::new(
                "EmrContainersDeleteVirtualCluster",
                &["emr-containers:DeleteVirtualCluster"],
                &["emr-containers:/virtualclusters/{Id}"],
            )],
            sync: Some(SyncRole {
                polling: &[Grant::new(
                    "EmrContainersDescribeVirtualCluster",
                    &["emr-containers:DescribeVirtualCluster"],
                    &["emr-containers:/virtualclusters/{Id}"],
                )],
                events_rule: POLLED,
            }),
            result: Results {
                response: r#"{"Id": "vc123"}"#,
                sync: None,
                payload: None,
                sync_payload: None,
            },
        },
        Action {
            name: "startJobRun",
            patterns: &[Pattern::RequestResponse, Pattern::Sync],
            main_parameter: None,
            example: r#"{"VirtualClusterId": "vc123", "ExecutionRoleArn": "arn:aws:iam::123456789012:role/spark-job", "ReleaseLabel": "emr-7.0.0-latest", "JobDriver": {}}"#,
            grants: &[
                Grant::new(
                    "EmrContainersStartJobRun",
                    &["emr-containers:StartJobRun"],
                    &["emr-containers:/virtualclusters/{VirtualClusterId}"],
                ),
                Grant::new(
                    "EmrContainersPassRole",
                    &["iam:PassRole"],
                    &["{ExecutionRoleArn}"],
                )
                .when(&[("StringEquals", "iam:PassedToService", "emr-containers.amazonaws.com")]),
            ],
            sync: Some(SyncRole {
                polling: &[Grant::new(
                    "EmrContainersWatchJobRun",
                    &["emr-containers:CancelJobRun", "emr-containers:DescribeJobRun"],
                    &["emr-containers:/virtualclusters/{VirtualClusterId}/jobruns/*"],
                )
                .wildcard("a job run's id is known only once it starts")],
                events_rule: POLLED,
            }),
            result: Results {
                response: r#"{"Arn": "…", "Id": "…", "Name": "…", "VirtualClusterId": "vc123"}"#,
                sync: Some(r#"{"JobRun": {"Arn": "…", "Id": "…", "State": "COMPLETED", "VirtualClusterId": "vc123"}}"#),
                payload: None,
                sync_payload: None,
            },
        },
    ],
    formats: &[],
    errors: &[],
};
