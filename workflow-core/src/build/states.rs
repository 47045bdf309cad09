//! The machine, its scopes and each state: transitions, input/output fields, resources and
//! credentials.

use super::*;

impl Builder {
    pub(super) fn transition(&mut self, obj: &mut Obj<'_>, type_name: &str) -> Transition {
        let next = self.non_empty_string(obj, "Next");
        let end = obj.take("End").and_then(|(node, ctx)| match node.value {
            Value::Bool(true) => Some(true),
            Value::Bool(false) => {
                self.err(
                    Rule::EndFalse,
                    ctx.loc(),
                    "`End` must be `true` when present",
                )
                .help = Some("remove `\"End\": false`; a state without `End` needs `Next`".into());
                Some(false)
            }
            _ => {
                self.wrong_type(node, &ctx, "End", "`true`");
                None
            }
        });
        match (next, end) {
            (Some(n), Some(true)) => {
                self.err(
                    Rule::NextAndEnd,
                    obj.ctx.child("End").key_loc(),
                    format!("a {type_name} state cannot have both `Next` and `End`"),
                )
                .help = Some("keep `Next` to continue, or `\"End\": true` to finish here".into());
                Transition::Next(n)
            }
            (Some(n), _) => Transition::Next(n),
            (None, Some(true)) => Transition::End,
            (None, _) => {
                if !obj.has("Next") && !obj.has("End") {
                    self.err(
                        Rule::MissingTransition,
                        obj.ctx.loc(),
                        format!("this {type_name} state has neither `Next` nor `End`"),
                    )
                    .help = Some("add `\"Next\": \"<state>\"` or `\"End\": true`".into());
                }
                Transition::End
            }
        }
    }

    pub(super) fn io(&mut self, obj: &mut Obj<'_>, ql: QueryLanguage, fields: IoFields) -> Io {
        match ql {
            QueryLanguage::JsonPath => Io::JsonPath(PathIo {
                input_path: fields
                    .paths
                    .then(|| self.nullable_path(obj, "InputPath", false))
                    .flatten(),
                // AWS accepts any JSON value as Parameters, not only an object.
                parameters: fields
                    .parameters
                    .then(|| self.take_any_template(obj, "Parameters", ql))
                    .flatten(),
                result_selector: fields
                    .result_selector
                    .then(|| self.take_object_template(obj, "ResultSelector", ql))
                    .flatten(),
                result_path: fields
                    .result_path
                    .then(|| self.nullable_path(obj, "ResultPath", true))
                    .flatten(),
                output_path: fields
                    .paths
                    .then(|| self.nullable_path(obj, "OutputPath", false))
                    .flatten(),
            }),
            QueryLanguage::Jsonata => Io::Jsonata(JsonataIo {
                arguments: fields
                    .parameters
                    .then(|| self.take_object_template(obj, "Arguments", ql))
                    .flatten(),
                output: fields
                    .output
                    .then(|| self.take_any_template(obj, "Output", ql))
                    .flatten(),
            }),
        }
    }

    pub(super) fn resource(
        &mut self,
        obj: &mut Obj<'_>,
        required_in: Option<&str>,
    ) -> Option<Resource> {
        let Some((node, ctx)) = obj.take("Resource") else {
            if let Some(owner) = required_in {
                self.err(Rule::MissingField, obj.ctx.loc(), format!("{owner} has no `Resource`"))
                    .help = Some("name the Lambda function, activity or integration to call, e.g. `arn:aws:states:::lambda:invoke`".into());
            }
            return None;
        };
        match &node.value {
            Value::String(s) if s.is_empty() => {
                self.err(Rule::EmptyValue, ctx.loc(), "`Resource` must not be empty")
                    .help =
                    Some("name the Lambda function, activity or integration to call".into());
                Some(Resource::Arn(String::new()))
            }
            Value::String(s) => Some(Resource::Arn(s.clone())),
            Value::Object(m) if is_cfn_intrinsic(m) => Some(Resource::Cfn(to_json(node))),
            _ => {
                self.wrong_type(node, &ctx, "Resource", "a string (an ARN)");
                None
            }
        }
    }

    pub(super) fn machine(&mut self, root: &Node) -> Option<StateMachine> {
        let ctx = Ctx {
            pointer: String::new(),
            state_path: String::new(),
        };
        let Value::Object(_) = root.value else {
            self.err(
                Rule::Syntax,
                ctx.loc(),
                format!(
                    "a state machine definition must be a JSON object, found {}",
                    root.type_name()
                ),
            );
            return None;
        };
        let mut obj = self.object(root, &ctx, "definition")?;
        let query_language = self.take_enum(
            &mut obj,
            "QueryLanguage",
            QueryLanguage::parse,
            &["JSONPath", "JSONata"],
        );
        self.top_ql = query_language.unwrap_or(QueryLanguage::JsonPath);
        let version = self.take_string(&mut obj, "Version");
        let timeout_seconds = self.take_number(&mut obj, "TimeoutSeconds");
        let scope = self.scope_fields(&mut obj, "the state machine");
        self.finish(obj, "the state machine", MACHINE_FIELDS, None);
        Some(StateMachine {
            scope,
            version,
            timeout_seconds,
            query_language,
            machine_type: None,
        })
    }

    /// `StartAt`, `States` and `Comment` of a scope.
    pub(super) fn scope_fields(&mut self, obj: &mut Obj<'_>, owner: &str) -> Scope {
        let comment = self.take_string(obj, "Comment");
        let start_at = self.non_empty_string(obj, "StartAt");
        if start_at.is_none() && !obj.has("StartAt") {
            self.err(
                Rule::MissingField,
                obj.ctx.loc(),
                format!("{owner} has no `StartAt`"),
            )
            .help = Some("name the first state to run".into());
        }
        let mut states = Vec::new();
        match obj.take("States") {
            None => {
                self.err(
                    Rule::MissingField,
                    obj.ctx.loc(),
                    format!("{owner} has no `States`"),
                );
            }
            Some((node, ctx)) => match &node.value {
                Value::Object(members) => {
                    if members.is_empty() {
                        self.err(
                            Rule::EmptyValue,
                            ctx.loc(),
                            "`States` must hold at least one state",
                        );
                    }
                    for (i, m) in members.iter().enumerate() {
                        // A repeated name is a duplicate key (reported already); the first wins.
                        if members[..i].iter().any(|p| p.key == m.key) {
                            continue;
                        }
                        let c = Ctx {
                            pointer: pointer_push(&ctx.pointer, &m.key),
                            state_path: join_state_path(&obj.ctx.state_path, &m.key),
                        };
                        if let Some(state) = self.state(&m.value, &c, &m.key) {
                            states.push(NamedState {
                                name: m.key.clone(),
                                state,
                            });
                        }
                    }
                }
                _ => self.wrong_type(node, &ctx, "States", "an object of states"),
            },
        }
        Scope {
            comment,
            start_at: start_at.unwrap_or_default(),
            states,
        }
    }

    pub(super) fn nested_scope(
        &mut self,
        node: &Node,
        ctx: &Ctx,
        owner: &str,
        allowed: &[&str],
    ) -> Option<(Scope, Option<ProcessorConfig>)> {
        let mut obj = self.object(node, ctx, owner)?;
        let config = obj.take("ProcessorConfig").and_then(|(n, c)| {
            let mut o = self.object(n, &c, "ProcessorConfig")?;
            let cfg = ProcessorConfig {
                mode: self.take_enum(
                    &mut o,
                    "Mode",
                    ProcessorMode::parse,
                    &["INLINE", "DISTRIBUTED"],
                ),
                execution_type: self.take_enum(
                    &mut o,
                    "ExecutionType",
                    ExecutionType::parse,
                    &["STANDARD", "EXPRESS"],
                ),
            };
            self.finish(o, "ProcessorConfig", &["Mode", "ExecutionType"], None);
            Some(cfg)
        });
        let scope = self.scope_fields(&mut obj, owner);
        self.finish(obj, owner, allowed, None);
        Some((scope, config))
    }

    pub(super) fn state(&mut self, node: &Node, ctx: &Ctx, name: &str) -> Option<State> {
        let mut obj = self.object(node, ctx, "a state")?;
        let type_name = match obj.take("Type") {
            None => {
                self.err(
                    Rule::MissingField,
                    ctx.loc(),
                    format!("state \"{name}\" has no `Type`"),
                )
                .help = Some(
                    "add `\"Type\"`: one of Task, Pass, Choice, Wait, Succeed, Fail, Parallel, Map"
                        .into(),
                );
                None
            }
            Some((n, c)) => self.string(n, &c, "Type").map(str::to_string).filter(|t| {
                let known = STATE_TYPES.contains(&t.as_str());
                if !known {
                    let d = self.err(
                        Rule::UnknownStateType,
                        c.loc(),
                        format!("unknown state type \"{t}\""),
                    );
                    d.help = Some(match closest(t, STATE_TYPES.iter().copied()) {
                        Some(m) => format!("did you mean \"{m}\"?"),
                        None => format!("a state's Type is one of {}", STATE_TYPES.join(", ")),
                    });
                }
                known
            }),
        };
        let Some(type_name) = type_name else {
            // Keep the state's name and transition so one mistake does not cascade into
            // unknown-target and unreachable-state reports; its other fields are not checked.
            let transition = match (obj.take("Next"), obj.take("End")) {
                (Some((n, _)), _) => match &n.value {
                    Value::String(s) => Transition::Next(s.clone()),
                    _ => Transition::End,
                },
                _ => Transition::End,
            };
            let io = Io::JsonPath(PathIo::default());
            return Some(State {
                comment: None,
                query_language: None,
                kind: StateKind::Pass(Pass {
                    result: None,
                    io,
                    assign: None,
                    transition,
                }),
            });
        };
        let comment = self.take_string(&mut obj, "Comment");
        let query_language = self.take_enum(
            &mut obj,
            "QueryLanguage",
            QueryLanguage::parse,
            &["JSONPath", "JSONata"],
        );
        let ql = query_language.unwrap_or(self.top_ql);
        let owner = format!("a {type_name} state");
        let kind = match type_name.as_str() {
            "Task" => {
                let resource = self.resource(&mut obj, Some("a Task state"));
                let io = self.io(&mut obj, ql, IoFields::ALL);
                let timeout = self.dyn_number(&mut obj, "TimeoutSeconds", "TimeoutSecondsPath", ql);
                let heartbeat =
                    self.dyn_number(&mut obj, "HeartbeatSeconds", "HeartbeatSecondsPath", ql);
                let credentials = self.credentials(&mut obj, ql);
                let retry = self.retriers(&mut obj);
                let catch = self.catchers(&mut obj, ql);
                let assign = self.assign(&mut obj, ql);
                let transition = self.transition(&mut obj, "Task");
                StateKind::Task(Task {
                    resource: resource.unwrap_or_else(|| Resource::Arn(String::new())),
                    io,
                    timeout,
                    heartbeat,
                    credentials,
                    retry,
                    catch,
                    assign,
                    transition,
                })
            }
            "Pass" => {
                let result = if ql == QueryLanguage::JsonPath {
                    obj.take("Result").map(|(n, _)| to_json(n))
                } else {
                    None
                };
                let io = self.io(
                    &mut obj,
                    ql,
                    IoFields {
                        result_selector: false,
                        ..IoFields::ALL
                    },
                );
                let assign = self.assign(&mut obj, ql);
                let transition = self.transition(&mut obj, "Pass");
                StateKind::Pass(Pass {
                    result,
                    io,
                    assign,
                    transition,
                })
            }
            "Choice" => {
                let choices = self.choice_rules(&mut obj, ql);
                let default = self.non_empty_string(&mut obj, "Default");
                let io = self.io(&mut obj, ql, IoFields::PATHS_AND_OUTPUT);
                let assign = self.assign(&mut obj, ql);
                StateKind::Choice(Choice {
                    choices,
                    default,
                    io,
                    assign,
                })
            }
            "Wait" => {
                let seconds = self.dyn_number(&mut obj, "Seconds", "SecondsPath", ql);
                let timestamp = self.dyn_string(&mut obj, "Timestamp", "TimestampPath", ql);
                // `Seconds` with `SecondsPath` (and the Timestamp pair) is reported as
                // exclusive fields above; here only seconds against timestamp, or neither.
                let has_seconds = obj.has("Seconds") || obj.has("SecondsPath");
                let has_timestamp = obj.has("Timestamp") || obj.has("TimestampPath");
                if has_seconds && has_timestamp {
                    self.err(
                        Rule::WaitForm,
                        ctx.loc(),
                        "a Wait state waits either a number of seconds or until a timestamp, not both",
                    )
                    .help = Some("keep one of Seconds, SecondsPath, Timestamp, TimestampPath".into());
                } else if !has_seconds && !has_timestamp {
                    self.err(
                        Rule::WaitForm,
                        ctx.loc(),
                        "a Wait state needs one of Seconds, Timestamp, SecondsPath, TimestampPath",
                    )
                    .help = Some("add e.g. `\"Seconds\": 10`".into());
                }
                let wait = match (seconds, timestamp) {
                    (Some(s), _) => WaitFor::Seconds(s),
                    (None, Some(t)) => WaitFor::Timestamp(t),
                    (None, None) => WaitFor::Seconds(Dyn::Value(Number::from(1i64))),
                };
                let io = self.io(&mut obj, ql, IoFields::PATHS_AND_OUTPUT);
                let assign = self.assign(&mut obj, ql);
                let transition = self.transition(&mut obj, "Wait");
                StateKind::Wait(Wait {
                    wait,
                    io,
                    assign,
                    transition,
                })
            }
            "Succeed" => StateKind::Succeed(Succeed {
                io: self.io(&mut obj, ql, IoFields::PATHS_AND_OUTPUT),
            }),
            "Fail" => {
                let error = self.dyn_string(&mut obj, "Error", "ErrorPath", ql);
                let cause = self.dyn_string(&mut obj, "Cause", "CausePath", ql);
                StateKind::Fail(Fail { error, cause })
            }
            "Parallel" => {
                let mut branches = Vec::new();
                match obj.take("Branches") {
                    None => {
                        self.err(
                            Rule::MissingField,
                            ctx.loc(),
                            "a Parallel state has no `Branches`",
                        )
                        .help =
                            Some("add `\"Branches\": [{\"StartAt\": …, \"States\": {…}}]`".into());
                    }
                    Some((n, c)) => match &n.value {
                        Value::Array(items) => {
                            if items.is_empty() {
                                self.err(
                                    Rule::EmptyValue,
                                    c.loc(),
                                    "`Branches` must hold at least one branch",
                                );
                            }
                            for (i, item) in items.iter().enumerate() {
                                let mut bc = c.child(&i.to_string());
                                bc.state_path = format!(
                                    "{}Parallel \"{name}\" › branch {}",
                                    parent_prefix(&ctx.state_path),
                                    i + 1
                                );
                                if let Some((scope, _)) =
                                    self.nested_scope(item, &bc, "a branch", BRANCH_FIELDS)
                                {
                                    branches.push(scope);
                                }
                            }
                        }
                        _ => self.wrong_type(n, &c, "Branches", "an array of branches"),
                    },
                }
                let io = self.io(&mut obj, ql, IoFields::ALL);
                let retry = self.retriers(&mut obj);
                let catch = self.catchers(&mut obj, ql);
                let assign = self.assign(&mut obj, ql);
                let transition = self.transition(&mut obj, "Parallel");
                StateKind::Parallel(Parallel {
                    branches,
                    io,
                    retry,
                    catch,
                    assign,
                    transition,
                })
            }
            "Map" => match self.map(&mut obj, ctx, name, ql) {
                Some(m) => StateKind::Map(Box::new(m)),
                None => {
                    let transition = self.transition(&mut obj, "Map");
                    StateKind::Pass(Pass {
                        result: None,
                        io: Io::JsonPath(PathIo::default()),
                        assign: None,
                        transition,
                    })
                }
            },
            _ => unreachable_type(),
        };
        let allowed = allowed_fields(&type_name, ql);
        self.finish(obj, &owner, &allowed, Some(ql));
        Some(State {
            comment,
            query_language,
            kind,
        })
    }

    pub(super) fn credentials(&mut self, obj: &mut Obj<'_>, ql: QueryLanguage) -> Option<Template> {
        let (node, ctx) = obj.take("Credentials")?;
        let Value::Object(members) = &node.value else {
            self.wrong_type(node, &ctx, "Credentials", "an object with `RoleArn`");
            return None;
        };
        let has_role = members
            .iter()
            .any(|m| m.key == "RoleArn" || (ql == QueryLanguage::JsonPath && m.key == "RoleArn.$"));
        if !has_role {
            self.err(
                Rule::MissingField,
                ctx.loc(),
                "`Credentials` has no `RoleArn`",
            )
            .help =
                Some("give the role to assume: `\"RoleArn\": \"arn:aws:iam::…:role/…\"`".into());
        }
        for m in members {
            if m.key != "RoleArn" && !(ql == QueryLanguage::JsonPath && m.key == "RoleArn.$") {
                self.err(
                    Rule::UnknownField,
                    ctx.child(&m.key).key_loc(),
                    format!("unknown field `{}` in Credentials", m.key),
                )
                .help = Some("Credentials has only `RoleArn`".into());
            }
        }
        Some(self.template(node, &ctx, ql))
    }
}
