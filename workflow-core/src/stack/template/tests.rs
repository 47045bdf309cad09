use super::*;
use crate::read::{Node, parse_json, parse_yaml};
use crate::{Format, Options, StateMachine, check};

fn machine(text: &str) -> StateMachine {
    let report = check(text, Format::Json, &Options::default());
    assert!(report.is_valid(), "{:#?}", report.diagnostics);
    report.machine.unwrap()
}

const LAMBDA: &str = r#"{
  "StartAt": "Charge",
  "States": {
    "Charge": {
      "Type": "Task",
      "Resource": "arn:aws:states:::lambda:invoke",
      "Parameters": {"FunctionName": "${ChargeFunctionArn}", "Payload.$": "$"},
      "Next": "Notify"
    },
    "Notify": {
      "Type": "Task",
      "Resource": "arn:aws:states:::sns:publish",
      "Parameters": {"TopicArn": "arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:${Topic}", "Message.$": "$"},
      "End": true
    }
  }
}"#;

const PASS: &str = r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#;

fn full_app() -> App {
    App::new()
        .description("Everything: \"quotes\", ünïcödé, yes/no")
        .parameter(
            Parameter::string("ChargeFunctionArn")
                .description("The charge function")
                .allowed_pattern("^arn:.+$")
                .constraint_description("an ARN"),
        )
        .parameter(Parameter::string("Stage").default("dev"))
        .activity(ActivitySpec::new("Approval").tag("team", "orders"))
        .state_machine(
            StateMachineSpec::new("Orders", machine(LAMBDA))
                .name(Value::sub("${AWS::StackName}-${Stage}-orders"))
                .substitution("ChargeFunctionArn", Value::parameter("ChargeFunctionArn"))
                .substitution("Topic", "orders-topic")
                .logging(Logging::new(LogLevel::All).include_execution_data(true))
                .tracing(true)
                .tag("team", "orders")
                .publish_version("live"),
        )
        .state_machine(
            StateMachineSpec::from_asl(
                "Approve",
                r#"{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "${ActivityArn}", "Next": "B"},
                    "B": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution",
                          "Parameters": {"StateMachineArn": "${OrdersArn}", "Input.$": "$"}, "End": true}}}"#,
            )
            .machine_type(crate::MachineType::Express)
            .substitution("ActivityArn", Value::get_att("Approval", "Arn"))
            .substitution("OrdersArn", Value::reference("OrdersAlias")),
        )
        .trigger(
            EventRuleTrigger::new(
                "OnOrder",
                "Orders",
                serde_json::json!({"source": ["shop"], "detail-type": ["Order Placed"]}),
            )
            .description("New orders"),
        )
        .trigger(ScheduleTrigger::new("Hourly", "Approve", "rate(1 hour)"))
        .trigger(ApiTrigger::new("OrdersApi", "Orders").path("orders"))
        .output(
            Output::new("OrdersArn", Value::reference("OrdersAlias"))
                .export_name(Value::sub("${AWS::StackName}-orders")),
        )
}

/// A parsed document's tree without positions.
fn strip(node: &Node) -> Tree {
    use crate::read::Value as V;
    match &node.value {
        V::Null => Tree::Null,
        V::Bool(b) => Tree::Bool(*b),
        V::Number(n) => Tree::Number(n.clone()),
        V::String(s) => Tree::String(s.clone()),
        V::Array(items) => Tree::Array(items.iter().map(strip).collect()),
        V::Object(members) => Tree::Object(
            members
                .iter()
                .map(|m| (m.key.clone(), strip(&m.value)))
                .collect(),
        ),
    }
}

fn properties<'a>(t: &'a Template, id: &str) -> &'a Tree {
    t.resource(id)
        .and_then(|r| r.get("Properties"))
        .unwrap_or_else(|| panic!("no resource {id}"))
}

#[test]
fn json_and_yaml_are_deterministic_and_hold_the_same_tree() {
    let a = full_app().to_template().unwrap();
    let b = full_app().to_template().unwrap();
    assert_eq!(a.to_json_string(), b.to_json_string());
    assert_eq!(a.to_yaml_string(), b.to_yaml_string());

    let json = a.to_json_string();
    let yaml = a.to_yaml_string();
    assert!(json.ends_with("}\n") && yaml.ends_with('\n'));
    let from_json = strip(&parse_json(&json).unwrap().root);
    let from_yaml = strip(&parse_yaml(&yaml).unwrap().root);
    assert_eq!(&from_json, a.tree());
    assert_eq!(from_yaml, from_json);
    // serde_json agrees that it is JSON.
    serde_json::from_str::<serde_json::Value>(&json).unwrap();
}

#[test]
fn layout_of_the_template() {
    let t = full_app().to_template().unwrap();
    let Tree::Object(top) = t.tree() else {
        panic!()
    };
    let keys: Vec<&str> = top.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        keys,
        [
            "AWSTemplateFormatVersion",
            "Description",
            "Metadata",
            "Parameters",
            "Resources",
            "Outputs"
        ]
    );
    let ids = t.resource_ids();
    let deployment = ids
        .iter()
        .find(|i| i.starts_with("OrdersApiDeployment"))
        .unwrap()
        .to_string();
    assert_eq!(deployment.len(), "OrdersApiDeployment".len() + 8);
    assert_eq!(
        ids,
        [
            "Approval",
            "OrdersRole",
            "OrdersLogs",
            "Orders",
            "OrdersVersion",
            "OrdersAlias",
            "ApproveRole",
            "Approve",
            "OnOrderRole",
            "OnOrder",
            "HourlyRole",
            "Hourly",
            "OrdersApiRole",
            "OrdersApi",
            "OrdersApiResource",
            "OrdersApiMethod",
            &deployment,
            "OrdersApiStage",
        ]
    );
}

#[test]
fn state_machine_resource() {
    let t = full_app().to_template().unwrap();
    let p = properties(&t, "Orders");
    let asl = machine(LAMBDA);
    let canonical = crate::Validated::new(&asl, &Options::default())
        .unwrap()
        .to_json_string();
    assert_eq!(p.get("DefinitionString"), Some(&Tree::from(canonical)));
    assert_eq!(p.get("StateMachineType"), Some(&Tree::from("STANDARD")));
    assert_eq!(
        p.get("DefinitionSubstitutions"),
        Some(&Tree::object([
            ("AWS::AccountId", Tree::reference("AWS::AccountId")),
            ("AWS::Partition", Tree::reference("AWS::Partition")),
            ("AWS::Region", Tree::reference("AWS::Region")),
            ("ChargeFunctionArn", Tree::reference("ChargeFunctionArn")),
            ("Topic", Tree::from("orders-topic")),
        ]))
    );
    assert_eq!(p.get("RoleArn"), Some(&Tree::get_att("OrdersRole", "Arn")));
    let logging = p.get("LoggingConfiguration").unwrap();
    assert_eq!(logging.get("Level"), Some(&Tree::from("ALL")));
    assert_eq!(logging.get("IncludeExecutionData"), Some(&Tree::from(true)));
    assert_eq!(
        p.get("TracingConfiguration"),
        Some(&Tree::object([("Enabled", Tree::from(true))]))
    );
    let logs = properties(&t, "OrdersLogs");
    assert_eq!(logs.get("RetentionInDays"), Some(&Tree::from(365u32)));

    let approve = properties(&t, "Approve");
    assert_eq!(
        approve.get("StateMachineType"),
        Some(&Tree::from("EXPRESS"))
    );
    assert_eq!(approve.get("LoggingConfiguration"), None);
    assert_eq!(
        approve.get("DefinitionSubstitutions"),
        Some(&Tree::object([
            ("ActivityArn", Tree::get_att("Approval", "Arn")),
            ("OrdersArn", Tree::reference("OrdersAlias")),
        ]))
    );
}

#[test]
fn roles_trust_one_service_of_this_account() {
    let t = full_app().to_template().unwrap();
    for (role, service) in [
        ("OrdersRole", "states.amazonaws.com"),
        ("OnOrderRole", "events.amazonaws.com"),
        ("HourlyRole", "scheduler.amazonaws.com"),
        ("OrdersApiRole", "apigateway.amazonaws.com"),
    ] {
        let trust = properties(&t, role)
            .get("AssumeRolePolicyDocument")
            .unwrap()
            .to_json_string();
        assert!(
            trust.contains(&format!("\"Service\": \"{service}\"")),
            "{trust}"
        );
        assert!(trust.contains("\"aws:SourceAccount\": {\n"), "{trust}");
    }
    // Triggers start the alias when there is one, else the machine.
    let start = |role: &str| {
        properties(&t, role)
            .get("Policies")
            .unwrap()
            .to_json_string()
    };
    assert!(start("OnOrderRole").contains("\"Ref\": \"OrdersAlias\""));
    assert!(start("OrdersApiRole").contains("\"Ref\": \"OrdersAlias\""));
    assert!(start("HourlyRole").contains("\"Ref\": \"Approve\""));
}

#[test]
fn no_unexplained_wildcard_and_reasons_in_metadata() {
    let t = full_app().to_template().unwrap();
    let mut stars = 0;
    t.tree().walk(&mut |node| {
        if let Some(resource) = node.get("Resource")
            && let Tree::Array(items) = resource
            && items.contains(&Tree::from("*"))
        {
            stars += 1;
            let sid = node.get("Sid").and_then(Tree::as_str).unwrap();
            let reasons = t.tree().get("Metadata").unwrap().to_json_string();
            assert!(
                reasons.contains(&format!("\"{sid}\": ")),
                "{sid}: {reasons}"
            );
        }
    });
    assert!(stars >= 2, "logging and tracing need `*`");
}

#[test]
fn policy_resources_use_the_substitution_values() {
    let t = full_app().to_template().unwrap();
    let policy = properties(&t, "OrdersRole")
        .get("Policies")
        .unwrap()
        .to_json_string();
    // The literal substitution `Topic` becomes a Fn::Sub variable; pseudo parameters stay.
    assert!(policy.contains("\"Topic\": \"orders-topic\""), "{policy}");
    assert!(policy.contains("${AWS::Partition}"), "{policy}");
    assert!(
        policy.contains("\"Ref\": \"ChargeFunctionArn\""),
        "{policy}"
    );
    // Nothing of the definition's placeholders is left for Fn::Sub to guess.
    assert!(
        !policy.contains("\"Fn::Sub\": \"${ChargeFunctionArn}"),
        "{policy}"
    );
}

#[test]
fn cloudformation_intrinsics_in_resources_become_substitutions() {
    let m = machine(
        r#"{"StartAt": "A", "States": {
            "A": {"Type": "Task", "Resource": {"Fn::GetAtt": ["ApprovalActivity", "Arn"]}, "Next": "B"},
            "B": {"Type": "Task", "Resource": {"Ref": "Worker"}, "Next": "C"},
            "C": {"Type": "Task", "Resource": {"Ref": "ApprovalActivity"}, "Next": "D"},
            "D": {"Type": "Task", "Resource": {"Ref": "Approval"}, "Next": "E"},
            "E": {"Type": "Task", "Resource": {"Fn::ImportValue": "shared-activity"}, "Next": "F"},
            "F": {"Type": "Task", "Resource": {"Ref": "Approval"}, "End": true}}}"#,
    );
    let t = App::new()
        .parameter(Parameter::string("Worker"))
        .activity(ActivitySpec::new("Approval"))
        .activity(ActivitySpec::new("ApprovalActivity"))
        .state_machine(StateMachineSpec::new("M", m))
        .to_template()
        .unwrap();
    let p = properties(&t, "M");
    let asl = p.get("DefinitionString").and_then(Tree::as_str).unwrap();
    for resource in [
        "${GetAtt:ApprovalActivity.Arn}",
        "${Ref:Worker}",
        "${Ref:ApprovalActivity}",
        "${ApprovalActivityArn}",
        "${EResource}",
    ] {
        assert!(
            asl.contains(&format!("\"Resource\": \"{resource}\"")),
            "{asl}"
        );
    }
    assert_eq!(
        p.get("DefinitionSubstitutions"),
        Some(&Tree::object([
            ("ApprovalActivityArn", Tree::reference("Approval")),
            (
                "EResource",
                Tree::object([("Fn::ImportValue", Tree::from("shared-activity"))])
            ),
            (
                "GetAtt:ApprovalActivity.Arn",
                Tree::get_att("ApprovalActivity", "Arn"),
            ),
            ("Ref:ApprovalActivity", Tree::reference("ApprovalActivity")),
            ("Ref:Worker", Tree::reference("Worker")),
        ]))
    );
    // Activities need nothing of the execution role; the other whole placeholders are taken
    // for Lambda functions by `crate::iam`.
    let policy = properties(&t, "MRole")
        .get("Policies")
        .unwrap()
        .to_json_string();
    assert!(!policy.contains("Approval"), "{policy}");
    assert!(policy.contains("\"Ref\": \"Worker\""), "{policy}");
}

#[test]
fn a_machine_that_calls_nothing_has_a_role_without_policies() {
    let t = App::new()
        .state_machine(
            StateMachineSpec::new("M", machine(PASS)).logging(Logging::new(LogLevel::Off)),
        )
        .to_template()
        .unwrap();
    assert_eq!(t.resource_ids(), ["MRole", "M"]);
    assert_eq!(properties(&t, "MRole").get("Policies"), None);
    let p = properties(&t, "M");
    assert_eq!(p.get("DefinitionSubstitutions"), None);
    assert_eq!(
        p.get("LoggingConfiguration"),
        Some(&Tree::object([("Level", Tree::from("OFF"))]))
    );
    assert_eq!(t.tree().get("Metadata"), None);
}

fn err(app: App) -> TemplateError {
    app.to_template().unwrap_err()
}

#[test]
fn errors() {
    let lambda = || StateMachineSpec::new("M", machine(LAMBDA));
    let bound = || {
        lambda()
            .substitution(
                "ChargeFunctionArn",
                "arn:aws:lambda:us-east-1:123456789012:function:c",
            )
            .substitution("Topic", "t")
    };
    assert_eq!(
        err(App::new().state_machine(lambda().substitution("Topic", "t"))),
        TemplateError::UnboundPlaceholder {
            machine: "M".into(),
            placeholder: "ChargeFunctionArn".into()
        }
    );
    assert_eq!(
        err(App::new().state_machine(bound().substitution("Typo", "x"))),
        TemplateError::UnusedSubstitution {
            machine: "M".into(),
            name: "Typo".into()
        }
    );
    assert_eq!(
        err(App::new().state_machine(bound().substitution("Topic", "u"))),
        TemplateError::DuplicateSubstitution {
            machine: "M".into(),
            name: "Topic".into()
        }
    );
    assert!(matches!(
        err(App::new().state_machine(
            lambda()
                .substitution("ChargeFunctionArn", "a\"b")
                .substitution("Topic", "t")
        )),
        TemplateError::InvalidSubstitution { .. }
    ));
    assert_eq!(
        err(App::new().state_machine(
            lambda()
                .substitution("ChargeFunctionArn", Value::parameter("Missing"))
                .substitution("Topic", "t")
        )),
        TemplateError::UnknownReference {
            context: "state machine `M`, substitution `ChargeFunctionArn`".into(),
            name: "Missing".into()
        }
    );
    let invalid = err(App::new().state_machine(StateMachineSpec::from_asl(
        "Bad",
        r#"{"StartAt": "Nowhere", "States": {"P": {"Type": "Pass", "End": true}}}"#,
    )));
    match &invalid {
        TemplateError::InvalidDefinition {
            machine,
            diagnostics,
        } => {
            assert_eq!(machine, "Bad");
            assert!(!diagnostics.is_empty() && diagnostics.iter().all(|d| d.is_error()));
        }
        other => panic!("{other:?}"),
    }
    assert!(
        invalid
            .to_string()
            .starts_with("state machine `Bad`: the definition is not valid: ")
    );
    // An EXPRESS machine cannot use .sync / .waitForTaskToken integrations.
    let sync = machine(
        r#"{"StartAt": "S", "States": {"S": {"Type": "Task",
            "Resource": "arn:aws:states:::states:startExecution.sync:2",
            "Parameters": {"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:x"},
            "End": true}}}"#,
    );
    assert!(matches!(
        err(App::new().state_machine(
            StateMachineSpec::new("E", sync).machine_type(crate::MachineType::Express)
        )),
        TemplateError::InvalidDefinition { .. }
    ));
    assert_eq!(
        err(App::new().trigger(ScheduleTrigger::new("S", "Nope", "rate(1 day)"))),
        TemplateError::UnknownStateMachine {
            trigger: "S".into(),
            machine: "Nope".into()
        }
    );
    assert_eq!(
        err(App::new()
            .activity(ActivitySpec::new("MRole"))
            .state_machine(StateMachineSpec::new("M", machine(PASS)))),
        TemplateError::DuplicateLogicalId { id: "MRole".into() }
    );
    assert_eq!(
        err(App::new().activity(ActivitySpec::new("my-activity"))),
        TemplateError::InvalidLogicalId {
            id: "my-activity".into()
        }
    );
    assert!(matches!(
        err(App::new().state_machine(
            StateMachineSpec::new("M", machine(PASS))
                .logging(Logging::new(LogLevel::All).retention_days(42))
        )),
        TemplateError::InvalidProperty {
            property: "RetentionInDays",
            ..
        }
    ));
    assert!(matches!(
        err(App::new()
            .state_machine(StateMachineSpec::new("M", machine(PASS)).publish_version("1"))),
        TemplateError::InvalidProperty {
            property: "Name",
            ..
        }
    ));
    assert_eq!(
        err(App::new().output(Output::new("O", Value::sub("${Nothing.Arn}")))),
        TemplateError::UnknownReference {
            context: "output `O`".into(),
            name: "Nothing".into()
        }
    );
}

#[test]
fn log_group_key_and_retention() {
    let t = App::new()
        .parameter(Parameter::string("LogKeyArn"))
        .state_machine(
            StateMachineSpec::new("M", machine(PASS)).logging(
                Logging::new(LogLevel::Fatal)
                    .retention_days(30)
                    .kms_key(Value::parameter("LogKeyArn")),
            ),
        )
        .to_template()
        .unwrap();
    let logs = properties(&t, "MLogs");
    assert_eq!(logs.get("RetentionInDays"), Some(&Tree::from(30u32)));
    assert_eq!(logs.get("KmsKeyId"), Some(&Tree::reference("LogKeyArn")));
    assert_eq!(
        logs.get("LogGroupName"),
        Some(&Tree::sub("/aws/vendedlogs/states/${AWS::StackName}-M"))
    );
}

#[test]
fn users_add_and_override_role_statements() {
    use crate::iam::{Effect, Statement};
    let statement = |sid: &str, action: &str, resource: &str| Statement {
        sid: sid.into(),
        effect: Effect::Allow,
        actions: vec![action.into()],
        resources: vec![resource.into()],
        wildcard_reason: None,
        conditions: Vec::new(),
    };
    let app = |spec: StateMachineSpec| {
        App::new()
            .parameter(Parameter::string("ChargeFn"))
            .state_machine(
                spec.substitution("ChargeFunctionArn", Value::parameter("ChargeFn"))
                    .substitution("Topic", Value::literal("orders")),
            )
    };
    let base = app(StateMachineSpec::new("M", machine(LAMBDA)))
        .to_template()
        .unwrap();
    let derived = base.to_json_string();
    let sid = derived
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("\"Sid\": \"")
                .map(|s| s.trim_end_matches("\",").to_string())
        })
        .expect("a derived statement");
    let text = app(StateMachineSpec::new("M", machine(LAMBDA))
        .statement(statement(
            "DecryptPayloads",
            "kms:Decrypt",
            "arn:aws:kms:eu-west-1:111122223333:key/abc",
        ))
        .override_statement(statement(
            &sid,
            "sns:Publish",
            "arn:aws:sns:eu-west-1:111122223333:only-this",
        )))
    .to_template()
    .unwrap()
    .to_json_string();
    assert!(
        text.contains("\"Sid\": \"DecryptPayloads\"") && text.contains("kms:Decrypt"),
        "{text}"
    );
    assert!(
        text.contains("only-this"),
        "the override replaced statement {sid}: {text}"
    );
    assert_eq!(text.matches(&format!("\"Sid\": \"{sid}\"")).count(), 1);
}

/// A part that renders the ids it is told to, whatever it declared.
#[derive(Debug)]
struct FixedPart {
    declared: Vec<&'static str>,
    rendered: Vec<&'static str>,
    queue_name: Value,
}

impl StackPart for FixedPart {
    fn name(&self) -> String {
        "part `Fixed`".to_string()
    }
    fn logical_ids(&self) -> Vec<String> {
        self.declared.iter().map(|s| s.to_string()).collect()
    }
    fn resources(&self, stack: &StackNames) -> Result<Vec<(String, Tree)>, TemplateError> {
        stack.check_value(&self.name(), &self.queue_name)?;
        Ok(self
            .rendered
            .iter()
            .map(|id| {
                let properties = Tree::object([("QueueName", stack.value(&self.queue_name))]);
                (
                    id.to_string(),
                    Tree::object([
                        ("Type", "AWS::SQS::Queue".into()),
                        ("Properties", properties),
                    ]),
                )
            })
            .collect())
    }
}

#[test]
fn a_part_adds_its_resources_and_may_refer_to_the_stack() {
    let part = FixedPart {
        declared: vec!["Jobs"],
        rendered: vec!["Jobs"],
        queue_name: Value::sub("${AWS::StackName}-${Stage}"),
    };
    let template = App::new()
        .parameter(Parameter::string("Stage"))
        .part(part)
        .to_template()
        .unwrap();
    assert_eq!(template.resource_ids(), ["Jobs"]);
    assert!(template.files().is_empty());
}

#[test]
fn a_part_that_renders_other_ids_than_it_declared_is_an_error() {
    let part = FixedPart {
        declared: vec!["Jobs"],
        rendered: vec!["Jobs", "More"],
        queue_name: Value::literal("jobs"),
    };
    let err = App::new().part(part).to_template().unwrap_err();
    assert!(matches!(err, TemplateError::Part { .. }), "{err}");
}

#[test]
fn a_part_referring_to_an_unknown_name_is_an_error() {
    let part = FixedPart {
        declared: vec!["Jobs"],
        rendered: vec!["Jobs"],
        queue_name: Value::parameter("Stage"),
    };
    let err = App::new().part(part).to_template().unwrap_err();
    assert_eq!(
        err.to_string(),
        "part `Fixed`: `Stage` is neither a parameter nor a resource of the stack"
    );
}
