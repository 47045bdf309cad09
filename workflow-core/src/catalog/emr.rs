//! Amazon EMR: `elasticmapreduce:…` (connect-emr, emr-iam).

use super::*;

const fn coded(name: &'static str, patterns: &'static [Pattern], example: &'static str) -> Action {
    Action {
        name,
        patterns,
        main_parameter: None,
        example,
        // Clusters by id; the roles a new cluster uses.
        grants: Grants::Coded,
        sync: None,
        result: Results {
            response: r#"{}"#,
            sync: None,
            payload: None,
            sync_payload: None,
        },
    }
}

const RR: &[Pattern] = &[Pattern::RequestResponse];
const RR_SYNC: &[Pattern] = &[Pattern::RequestResponse, Pattern::Sync];

pub(super) static SERVICE: Service = Service {
    name: "elasticmapreduce",
    dsl_aliases: &["emr"],
    sdk_name: "emr",
    actions: &[
        Action {
            sync: Some(SyncRole {
                polling: &[Grant::new(
                    "EmrCreateCluster",
                    &[
                        "elasticmapreduce:DescribeCluster",
                        "elasticmapreduce:TerminateJobFlows",
                    ],
                    &["elasticmapreduce:cluster/*"],
                )
                .wildcard("a new cluster's id is unknown before it runs")],
                events_rule: EventsRule::Managed("StepFunctionsGetEventForEMRRunJobFlowRule"),
            }),
            result: Results {
                response: r#"{"ClusterArn": "…", "ClusterId": "j-…"}"#,
                sync: Some(r#"{"Cluster": {"Id": "j-…", "Status": {"State": "WAITING"}}}"#),
                payload: None,
                sync_payload: None,
            },
            ..coded(
                "createCluster",
                RR_SYNC,
                r#"{"Name": "etl", "ServiceRole": "EMR_DefaultRole", "JobFlowRole": "EMR_EC2_DefaultRole", "ReleaseLabel": "emr-7.0.0", "Instances": {}}"#,
            )
        },
        coded(
            "setClusterTerminationProtection",
            RR,
            r#"{"ClusterId": "j-123", "TerminationProtected": true}"#,
        ),
        Action {
            sync: Some(SyncRole {
                polling: &[Grant::new(
                    "EmrTerminateCluster",
                    &["elasticmapreduce:DescribeCluster"],
                    &["elasticmapreduce:cluster/{ClusterId}"],
                )],
                events_rule: EventsRule::Managed(
                    "StepFunctionsGetEventForEMRTerminateJobFlowsRule",
                ),
            }),
            ..coded("terminateCluster", RR_SYNC, r#"{"ClusterId": "j-123"}"#)
        },
        Action {
            sync: Some(SyncRole {
                polling: &[Grant::new(
                    "EmrAddStep",
                    &[
                        "elasticmapreduce:CancelSteps",
                        "elasticmapreduce:DescribeStep",
                    ],
                    &["elasticmapreduce:cluster/{ClusterId}"],
                )],
                events_rule: EventsRule::Managed("StepFunctionsGetEventForEMRAddJobFlowStepsRule"),
            }),
            result: Results {
                response: r#"{"StepId": "s-…"}"#,
                sync: Some(r#"{"Step": {"Id": "s-…", "Status": {"State": "COMPLETED"}}}"#),
                payload: None,
                sync_payload: None,
            },
            ..coded(
                "addStep",
                RR_SYNC,
                r#"{"ClusterId": "j-123", "Step": {"Name": "s", "HadoopJarStep": {"Jar": "command-runner.jar"}}}"#,
            )
        },
        coded(
            "cancelStep",
            RR,
            r#"{"ClusterId": "j-123", "StepId": "s-1"}"#,
        ),
        coded(
            "modifyInstanceFleetByName",
            RR,
            r#"{"ClusterId": "j-123", "InstanceFleetName": "core", "InstanceFleet": {}}"#,
        ),
        coded(
            "modifyInstanceGroupByName",
            RR,
            r#"{"ClusterId": "j-123", "InstanceGroupName": "core", "InstanceGroup": {}}"#,
        ),
    ],
    errors: &[],
};
