//! Task states: the integration (`service::action(arg).pattern`), its resource ARN and
//! credentials.

use super::*;

impl Lowerer {
    // ---- Task ----

    pub(super) fn task(
        &mut self,
        integration: &ast::Integration,
        f: &mut Fields<'_>,
        cx: &Cx,
        input_path: Option<NullablePath>,
        fallthrough: Option<String>,
    ) -> Task {
        let params_field = if cx.jsonpath() {
            "Parameters"
        } else {
            "Arguments"
        };
        let resource_ptr = cx.at("Resource");
        let (resource, mut derived, lambda, tokens) = match integration {
            ast::Integration::Service {
                path,
                args,
                pattern,
                tokens,
            } => {
                // A misspelt service or action is reported on its own word, not on the whole
                // integration (the first span recorded for a pointer wins).
                if let Some(word) = misspelt_integration_word(path) {
                    self.spans.insert(resource_ptr.clone(), word);
                }
                self.spans.insert(resource_ptr.clone(), tokens.clone());
                let (resource, derived, lambda) = self.service(
                    path,
                    args,
                    pattern.as_ref(),
                    tokens,
                    cx,
                    &resource_ptr,
                    params_field,
                );
                (resource, derived, lambda, tokens.clone())
            }
            ast::Integration::Activity { keyword, arn }
            | ast::Integration::Resource { keyword, arn } => {
                self.spans.insert(resource_ptr.clone(), arn.tokens());
                let resource = match arn {
                    ast::Value::Str(s) => Resource::Arn(s.value()),
                    ast::Value::Object { members, .. }
                        if members.len() == 1
                            && (members[0].0 == "Ref" || members[0].0.starts_with("Fn::")) =>
                    {
                        match self.json(arn, &resource_ptr, "a CloudFormation intrinsic") {
                            Some(j) => Resource::Cfn(j),
                            None => Resource::Arn(String::new()),
                        }
                    }
                    other => {
                        self.rule_error(
                            other.tokens(),
                            Rule::WrongType,
                            &format!("`{}(…)` takes the ARN as a string", ident_text(keyword)),
                            None,
                        );
                        Resource::Arn(String::new())
                    }
                };
                (resource, Vec::new(), false, keyword.to_token_stream())
            }
        };
        if let Some((key, value)) = f.take("payload") {
            if lambda {
                let written = if cx.jsonpath()
                    && matches!(value, ast::Value::Path { .. } | ast::Value::Call(_))
                {
                    "Payload.$"
                } else {
                    "Payload"
                };
                let ptr = pointer_push(&cx.at(params_field), written);
                self.spans.insert_key(ptr.clone(), key);
                if let Some(t) = self.template(value, &ptr, cx.ql, Place::Member) {
                    derived.push(("Payload".to_string(), t));
                }
            } else {
                self.error(
                    key,
                    format!("`payload` is the request of `lambda::invoke`; put the request of this integration in `{}: {{ … }}` [field-not-allowed]", params_field.to_ascii_lowercase()),
                );
            }
        }
        let io = self.io(f, cx, Ty::Task, input_path, derived, Some(&tokens));
        let timeout = f
            .take("timeout")
            .and_then(|(k, v)| self.dyn_number(Some(k), v, &cx.ptr, "TimeoutSeconds", cx.ql));
        let heartbeat = f
            .take("heartbeat")
            .and_then(|(k, v)| self.dyn_number(Some(k), v, &cx.ptr, "HeartbeatSeconds", cx.ql));
        let credentials = f
            .take("credentials")
            .and_then(|(k, v)| self.credentials(k, v, cx));
        let (retry, catch) = self.error_handling(f, cx);
        let assign = self.take_assign(f, cx);
        let transition = self.transition(f, cx, fallthrough);
        let mut task = Task::new(resource, transition);
        task.io = io;
        task.timeout = timeout;
        task.heartbeat = heartbeat;
        task.credentials = credentials;
        task.retry = retry;
        task.catch = catch;
        task.assign = assign;
        task
    }

    /// `service::action(arg).pattern`: the Resource, the members its argument sets, and whether
    /// it is `lambda::invoke`.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn service(
        &mut self,
        path: &[Ident],
        args: &[ast::Value],
        pattern: Option<&Ident>,
        tokens: &TokenStream,
        cx: &Cx,
        resource_ptr: &str,
        params_field: &str,
    ) -> (Resource, Vec<(String, Template)>, bool) {
        let names: Vec<String> = path.iter().map(ident_text).collect();
        self.spans
            .integrations
            .push((resource_ptr.to_string(), names.join("::")));
        let (service, action, sdk) = match names.as_slice() {
            [sdk, service, action] if sdk == "aws_sdk" => {
                (service.replace('_', ""), camel_case(action), true)
            }
            [service, action] if service != "aws_sdk" => {
                let service = workflow_core::catalog::dsl_service(service)
                    .map_or_else(|| service.replace('_', "-"), |s| s.name.to_string());
                (service, camel_case(action), false)
            }
            _ => {
                self.error(
                    tokens,
                    "expected `service::action` (e.g. `lambda::invoke`, `sqs::send_message`) or `aws_sdk::service::action` (e.g. `aws_sdk::s3::list_objects_v2`)",
                );
                return (Resource::Arn(String::new()), Vec::new(), false);
            }
        };
        let base = if sdk {
            format!("arn:aws:states:::aws-sdk:{service}:{action}")
        } else {
            format!("arn:aws:states:::{service}:{action}")
        };
        let arn_without_pattern = base.clone();
        let mut arn = base.clone();
        if let Some(p) = pattern {
            use workflow_core::catalog::Pattern;
            let written = ident_text(p);
            let suffix = match Pattern::ALL
                .into_iter()
                .find(|pat| pat.dsl_name() == Some(written.as_str()))
            {
                Some(pat) => pat.suffix(),
                None => {
                    let names: Vec<&str> =
                        Pattern::ALL.iter().filter_map(|p| p.dsl_name()).collect();
                    self.unknown(p, &written, "integration pattern", "a task", &names);
                    ""
                }
            };
            arn.push_str(suffix);
            self.spans.patterns.push(PatternSpan {
                pointer: resource_ptr.to_string(),
                tokens: p.to_token_stream(),
                base,
            });
        }
        let mut derived = Vec::new();
        // An integration the validator does not know is reported there; its arguments cannot be
        // checked against a service that does not exist.
        let known =
            sdk || workflow_core::validate::resource::classify(&arn_without_pattern).is_ok();
        if !args.is_empty() && known {
            let main = workflow_core::catalog::action(&service, &action)
                .filter(|_| !sdk)
                .and_then(|a| a.main_parameter);
            match (main, args) {
                (Some(param), [arg]) => {
                    let dynamic = cx.jsonpath()
                        && matches!(arg, ast::Value::Path { .. } | ast::Value::Call(_));
                    let written = if dynamic {
                        format!("{param}.$")
                    } else {
                        param.to_string()
                    };
                    let ptr = pointer_push(&cx.at(params_field), &written);
                    if let Some(t) = self.template(arg, &ptr, cx.ql, Place::Member) {
                        derived.push((param.to_string(), t));
                    }
                }
                (Some(param), _) => self.error(
                    args[1].tokens(),
                    format!("`{}` takes one argument, its `{param}`", names.join("::")),
                ),
                (None, _) => self.error(
                    args[0].tokens(),
                    format!(
                        "`{}` takes no argument; put its request in `{}: {{ … }}`",
                        names.join("::"),
                        params_field.to_ascii_lowercase()
                    ),
                ),
            }
        }
        let lambda = !sdk && service == "lambda" && action == "invoke";
        (Resource::Arn(arn), derived, lambda)
    }

    /// `credentials: "arn:aws:iam::…"` → `{"RoleArn": …}`, or the object as written.
    pub(super) fn credentials(&mut self, key: &Ident, v: &ast::Value, cx: &Cx) -> Option<Template> {
        let ptr = cx.at("Credentials");
        self.spans.insert_key(ptr.clone(), key);
        match v {
            ast::Value::Object { .. } => self.template(v, &ptr, cx.ql, Place::Top),
            ast::Value::Str(_) | ast::Value::Path { .. } | ast::Value::Call(_) => {
                self.spans.insert(ptr.clone(), v.tokens());
                let dynamic = cx.jsonpath() && !matches!(v, ast::Value::Str(_));
                let written = if dynamic { "RoleArn.$" } else { "RoleArn" };
                let role = self.template(v, &pointer_push(&ptr, written), cx.ql, Place::Member)?;
                Some(Template::Object(vec![("RoleArn".to_string(), role)]))
            }
            other => {
                self.rule_error(
                    other.tokens(),
                    Rule::WrongType,
                    "`credentials` takes the role to assume: `credentials: \"arn:aws:iam::123456789012:role/Name\"`",
                    None,
                );
                None
            }
        }
    }
}

/// The word of a `service::action` integration that names no optimized integration: the service
/// if the service is unknown, else the action if the action is. `None` when both are fine (or
/// for `aws_sdk::…`, which the validator checks as a whole).
pub(super) fn misspelt_integration_word(path: &[Ident]) -> Option<&Ident> {
    let [service_word, action_word] = path else {
        return None;
    };
    let service = ident_text(service_word);
    let Some(service) = workflow_core::catalog::dsl_service(&service).map(|s| s.name) else {
        return Some(service_word);
    };
    let arn = format!(
        "arn:aws:states:::{service}:{}",
        camel_case(&ident_text(action_word))
    );
    workflow_core::validate::resource::classify(&arn)
        .is_err()
        .then_some(action_word)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workflow::lower::tests::*;
    use workflow_core::validate::{Options, Validated};

    #[test]
    fn lambda_invoke_with_payload_and_timeout() {
        assert_asl(
            r#"
            /// Says hello.
            HelloWorld {
                Hello: task lambda::invoke("${HelloFunction}") {
                    payload: { "Input": $ },
                    timeout: 300,
                }
            }
            "#,
            r#"{
              "Comment": "Says hello.",
              "StartAt": "Hello",
              "States": {
                "Hello": {
                  "Type": "Task",
                  "Resource": "arn:aws:states:::lambda:invoke",
                  "Parameters": { "FunctionName": "${HelloFunction}", "Payload": { "Input.$": "$" } },
                  "TimeoutSeconds": 300,
                  "End": true
                }
              }
            }"#,
        );
    }

    #[test]
    fn sqs_wait_for_task_token() {
        assert_asl(
            r#"
            Callback {
                SendMessage: task sqs::send_message("${QueueUrl}").wait_for_task_token {
                    parameters: { "MessageBody": { "Message": "Hello", "TaskToken": $$.Task.Token } },
                    next: Done,
                },
                Done: succeed,
            }
            "#,
            r#"{
              "StartAt": "SendMessage",
              "States": {
                "SendMessage": {
                  "Type": "Task",
                  "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                  "Parameters": {
                    "QueueUrl": "${QueueUrl}",
                    "MessageBody": { "Message": "Hello", "TaskToken.$": "$$.Task.Token" }
                  },
                  "Next": "Done"
                },
                "Done": { "Type": "Succeed" }
              }
            }"#,
        );
    }

    #[test]
    fn activity_with_heartbeat_and_a_year_of_timeout() {
        assert_asl(
            r#"
            #[timeout(2d)]
            #[version("1.0")]
            Manual {
                Approve: task activity("arn:aws:states:us-east-1:123456789012:activity:Approve") {
                    heartbeat: 1h,
                    timeout: 365d,
                }
            }
            "#,
            r#"{
              "Version": "1.0",
              "TimeoutSeconds": 172800,
              "StartAt": "Approve",
              "States": {
                "Approve": {
                  "Type": "Task",
                  "Resource": "arn:aws:states:us-east-1:123456789012:activity:Approve",
                  "TimeoutSeconds": 31536000,
                  "HeartbeatSeconds": 3600,
                  "End": true
                }
              }
            }"#,
        );
    }

    #[test]
    fn state_query_language_and_integrations() {
        let l = lowered(
            r#"
            M {
                #[jsonata]
                A: task states::start_execution("${Child}").sync2 { arguments: { "Input": "{% $states.input %}" } },
                B: task ecs::run_task.sync { parameters: { "Cluster": "c" }, credentials: "arn:aws:iam::123456789012:role/R" },
                C: task events::put_events { parameters: { "Entries": [] } },
                D: task resource("arn:aws:lambda:us-east-1:123456789012:function:F"),
                E: task step_functions::start_execution.wait_for_task_token { parameters: { "StateMachineArn": "arn" } },
                F: task http::invoke { parameters: { "ApiEndpoint": "https://example.com", "Method": "GET" }, credentials: $.role },
            }
            "#,
        );
        assert!(l.errors.is_empty(), "{:?}", l.errors);
        let states = &l.machine.scope.states;
        assert_eq!(states[0].state.query_language, Some(QueryLanguage::Jsonata));
        let resources: Vec<&str> = states
            .iter()
            .map(|s| match &s.state.kind {
                StateKind::Task(t) => t.resource.as_str().unwrap(),
                _ => "",
            })
            .collect();
        assert_eq!(
            resources,
            [
                "arn:aws:states:::states:startExecution.sync:2",
                "arn:aws:states:::ecs:runTask.sync",
                "arn:aws:states:::events:putEvents",
                "arn:aws:lambda:us-east-1:123456789012:function:F",
                "arn:aws:states:::states:startExecution.waitForTaskToken",
                "arn:aws:states:::http:invoke",
            ]
        );
        let json = Validated::new(&l.machine, &Options::default())
            .unwrap()
            .to_json_string();
        assert!(
            json.contains(r#""RoleArn": "arn:aws:iam::123456789012:role/R""#),
            "{json}"
        );
        assert!(json.contains(r#""RoleArn.$": "$.role""#), "{json}");
        assert!(json.contains(r#""StateMachineArn": "${Child}""#), "{json}");
    }
}
