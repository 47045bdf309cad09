//! AWS Elemental MediaConvert: `mediaconvert:createJob` (connect-mediaconvert and its IAM
//! section). Step Functions tags the jobs it creates `ManagedByService: AWSStepFunctions`, and
//! the `.sync` grants are limited to jobs with that tag.

use super::*;

pub(super) static SERVICE: Service = Service {
    name: "mediaconvert",
    dsl_aliases: &[],
    sdk_name: "mediaconvert",
    actions: &[Action {
        name: "createJob",
        patterns: &[Pattern::RequestResponse, Pattern::Sync],
        main_parameter: None,
        example: r#"{"Role": "arn:aws:iam::123456789012:role/mediaconvert", "Queue": "arn:aws:mediaconvert:us-east-1:123456789012:queues/Default", "JobTemplate": "web", "Settings": {}}"#,
        grants: &[
            Grant::new(
                "MediaConvertCreateJob",
                &["mediaconvert:CreateJob"],
                &[
                    "mediaconvert:queues/{Queue}",
                    "mediaconvert:jobTemplates/{JobTemplate}",
                    "mediaconvert:presets/*",
                ],
            )
            .wildcard("the presets a job uses are inside its Settings, which the role derivation does not read"),
            Grant::new("MediaConvertPassRole", &["iam:PassRole"], &["arn:${AWS::Partition}:iam::${AWS::AccountId}:role/{Role}"])
                .when(&[("StringEquals", "iam:PassedToService", "mediaconvert.amazonaws.com")]),
        ],
        sync: Some(SyncRole {
            polling: &[Grant::new(
                "MediaConvertManageJob",
                &["mediaconvert:CancelJob", "mediaconvert:GetJob"],
                &["mediaconvert:jobs/*"],
            )
            .wildcard("a job's id is known only once it is created; the grant is limited to jobs Step Functions tagged")
            .when(&[("StringEquals", "aws:ResourceTag/ManagedByService", "AWSStepFunctions")])],
            events_rule: EventsRule::Managed("StepFunctionsGetEventsForMediaConvertJobRule"),
        }),
        result: Results {
            response: r#"{"Job": {"Arn": "…", "Id": "…", "Status": "SUBMITTED"}}"#,
            sync: Some(r#"{"Job": {"Arn": "…", "Id": "…", "Status": "COMPLETE"}}"#),
            payload: None,
            sync_payload: None,
        },
    }],
    formats: &[],
    errors: &[],
};
