//! Integrations added through the catalog, end to end: written with the `workflow!` DSL,
//! accepted by the validator at compile time, and given an exact execution role.

use workflow::Workflow;
use workflow::core::iam::{IamOptions, Statement, execution_role_statements};

/// `arn:${AWS::Partition}:SERVICE:${AWS::Region}:${AWS::AccountId}:RESOURCE`.
fn arn(service: &str, resource: &str) -> String {
    format!("arn:${{AWS::Partition}}:{service}:${{AWS::Region}}:${{AWS::AccountId}}:{resource}")
}

fn role<W: Workflow>() -> Vec<Statement> {
    execution_role_statements(&W::definition(), &IamOptions::default())
}

/// The `Resource` of the state `state` of `W`'s definition.
fn resource_of<W: Workflow>(state: &str) -> String {
    let asl: serde_json::Value = serde_json::from_str(W::ASL).unwrap();
    asl["States"][state]["Resource"]
        .as_str()
        .unwrap()
        .to_string()
}

/// The resources of the statement `sid`, which must have no wildcard reason.
fn exact(statements: &[Statement], sid: &str) -> Vec<String> {
    let s = statements
        .iter()
        .find(|s| s.sid == sid)
        .unwrap_or_else(|| panic!("no {sid} in {statements:#?}"));
    assert_eq!(s.wildcard_reason, None, "{s:?}");
    s.resources.clone()
}

workflow::workflow! {
    /// Run the nightly Glue job and wait for it.
    NightlyEtl {
        Run: task glue::start_job_run("nightly-etl").sync {
            parameters: { "Arguments": { "--day": $.day } },
        },
    }
}

#[test]
fn glue_start_job_run_sync_on_the_job_itself() {
    let asl: serde_json::Value = serde_json::from_str(NightlyEtl::ASL).unwrap();
    assert_eq!(
        asl["States"]["Run"]["Resource"],
        "arn:aws:states:::glue:startJobRun.sync"
    );
    assert_eq!(asl["States"]["Run"]["Parameters"]["JobName"], "nightly-etl");
    let role = role::<NightlyEtl>();
    let job = vec![arn("glue", "job/nightly-etl")];
    assert_eq!(exact(&role, "GlueStartJobRun"), job);
    assert_eq!(exact(&role, "GlueWatchJobRun"), job);
    assert!(
        role.iter()
            .all(|s| !s.resources.iter().any(|r| r.contains('*')))
    );
}

workflow::workflow! {
    /// Summarize a document with a foundation model.
    Summarize {
        Ask: task bedrock::invoke_model("anthropic.claude-3-haiku-20240307-v1:0") {
            parameters: {
                "Body": {
                    "anthropic_version": "bedrock-2023-05-31",
                    "max_tokens": 300,
                    "messages": [{ "role": "user", "content": $.text }],
                },
            },
        },
    }
}

#[test]
fn bedrock_invoke_model_on_the_model_it_names() {
    assert_eq!(
        resource_of::<Summarize>("Ask"),
        "arn:aws:states:::bedrock:invokeModel"
    );
    let role = role::<Summarize>();
    assert_eq!(
        exact(&role, "BedrockInvokeModel"),
        [
            "arn:${AWS::Partition}:bedrock:${AWS::Region}::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"
        ]
    );
    assert_eq!(role.len(), 1);
}

workflow::workflow! {
    /// Remind a customer tomorrow: a one-time EventBridge Scheduler schedule that sends the
    /// reminder to a queue.
    ScheduleReminder {
        Schedule: task aws_sdk::scheduler::create_schedule {
            parameters: {
                "Name.$": "States.Format('reminder-{}', $.orderId)",
                "GroupName": "reminders",
                "ScheduleExpression.$": "$.at",
                "FlexibleTimeWindow": { "Mode": "OFF" },
                "Target": {
                    "Arn": "arn:aws:sqs:us-east-1:123456789012:reminders",
                    "RoleArn": "arn:aws:iam::123456789012:role/scheduler-to-sqs",
                    "Input.$": "States.JsonToString($)",
                },
            },
        },
    }
}

#[test]
fn eventbridge_scheduler_create_schedule_in_its_group_passing_the_target_role() {
    assert_eq!(
        resource_of::<ScheduleReminder>("Schedule"),
        "arn:aws:states:::aws-sdk:scheduler:createSchedule"
    );
    let role = role::<ScheduleReminder>();
    assert_eq!(role.len(), 2, "{role:#?}");
    assert_eq!(
        exact(&role, "SchedulerPassRole"),
        ["arn:aws:iam::123456789012:role/scheduler-to-sqs"]
    );
    let pass_role = role.iter().find(|s| s.sid == "SchedulerPassRole").unwrap();
    assert_eq!(
        pass_role.conditions,
        [(
            "StringEquals".to_string(),
            "iam:PassedToService".to_string(),
            "scheduler.amazonaws.com".to_string()
        )]
    );
    // The schedule's name is chosen at run time: any schedule of its group, and the role says so.
    let create = role
        .iter()
        .find(|s| s.sid == "SchedulerCreateSchedule")
        .unwrap();
    assert_eq!(create.actions, ["scheduler:CreateSchedule"]);
    assert_eq!(create.resources, [arn("scheduler", "schedule/reminders/*")]);
    assert!(create.wildcard_reason.is_some());
}

workflow::workflow! {
    /// Refresh the Data Catalog once new data has landed; a crawl already under way is fine.
    RefreshCatalog {
        Crawl: task aws_sdk::glue::start_crawler {
            parameters: { "Name": "orders-crawler" },
            catch: ["Glue.CrawlerRunningException"] => Done,
        },
        Done: succeed,
    }
}

#[test]
fn glue_start_crawler_on_the_crawler_itself() {
    assert_eq!(
        resource_of::<RefreshCatalog>("Crawl"),
        "arn:aws:states:::aws-sdk:glue:startCrawler"
    );
    let role = role::<RefreshCatalog>();
    assert_eq!(role.len(), 1, "{role:#?}");
    assert_eq!(
        exact(&role, "GlueStartCrawler"),
        [arn("glue", "crawler/orders-crawler")]
    );
    assert_eq!(role[0].actions, ["glue:StartCrawler"]);
}
