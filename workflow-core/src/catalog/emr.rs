//! Amazon EMR: `elasticmapreduce:…` (connect-emr, emr-iam).

use super::*;

/// An action on the cluster the request names by `ClusterId`.
const fn on_cluster(
    name: &'static str,
    patterns: &'static [Pattern],
    example: &'static str,
    grants: &'static [Grant],
) -> Action {
    Action::plain(name, patterns, example, grants, r#"{}"#)
}

const RR: &[Pattern] = &[Pattern::RequestResponse];
const RR_SYNC: &[Pattern] = &[Pattern::RequestResponse, Pattern::Sync];
const CLUSTER: &[&str] = &["elasticmapreduce:cluster/{ClusterId}"];

/// Watching and stopping a new cluster; the same statement serves request-response and `.sync`.
const WATCH_NEW_CLUSTER: Grant = Grant::new(
    "EmrCreateCluster",
    &[
        "elasticmapreduce:DescribeCluster",
        "elasticmapreduce:TerminateJobFlows",
    ],
    &["elasticmapreduce:cluster/*"],
)
.wildcard(
    "a new cluster's id is unknown before it runs, so any cluster of the account and region is \
     named",
);
const TERMINATE: Grant = Grant::new(
    "EmrTerminateCluster",
    &[
        "elasticmapreduce:DescribeCluster",
        "elasticmapreduce:TerminateJobFlows",
    ],
    CLUSTER,
);
const ADD_STEP: Grant = Grant::new(
    "EmrAddStep",
    &[
        "elasticmapreduce:AddJobFlowSteps",
        "elasticmapreduce:CancelSteps",
        "elasticmapreduce:DescribeStep",
    ],
    CLUSTER,
);

pub(super) static SERVICE: Service = Service {
    name: "elasticmapreduce",
    dsl_aliases: &["emr"],
    sdk_name: "emr",
    actions: &[
        Action {
            sync: Some(SyncRole {
                polling: &[WATCH_NEW_CLUSTER],
                events_rule: EventsRule::Managed("StepFunctionsGetEventForEMRRunJobFlowRule"),
            }),
            result: Results {
                response: r#"{"ClusterArn": "…", "ClusterId": "j-…"}"#,
                sync: Some(r#"{"Cluster": {"Id": "j-…", "Status": {"State": "WAITING"}}}"#),
                payload: None,
                sync_payload: None,
            },
            ..on_cluster(
                "createCluster",
                RR_SYNC,
                r#"{"Name": "etl", "ServiceRole": "EMR_DefaultRole", "JobFlowRole": "EMR_EC2_DefaultRole", "ReleaseLabel": "emr-7.0.0", "Instances": {}}"#,
                &[
                    Grant::new("EmrRunJobFlow", &["elasticmapreduce:RunJobFlow"], &["*"])
                        .wildcard("elasticmapreduce:RunJobFlow has no resource-level permissions"),
                    WATCH_NEW_CLUSTER,
                    Grant::new(
                        "EmrPassRole",
                        &["iam:PassRole"],
                        &[
                            "{ServiceRole|role}",
                            "{JobFlowRole|role}",
                            "{AutoScalingRole?|role}",
                        ],
                    ),
                ],
            )
        },
        on_cluster(
            "setClusterTerminationProtection",
            RR,
            r#"{"ClusterId": "j-123", "TerminationProtected": true}"#,
            &[Grant::new(
                "EmrTerminationProtection",
                &["elasticmapreduce:SetTerminationProtection"],
                CLUSTER,
            )],
        ),
        Action {
            sync: Some(SyncRole {
                polling: &[TERMINATE],
                events_rule: EventsRule::Managed(
                    "StepFunctionsGetEventForEMRTerminateJobFlowsRule",
                ),
            }),
            ..on_cluster(
                "terminateCluster",
                RR_SYNC,
                r#"{"ClusterId": "j-123"}"#,
                &[TERMINATE],
            )
        },
        Action {
            sync: Some(SyncRole {
                polling: &[ADD_STEP],
                events_rule: EventsRule::Managed("StepFunctionsGetEventForEMRAddJobFlowStepsRule"),
            }),
            result: Results {
                response: r#"{"StepId": "s-…"}"#,
                sync: Some(r#"{"Step": {"Id": "s-…", "Status": {"State": "COMPLETED"}}}"#),
                payload: None,
                sync_payload: None,
            },
            ..on_cluster(
                "addStep",
                RR_SYNC,
                r#"{"ClusterId": "j-123", "Step": {"Name": "s", "HadoopJarStep": {"Jar": "command-runner.jar"}}}"#,
                &[ADD_STEP],
            )
        },
        on_cluster(
            "cancelStep",
            RR,
            r#"{"ClusterId": "j-123", "StepId": "s-1"}"#,
            &[Grant::new(
                "EmrCancelStep",
                &["elasticmapreduce:CancelSteps"],
                CLUSTER,
            )],
        ),
        on_cluster(
            "modifyInstanceFleetByName",
            RR,
            r#"{"ClusterId": "j-123", "InstanceFleetName": "core", "InstanceFleet": {}}"#,
            &[Grant::new(
                "EmrModifyInstanceFleet",
                &[
                    "elasticmapreduce:ListInstanceFleets",
                    "elasticmapreduce:ModifyInstanceFleet",
                ],
                CLUSTER,
            )],
        ),
        on_cluster(
            "modifyInstanceGroupByName",
            RR,
            r#"{"ClusterId": "j-123", "InstanceGroupName": "core", "InstanceGroup": {}}"#,
            &[Grant::new(
                "EmrModifyInstanceGroup",
                &[
                    "elasticmapreduce:ListInstanceGroups",
                    "elasticmapreduce:ModifyInstanceGroups",
                ],
                CLUSTER,
            )],
        ),
    ],
    formats: &[],
    errors: &[],
};
