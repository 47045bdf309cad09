//! A validated app as resources of the stack, and its `amplify.yml`.

use super::validate::Validated;
use super::{AmplifyApp, BuildSpec, EnvironmentVariable, Secret, ServiceRole};
use crate::template::{StackNames, StackPart, TemplateError, Value};
use crate::tree::Tree;

/// The stack part of a validated app: add it with [`App::part`](crate::template::App::part).
#[derive(Debug, Clone)]
pub struct AmplifyPart(AmplifyApp);

impl Validated {
    /// The stack part that renders the app.
    pub fn into_part(self) -> AmplifyPart {
        AmplifyPart(self.0)
    }
}

impl AmplifyPart {
    /// The app.
    pub fn app(&self) -> &AmplifyApp {
        &self.0
    }

    fn role_id(&self) -> String {
        format!("{}Role", self.0.id)
    }

    fn branch_id(&self, branch: &str) -> String {
        format!("{}Branch{}", self.0.id, pascal(branch))
    }

    fn domain_id(&self) -> String {
        format!("{}Domain", self.0.id)
    }

    fn topic_id(&self) -> String {
        format!("{}AlarmTopic", self.0.id)
    }

    fn alarm_id(&self, metric: &str) -> String {
        format!("{}Alarm{}", self.0.id, pascal(metric))
    }

    fn creates_topic(&self) -> bool {
        self.0
            .monitoring
            .as_ref()
            .is_some_and(|m| !m.alarms.is_empty() && m.action.is_none())
    }
}

/// `feature/new-ui` → `FeatureNewUi`: letters and digits only, each word capitalized.
pub(crate) fn pascal(name: &str) -> String {
    name.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

impl StackPart for AmplifyPart {
    fn name(&self) -> String {
        format!("Amplify app `{}`", self.0.id)
    }

    fn logical_ids(&self) -> Vec<String> {
        let app = &self.0;
        let mut ids = Vec::new();
        if app.service_role == ServiceRole::Created {
            ids.push(self.role_id());
        }
        ids.push(app.id.clone());
        ids.extend(app.branches.iter().map(|b| self.branch_id(&b.name)));
        if app.domain.is_some() {
            ids.push(self.domain_id());
        }
        if self.creates_topic() {
            ids.push(self.topic_id());
        }
        if let Some(m) = &app.monitoring {
            ids.extend(m.alarms.iter().map(|a| self.alarm_id(&a.metric)));
        }
        ids
    }

    fn resources(&self, stack: &StackNames) -> Result<Vec<(String, Tree)>, TemplateError> {
        let app = &self.0;
        let context = self.name();
        let value = |v: &Value| -> Result<Tree, TemplateError> {
            stack.check_value(&context, v)?;
            Ok(stack.value(v))
        };
        let mut out = Vec::new();

        let role = match &app.service_role {
            ServiceRole::None => None,
            ServiceRole::Created => {
                out.push((self.role_id(), logs_role(app)));
                Some(Tree::get_att(&self.role_id(), "Arn"))
            }
            ServiceRole::Arn(arn) => Some(value(arn)?),
        };

        let mut props = Vec::new();
        props.push(("Name", Tree::from(app.name.as_str())));
        if let Some(d) = &app.description {
            props.push(("Description", d.as_str().into()));
        }
        if let Some(r) = &app.repository {
            props.push(("Repository", r.as_str().into()));
        }
        if let Some(token) = &app.access_token {
            props.push(("AccessToken", secret(token)));
        }
        props.push(("Platform", app.platform.as_str().into()));
        if let Some(role) = role {
            props.push(("IAMServiceRole", role));
        }
        if !app.environment.is_empty() {
            props.push((
                "EnvironmentVariables",
                environment(&app.environment, &value)?,
            ));
        }
        if let Some(spec) = &app.build_spec {
            props.push(("BuildSpec", build_spec(spec).to_yaml_string().into()));
        }
        if !app.custom_rules.is_empty() {
            let rules = app
                .custom_rules
                .iter()
                .map(|r| {
                    let mut rule = vec![
                        ("Source", Tree::from(r.source.as_str())),
                        ("Target", r.target.as_str().into()),
                        ("Status", r.status.as_str().into()),
                    ];
                    if let Some(c) = &r.condition {
                        rule.push(("Condition", c.as_str().into()));
                    }
                    Tree::object(rule)
                })
                .collect();
            props.push(("CustomRules", Tree::Array(rules)));
        }
        if !app.custom_headers.is_empty() {
            props.push(("CustomHeaders", custom_headers(app).to_yaml_string().into()));
        }
        out.push((app.id.clone(), resource("AWS::Amplify::App", props)));

        for branch in &app.branches {
            let mut props = vec![
                ("AppId", Tree::get_att(&app.id, "AppId")),
                ("BranchName", branch.name.as_str().into()),
            ];
            if let Some(stage) = &branch.stage {
                props.push(("Stage", stage.as_str().into()));
            }
            if let Some(f) = &branch.framework {
                props.push(("Framework", f.as_str().into()));
            }
            props.push(("EnableAutoBuild", branch.auto_build.into()));
            props.push((
                "EnablePullRequestPreview",
                branch.pull_request_preview.into(),
            ));
            if !branch.environment.is_empty() {
                props.push((
                    "EnvironmentVariables",
                    environment(&branch.environment, &value)?,
                ));
            }
            if let Some(auth) = &branch.basic_auth {
                props.push((
                    "BasicAuthConfig",
                    Tree::object([
                        ("EnableBasicAuth", Tree::Bool(true)),
                        ("Username", auth.username.as_str().into()),
                        ("Password", secret(&auth.password)),
                    ]),
                ));
            }
            out.push((
                self.branch_id(&branch.name),
                resource("AWS::Amplify::Branch", props),
            ));
        }

        if let Some(domain) = &app.domain {
            let settings = domain
                .sub_domains
                .iter()
                .map(|s| {
                    Tree::object([
                        ("Prefix", Tree::from(s.prefix.as_str())),
                        // The attribute makes the domain wait for the branch.
                        (
                            "BranchName",
                            Tree::get_att(&self.branch_id(&s.branch), "BranchName"),
                        ),
                    ])
                })
                .collect();
            out.push((
                self.domain_id(),
                resource(
                    "AWS::Amplify::Domain",
                    vec![
                        ("AppId", Tree::get_att(&app.id, "AppId")),
                        ("DomainName", domain.name.as_str().into()),
                        ("SubDomainSettings", Tree::Array(settings)),
                    ],
                ),
            ));
        }

        if let Some(monitoring) = &app.monitoring {
            let action = match &monitoring.action {
                Some(arn) => value(arn)?,
                None => Tree::reference(&self.topic_id()),
            };
            if self.creates_topic() {
                out.push((
                    self.topic_id(),
                    resource(
                        "AWS::SNS::Topic",
                        vec![(
                            "DisplayName",
                            Tree::from(format!("Alarms of the Amplify app {}", app.name)),
                        )],
                    ),
                ));
            }
            for alarm in &monitoring.alarms {
                let statistic = if alarm.metric == "Latency" {
                    "Average"
                } else {
                    "Sum"
                };
                out.push((
                    self.alarm_id(&alarm.metric),
                    resource(
                        "AWS::CloudWatch::Alarm",
                        vec![
                            (
                                "AlarmDescription",
                                Tree::from(format!(
                                    "{} of the Amplify app {} reached {}",
                                    alarm.metric, app.name, alarm.threshold
                                )),
                            ),
                            ("Namespace", "AWS/AmplifyHosting".into()),
                            ("MetricName", alarm.metric.as_str().into()),
                            (
                                "Dimensions",
                                Tree::Array(vec![Tree::object([
                                    ("Name", Tree::from("App")),
                                    ("Value", Tree::get_att(&app.id, "AppId")),
                                ])]),
                            ),
                            ("Statistic", statistic.into()),
                            ("Period", alarm.period_seconds.into()),
                            ("EvaluationPeriods", alarm.evaluation_periods.into()),
                            ("Threshold", alarm.threshold.into()),
                            ("ComparisonOperator", "GreaterThanOrEqualToThreshold".into()),
                            ("TreatMissingData", "notBreaching".into()),
                            ("AlarmActions", Tree::Array(vec![action.clone()])),
                        ],
                    ),
                ));
            }
        }
        Ok(out)
    }

    fn files(&self) -> Vec<(String, String)> {
        match &self.0.build_spec {
            Some(spec) => vec![("amplify.yml".to_string(), build_spec(spec).to_yaml_string())],
            None => Vec::new(),
        }
    }
}

fn resource(type_name: &str, properties: Vec<(&str, Tree)>) -> Tree {
    Tree::object([
        ("Type", Tree::from(type_name)),
        ("Properties", Tree::object(properties)),
    ])
}

/// The dynamic reference of a validated secret (only references pass validation).
pub(crate) fn secret(secret: &Secret) -> Tree {
    Tree::from(secret.dynamic_reference().unwrap_or_default())
}

fn environment(
    variables: &[EnvironmentVariable],
    value: &dyn Fn(&Value) -> Result<Tree, TemplateError>,
) -> Result<Tree, TemplateError> {
    variables
        .iter()
        .map(|v| {
            Ok(Tree::object([
                ("Name", Tree::from(v.name.as_str())),
                ("Value", value(&v.value)?),
            ]))
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Tree::Array)
}

fn strings(items: &[String]) -> Tree {
    Tree::Array(items.iter().map(Tree::from).collect())
}

fn commands(items: &[String]) -> Tree {
    Tree::object([("commands", strings(items))])
}

/// The text of `amplify.yml`.
pub(crate) fn build_spec(spec: &BuildSpec) -> Tree {
    let mut phases = Vec::new();
    if !spec.pre_build.is_empty() {
        phases.push(("preBuild", commands(&spec.pre_build)));
    }
    if !spec.build.is_empty() {
        phases.push(("build", commands(&spec.build)));
    }
    let mut frontend = vec![
        ("phases", Tree::object(phases)),
        (
            "artifacts",
            Tree::object([
                ("baseDirectory", Tree::from(spec.base_directory.as_str())),
                ("files", strings(&spec.files)),
            ]),
        ),
    ];
    if !spec.cache.is_empty() {
        frontend.push(("cache", Tree::object([("paths", strings(&spec.cache))])));
    }
    let mut top = vec![
        ("version", Tree::Number("1".to_string())),
        ("frontend", Tree::object(frontend)),
    ];
    if let Some(test) = &spec.test {
        let mut phases = Vec::new();
        if !test.pre_test.is_empty() {
            phases.push(("preTest", commands(&test.pre_test)));
        }
        phases.push(("test", commands(&test.test)));
        if !test.post_test.is_empty() {
            phases.push(("postTest", commands(&test.post_test)));
        }
        top.push((
            "test",
            Tree::object([
                ("phases", Tree::object(phases)),
                (
                    "artifacts",
                    Tree::object([
                        ("baseDirectory", Tree::from(test.base_directory.as_str())),
                        ("configFilePath", test.config_file_path.as_str().into()),
                        ("files", strings(&test.files)),
                    ]),
                ),
            ]),
        ));
    }
    Tree::object(top)
}

/// The `customHttp.yml` form of the custom headers.
fn custom_headers(app: &AmplifyApp) -> Tree {
    let rules = app
        .custom_headers
        .iter()
        .map(|h| {
            Tree::object([
                ("pattern", Tree::from(h.pattern.as_str())),
                (
                    "headers",
                    Tree::Array(
                        h.headers
                            .iter()
                            .map(|(k, v)| {
                                Tree::object([
                                    ("key", Tree::from(k.as_str())),
                                    ("value", v.as_str().into()),
                                ])
                            })
                            .collect(),
                    ),
                ),
            ])
        })
        .collect();
    Tree::object([("customHeaders", Tree::Array(rules))])
}

/// The service role: Amplify may assume it for this account and write its logs.
fn logs_role(app: &AmplifyApp) -> Tree {
    let allow = Tree::object([
        ("Sid", Tree::from("WriteAmplifyLogs")),
        ("Effect", "Allow".into()),
        (
            "Action",
            strings(&[
                "logs:CreateLogGroup".to_string(),
                "logs:CreateLogStream".to_string(),
                "logs:PutLogEvents".to_string(),
            ]),
        ),
        (
            "Resource",
            Tree::Array(vec![
                Tree::sub(
                    "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/amplify/*",
                ),
                Tree::sub(
                    "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/amplify/*:log-stream:*",
                ),
            ]),
        ),
    ]);
    service_role(
        &format!("Service role of the Amplify app {}", app.name),
        "amplify.amazonaws.com",
        "AmplifyLogs",
        vec![allow],
    )
}

/// An `AWS::IAM::Role` that `service` may assume for this account only, with one inline policy.
pub(crate) fn service_role(
    description: &str,
    service: &str,
    policy_name: &str,
    statements: Vec<Tree>,
) -> Tree {
    let document = |statements: Vec<Tree>| {
        Tree::object([
            ("Version", Tree::from("2012-10-17")),
            ("Statement", Tree::Array(statements)),
        ])
    };
    let trust = Tree::object([
        ("Effect", Tree::from("Allow")),
        (
            "Principal",
            Tree::object([("Service", Tree::from(service))]),
        ),
        ("Action", "sts:AssumeRole".into()),
        (
            "Condition",
            Tree::object([(
                "StringEquals",
                Tree::object([("aws:SourceAccount", Tree::reference("AWS::AccountId"))]),
            )]),
        ),
    ]);
    resource(
        "AWS::IAM::Role",
        vec![
            ("Description", Tree::from(description)),
            ("AssumeRolePolicyDocument", document(vec![trust])),
            (
                "Policies",
                Tree::Array(vec![Tree::object([
                    ("PolicyName", Tree::from(policy_name)),
                    ("PolicyDocument", document(statements)),
                ])]),
            ),
        ],
    )
}
