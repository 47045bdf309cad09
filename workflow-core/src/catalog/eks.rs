//! Amazon EKS: `eks:…` (connect-eks, eks-iam). `runJob` and `call` talk to the cluster's
//! Kubernetes API, which authorizes the execution role through the cluster's RBAC, not IAM.

use super::*;

const POLLED: EventsRule = EventsRule::Polled(
    "the Step Functions guide's connect-eks page: the status of a .sync task is determined by \
     polling, with no events rule",
);
const RR_SYNC: &[Pattern] = &[Pattern::RequestResponse, Pattern::Sync];

const EKS_ROLE: &[(&str, &str, &str)] =
    &[("StringEquals", "iam:PassedToService", "eks.amazonaws.com")];
const CLUSTER: &[&str] = &["eks:cluster/{Name}"];
const NODEGROUP: &[&str] = &["eks:nodegroup/{ClusterName}/{NodegroupName}/*"];
const FARGATE_PROFILE: &[&str] = &["eks:fargateprofile/{ClusterName}/{FargateProfileName}/*"];
const UUID: &str = "EKS appends a UUID to the ARN of a node group or Fargate profile";
const NOTHING: Results = Results {
    response: r#"{}"#,
    sync: None,
    payload: None,
    sync_payload: None,
};

pub(super) static SERVICE: Service = Service {
    name: "eks",
    dsl_aliases: &[],
    sdk_name: "eks",
    actions: &[
        Action {
            name: "createCluster",
            patterns: RR_SYNC,
            main_parameter: None,
            example: r#"{"Name": "jobs", "RoleArn": "arn:aws:iam::123456789012:role/eks-cluster", "ResourcesVpcConfig": {"SubnetIds": ["subnet-1"]}}"#,
            grants: &[
                Grant::new("EksCreateCluster", &["eks:CreateCluster"], &["*"])
                    .wildcard("eks:CreateCluster has no resource-level permissions"),
                Grant::new(
                    "EksPassRole",
                    &["iam:PassRole"],
                    &["arn:${AWS::Partition}:iam::${AWS::AccountId}:role/{RoleArn}"],
                )
                .when(EKS_ROLE),
            ],
            sync: Some(SyncRole {
                polling: &[Grant::new(
                    "EksWatchCluster",
                    &["eks:DeleteCluster", "eks:DescribeCluster"],
                    CLUSTER,
                )],
                events_rule: POLLED,
            }),
            result: Results {
                response: r#"{"Cluster": {"Arn": "…", "Name": "jobs", "Status": "CREATING"}}"#,
                sync: Some(
                    r#"{"Cluster": {"Arn": "…", "Endpoint": "https://…", "Name": "jobs", "Status": "ACTIVE"}}"#,
                ),
                payload: None,
                sync_payload: None,
            },
        },
        Action {
            name: "deleteCluster",
            patterns: RR_SYNC,
            main_parameter: None,
            example: r#"{"Name": "jobs"}"#,
            grants: &[Grant::new(
                "EksDeleteCluster",
                &["eks:DeleteCluster"],
                CLUSTER,
            )],
            sync: Some(SyncRole {
                polling: &[Grant::new(
                    "EksDescribeCluster",
                    &["eks:DescribeCluster"],
                    CLUSTER,
                )],
                events_rule: POLLED,
            }),
            result: NOTHING,
        },
        Action {
            name: "createFargateProfile",
            patterns: RR_SYNC,
            main_parameter: None,
            example: r#"{"ClusterName": "jobs", "FargateProfileName": "default", "PodExecutionRoleArn": "arn:aws:iam::123456789012:role/pods", "Selectors": [{"Namespace": "default"}]}"#,
            grants: &[
                Grant::new(
                    "EksCreateFargateProfile",
                    &["eks:CreateFargateProfile"],
                    &["eks:cluster/{ClusterName}"],
                ),
                Grant::new(
                    "EksPassRole",
                    &["iam:PassRole"],
                    &["arn:${AWS::Partition}:iam::${AWS::AccountId}:role/{PodExecutionRoleArn}"],
                )
                .when(&[(
                    "StringEquals",
                    "iam:PassedToService",
                    "eks-fargate-pods.amazonaws.com",
                )]),
            ],
            sync: Some(SyncRole {
                polling: &[Grant::new(
                    "EksWatchFargateProfile",
                    &["eks:DeleteFargateProfile", "eks:DescribeFargateProfile"],
                    FARGATE_PROFILE,
                )
                .wildcard(UUID)],
                events_rule: POLLED,
            }),
            result: NOTHING,
        },
        Action {
            name: "deleteFargateProfile",
            patterns: RR_SYNC,
            main_parameter: None,
            example: r#"{"ClusterName": "jobs", "FargateProfileName": "default"}"#,
            grants: &[Grant::new(
                "EksDeleteFargateProfile",
                &["eks:DeleteFargateProfile"],
                FARGATE_PROFILE,
            )
            .wildcard(UUID)],
            sync: Some(SyncRole {
                polling: &[Grant::new(
                    "EksDescribeFargateProfile",
                    &["eks:DescribeFargateProfile"],
                    FARGATE_PROFILE,
                )
                .wildcard(UUID)],
                events_rule: POLLED,
            }),
            result: NOTHING,
        },
        Action {
            name: "createNodegroup",
            patterns: RR_SYNC,
            main_parameter: None,
            example: r#"{"ClusterName": "jobs", "NodegroupName": "workers", "NodeRole": "arn:aws:iam::123456789012:role/nodes", "Subnets": ["subnet-1"]}"#,
            grants: &[
                Grant::new(
                    "EksCreateNodegroup",
                    &["eks:CreateNodegroup"],
                    &["eks:cluster/{ClusterName}"],
                ),
                Grant::new("Ec2DescribeSubnets", &["ec2:DescribeSubnets"], &["*"])
                    .wildcard("ec2:DescribeSubnets has no resource-level permissions"),
                Grant::new(
                    "EksReadNodeRole",
                    &["iam:GetRole", "iam:ListAttachedRolePolicies"],
                    &["arn:${AWS::Partition}:iam::${AWS::AccountId}:role/{NodeRole}"],
                ),
                Grant::new(
                    "EksPassRole",
                    &["iam:PassRole"],
                    &["arn:${AWS::Partition}:iam::${AWS::AccountId}:role/{NodeRole}"],
                )
                .when(EKS_ROLE),
            ],
            sync: Some(SyncRole {
                polling: &[Grant::new(
                    "EksWatchNodegroup",
                    &["eks:DeleteNodegroup", "eks:DescribeNodegroup"],
                    NODEGROUP,
                )
                .wildcard(UUID)],
                events_rule: POLLED,
            }),
            result: NOTHING,
        },
        Action {
            name: "deleteNodegroup",
            patterns: RR_SYNC,
            main_parameter: None,
            example: r#"{"ClusterName": "jobs", "NodegroupName": "workers"}"#,
            grants: &[
                Grant::new("EksDeleteNodegroup", &["eks:DeleteNodegroup"], NODEGROUP)
                    .wildcard(UUID),
            ],
            sync: Some(SyncRole {
                polling: &[Grant::new(
                    "EksDescribeNodegroup",
                    &["eks:DescribeNodegroup"],
                    NODEGROUP,
                )
                .wildcard(UUID)],
                events_rule: POLLED,
            }),
            result: NOTHING,
        },
        Action {
            name: "runJob",
            patterns: RR_SYNC,
            main_parameter: None,
            example: r#"{"ClusterName": "jobs", "CertificateAuthority": "…", "Endpoint": "https://example.eks.amazonaws.com", "Namespace": "default", "Job": {}}"#,
            grants: &[],
            sync: Some(SyncRole {
                polling: &[],
                events_rule: POLLED,
            }),
            result: Results {
                response: r#"{"ResponseBody": {}, "StatusCode": 201}"#,
                sync: Some(r#"{"ResponseBody": {"status": {"succeeded": 1}}, "StatusCode": 200}"#),
                payload: None,
                sync_payload: None,
            },
        },
        Action {
            name: "call",
            patterns: &[Pattern::RequestResponse],
            main_parameter: None,
            example: r#"{"ClusterName": "jobs", "CertificateAuthority": "…", "Endpoint": "https://example.eks.amazonaws.com", "Method": "GET", "Path": "/api/v1/namespaces/default/pods"}"#,
            grants: &[],
            sync: None,
            result: Results {
                response: r#"{"ResponseBody": {}, "StatusCode": 200}"#,
                sync: None,
                payload: None,
                sync_payload: None,
            },
        },
    ],
    formats: &[],
    errors: &[],
};
