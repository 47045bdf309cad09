//! Executions: start (idempotent by name and input), the thread that runs each one, describe,
//! stop, list and the history.

use super::*;

impl Service {
    pub(super) fn execution(&self, arn: &str) -> Result<ExecutionRecord, ApiError> {
        if !is_execution_arn(arn) {
            return Err(ApiError::invalid_arn(arn));
        }
        self.store.load(Kind::Execution, arn).ok_or_else(|| {
            ApiError::new(
                "ExecutionDoesNotExist",
                format!("Execution Does Not Exist: '{arn}'"),
            )
        })
    }

    pub(super) fn describe_machine_for_execution(&self, body: &Value) -> Result<Value, ApiError> {
        let execution = self.execution(required(body, "executionArn")?)?;
        let name = execution
            .machine_arn
            .rsplit(':')
            .next()
            .unwrap_or_default()
            .to_string();
        Ok(json!({
            "stateMachineArn": execution.machine_arn,
            "name": name,
            "definition": execution.definition,
            "roleArn": execution.role_arn,
            "updateDate": execution.start,
            "revisionId": execution.revision_id,
        }))
    }

    /// What `stateMachineArn` of a start names: the machine, one of its versions, or an alias
    /// (which picks one of its versions by weight).
    pub(super) fn target(&self, arn: &str) -> Result<Target, ApiError> {
        let (base, qualifier) = split_machine_arn(arn).ok_or_else(|| ApiError::invalid_arn(arn))?;
        let machine = self.machine(&base)?;
        let missing = || {
            ApiError::new(
                "StateMachineDoesNotExist",
                format!("State Machine Does Not Exist: '{arn}'"),
            )
        };
        let (version_arn, alias_arn) = match qualifier {
            None => (None, None),
            Some(q) if q.parse::<u64>().is_ok() => (Some(arn.to_string()), None),
            Some(_) => {
                let alias: AliasRecord = self.store.load(Kind::Alias, arn).ok_or_else(missing)?;
                // The weights add up to 100.
                let roll = self.counter.fetch_add(1, Ordering::Relaxed) % 100;
                let mut sum = 0;
                let chosen = alias
                    .routing
                    .iter()
                    .find(|r| {
                        sum += r.weight;
                        roll < sum
                    })
                    .or(alias.routing.last())
                    .ok_or_else(missing)?;
                (Some(chosen.version_arn.clone()), Some(arn.to_string()))
            }
        };
        let (definition, role_arn, revision_id) = match &version_arn {
            Some(version_arn) => {
                let version: VersionRecord = self
                    .store
                    .load(Kind::Version, version_arn)
                    .ok_or_else(missing)?;
                (version.definition, version.role_arn, version.revision_id)
            }
            None => (
                machine.definition.clone(),
                machine.role_arn.clone(),
                machine.revision_id.clone(),
            ),
        };
        Ok(Target {
            machine,
            definition,
            role_arn,
            revision_id,
            version_arn,
            alias_arn,
        })
    }

    pub(super) fn start_execution(
        self: &Arc<Self>,
        body: &Value,
        sync: bool,
    ) -> Result<Value, ApiError> {
        let requested = required(body, "stateMachineArn")?;
        // `arn#TestCase` runs with that test case of the mock configuration.
        let (arn, test_case) = match requested.split_once('#') {
            Some((arn, case)) => (arn, Some(case.to_string())),
            None => (requested, None),
        };
        let target = self.target(arn)?;
        let machine_type = parse_type(&target.machine.machine_type);
        if sync && machine_type == MachineType::Standard {
            return Err(ApiError::new(
                "StateMachineTypeNotSupported",
                "This operation is not supported by this type of state machine: STANDARD",
            ));
        }
        if let Some(case) = &test_case {
            let Some(config) = &self.settings.mocks else {
                return Err(ApiError::validation(format!(
                    "The test case '{case}' was asked for, but the endpoint was started without a mock configuration (--mocks)"
                )));
            };
            config
                .mocks(Some(&target.machine.name), case)
                .map_err(|e| ApiError::validation(e.to_string()))?;
        }
        let input = str_field(body, "input").unwrap_or("{}").to_string();
        check_input(&input)?;
        let name = match str_field(body, "name") {
            Some(name) => {
                check_name(name)?;
                name.to_string()
            }
            None => self.uuid(),
        };
        let start_ms = wall_ms();
        let mut record = ExecutionRecord {
            arn: String::new(),
            machine_arn: target.machine.arn.clone(),
            version_arn: target.version_arn.clone(),
            alias_arn: target.alias_arn.clone(),
            name,
            status: "RUNNING".into(),
            start: start_ms as f64 / 1000.0,
            stop: None,
            input: input.clone(),
            output: None,
            error: None,
            cause: None,
            definition: target.definition.clone(),
            role_arn: target.role_arn.clone(),
            machine_type: target.machine.machine_type.clone(),
            revision_id: target.revision_id.clone(),
            history: Vec::new(),
            seed: u64::from_str_radix(&self.unique("seed")[..16], 16).unwrap_or(0),
            test_case: test_case.clone(),
        };
        let config = self.execution_config(&record);
        let execution_arn = config.execution_arn();
        record.arn.clone_from(&execution_arn);
        {
            let _guard = self.locked();
            if let Some(existing) = self
                .store
                .load::<ExecutionRecord>(Kind::Execution, &execution_arn)
            {
                // A start repeated while the first still runs, with the same input, is the
                // same start.
                if !sync && existing.status == "RUNNING" && existing.input == input {
                    return Ok(json!({"executionArn": existing.arn, "startDate": existing.start}));
                }
                return Err(ApiError::new(
                    "ExecutionAlreadyExists",
                    format!("Execution Already Exists: '{execution_arn}'"),
                ));
            }
            self.store.save(Kind::Execution, &execution_arn, &record);
        }
        self.live().insert(execution_arn.clone(), Vec::new());
        let run = {
            let service = Arc::clone(self);
            let definition = target.definition.clone();
            let execution_arn = execution_arn.clone();
            move || {
                service.run_execution(&execution_arn, &definition, config, test_case, &input, &[]);
            }
        };
        if sync {
            run();
            let done = self.execution(&execution_arn)?;
            let mut response = json!({
                "executionArn": done.arn,
                "stateMachineArn": done.machine_arn,
                "name": done.name,
                "startDate": done.start,
                "stopDate": done.stop,
                "status": done.status,
                "input": done.input,
                "inputDetails": {"included": true},
                "billingDetails": {"billedMemoryUsedInMB": 64, "billedDurationInMilliseconds":
                    ((done.stop.unwrap_or(done.start) - done.start) * 1000.0).ceil() as u64},
            });
            for (key, value) in [
                ("output", &done.output),
                ("error", &done.error),
                ("cause", &done.cause),
            ] {
                if let Some(value) = value {
                    response[key] = Value::String(value.clone());
                }
            }
            if done.output.is_some() {
                response["outputDetails"] = json!({"included": true});
            }
            return Ok(response);
        }
        std::thread::Builder::new()
            .name("execution".into())
            .spawn(run)
            .map_err(|e| ApiError::new("InternalFailure", format!("cannot start a thread: {e}")))?;
        Ok(json!({"executionArn": execution_arn, "startDate": record.start}))
    }

    /// How the executor runs the execution `record` describes: its names, start and seed.
    fn execution_config(&self, record: &ExecutionRecord) -> ExecutionConfig {
        ExecutionConfig {
            state_machine_name: record
                .machine_arn
                .rsplit(':')
                .next()
                .unwrap_or_default()
                .to_string(),
            execution_name: record.name.clone(),
            role_arn: record.role_arn.clone(),
            account: ACCOUNT.into(),
            region: REGION.into(),
            start_time_ms: (record.start * 1000.0).round() as i64,
            seed: record.seed,
            machine_type: parse_type(&record.machine_type),
            real_time: self.settings.clock == Clock::Real,
            ..ExecutionConfig::default()
        }
    }

    /// Resumes, each on a thread of its own, the executions a durable store holds as running:
    /// those of an endpoint that ended while they ran. Each runs again from its input, its
    /// recorded events written again at their times with their recorded task results, and goes
    /// on from where it was: a wait waits what is left, an activity task is handed out again
    /// under its token, a callback task waits for its token.
    pub fn resume(self: &Arc<Self>) -> usize {
        if !self.store.is_durable() {
            return 0;
        }
        let running: Vec<ExecutionRecord> = self
            .store
            .load_all::<ExecutionRecord>(Kind::Execution)
            .into_iter()
            .filter(|e| e.status == "RUNNING")
            .collect();
        for record in &running {
            let recorded = self.store.events(&record.arn);
            self.live().insert(record.arn.clone(), recorded.clone());
            let config = self.execution_config(record);
            let service = Arc::clone(self);
            let resumed = record.clone();
            let spawned = std::thread::Builder::new()
                .name("execution".into())
                .spawn(move || {
                    service.run_execution(
                        &resumed.arn,
                        &resumed.definition,
                        config,
                        resumed.test_case.clone(),
                        &resumed.input,
                        &recorded,
                    );
                });
            if let Err(e) = spawned {
                eprintln!("error: cannot resume {}: {e}", record.arn);
            }
        }
        running.len()
    }

    /// Runs one execution to its end on this thread and records how it ended. `recorded` are
    /// the events an earlier run of it already wrote (a resumed execution): they are written
    /// again at their times, and their task results answer the same tasks again.
    pub(super) fn run_execution(
        self: &Arc<Self>,
        execution_arn: &str,
        definition: &str,
        mut config: ExecutionConfig,
        test_case: Option<String>,
        input: &str,
        recorded: &[Value],
    ) {
        config.replayed_times_ms = recorded.iter().map(event_ms).collect();
        let replay = Arc::new(Replay {
            recorded: recorded.to_vec(),
            last_id: AtomicU64::new(0),
        });
        let machine_name = config.state_machine_name.clone();
        let mut runner = match Runner::from_definition(definition) {
            Ok(runner) => runner.with_config(config),
            Err(e) => {
                self.finish(
                    execution_arn,
                    "FAILED",
                    None,
                    Some("States.Runtime".into()),
                    Some(e.to_string()),
                    Vec::new(),
                );
                return;
            }
        };
        if let (Some(case), Some(mock_config)) = (&test_case, &self.settings.mocks)
            && let Ok(mocks) = mock_config.mocks(Some(&machine_name), case)
        {
            runner = runner.with_mocks(mocks);
        }
        {
            let service = Arc::clone(self);
            let execution_arn = execution_arn.to_string();
            let replay = Arc::clone(&replay);
            runner.mocks_mut().on_event(move |event| {
                replay.last_id.store(event.id, Ordering::SeqCst);
                // An event written again by a resumed run is in the history already.
                if usize::try_from(event.id).is_ok_and(|id| id <= replay.recorded.len()) {
                    return;
                }
                let wire = crate::wire_event(event);
                service.store.append_event(&execution_arn, &wire);
                if let Some(events) = service.live().get_mut(&execution_arn) {
                    events.push(wire);
                }
            });
        }
        {
            let service = Arc::clone(self);
            let execution_arn = execution_arn.to_string();
            runner.mocks_mut().otherwise(move |call| {
                let started = replay.last_id.load(Ordering::SeqCst);
                replay
                    .outcome_after(started)
                    .unwrap_or_else(|| service.serve_task(&execution_arn, started, call))
            });
        }
        let input: Value = serde_json::from_str(input).unwrap_or(Value::Null);
        let execution = runner.run(input);
        let (status, output) = match execution.status {
            Status::Succeeded => ("SUCCEEDED", execution.output.as_ref().map(Value::to_string)),
            Status::Failed => ("FAILED", None),
            Status::TimedOut => ("TIMED_OUT", None),
            Status::Aborted => ("ABORTED", None),
            // Every task blocks until it is answered, so a run only pauses when it was stopped.
            Status::Running => ("ABORTED", None),
        };
        let history = execution
            .history
            .events()
            .iter()
            .map(crate::wire_event)
            .collect();
        self.finish(
            execution_arn,
            status,
            output,
            execution.error,
            execution.cause,
            history,
        );
    }

    /// Records how an execution ended, unless it was stopped first.
    pub(super) fn finish(
        &self,
        execution_arn: &str,
        status: &str,
        output: Option<String>,
        error: Option<String>,
        cause: Option<String>,
        history: Vec<Value>,
    ) {
        let _guard = self.locked();
        self.live().remove(execution_arn);
        self.store.clear_events(execution_arn);
        let Some(mut record) = self
            .store
            .load::<ExecutionRecord>(Kind::Execution, execution_arn)
        else {
            return;
        };
        if record.status != "RUNNING" {
            return;
        }
        record.status = status.to_string();
        record.stop = Some(now_seconds());
        record.output = output;
        record.error = error;
        record.cause = cause;
        record.history = history;
        self.store.save(Kind::Execution, execution_arn, &record);
    }

    /// Answers a task nothing mocks: an activity task goes to the activity's workers, a
    /// callback task waits for its token; anything else fails with `States.TaskFailed` naming
    /// the state and resource.
    ///
    /// `started` is the id of the event that started the task: an activity task is recorded
    /// under it with its token until it is answered, so an endpoint that restarts hands the
    /// same task out again under the same token.
    pub(super) fn serve_task(
        &self,
        execution_arn: &str,
        started: u64,
        call: &workflow_local::TaskCall<'_>,
    ) -> TaskOutcome {
        let seconds =
            |s: Option<i64>| s.map(|s| Duration::from_secs(u64::try_from(s).unwrap_or(0)));
        let (heartbeat, timeout) = (
            seconds(call.heartbeat_seconds),
            seconds(call.timeout_seconds),
        );
        let token = if let Some(token) = call.task_token {
            self.broker
                .open(execution_arn, token, None, heartbeat, timeout);
            token.to_string()
        } else if is_activity_arn(call.resource) {
            if self.store.get(Kind::Activity, call.resource).is_none() {
                return TaskOutcome::throw(
                    "States.Runtime",
                    format!(
                        "The activity '{}' of the task state '{}' does not exist.",
                        call.resource, call.state
                    ),
                );
            }
            let key = format!("{execution_arn}#{started}");
            let token = match self.store.load::<PendingTaskRecord>(Kind::Task, &key) {
                Some(pending) => pending.token,
                None => {
                    let token = self.unique("token");
                    let pending = PendingTaskRecord {
                        token: token.clone(),
                    };
                    self.store.save(Kind::Task, &key, &pending);
                    token
                }
            };
            self.broker.open(
                execution_arn,
                &token,
                Some((call.resource, call.input.to_string())),
                heartbeat,
                timeout,
            );
            let outcome = self.broker.wait(&token);
            // Answered, timed out or stopped: nothing to hand out again.
            self.store.delete(Kind::Task, &key);
            return outcome.unwrap_or_else(|| {
                TaskOutcome::throw("States.Aborted", "The execution was stopped.")
            });
        } else {
            // A service call that cannot be made fails as a failed call does: Retry and Catch
            // (`States.ALL`, `States.TaskFailed`) see it.
            return TaskOutcome::throw(
                "States.TaskFailed",
                format!(
                    "No mock answers the task state '{}' (resource '{}'): start the execution with a test case of the mock configuration (stateMachineArn#TestCase).",
                    call.state, call.resource
                ),
            );
        };
        self.broker
            .wait(&token)
            .unwrap_or_else(|| TaskOutcome::throw("States.Aborted", "The execution was stopped."))
    }

    pub(super) fn describe_execution(&self, body: &Value) -> Result<Value, ApiError> {
        let e = self.execution(required(body, "executionArn")?)?;
        let mut response = json!({
            "executionArn": e.arn,
            "stateMachineArn": e.machine_arn,
            "name": e.name,
            "status": e.status,
            "startDate": e.start,
            "input": e.input,
            "inputDetails": {"included": true},
            "redriveCount": 0,
            "redriveStatus": "NOT_REDRIVABLE",
        });
        if let Some(stop) = e.stop {
            response["stopDate"] = json!(stop);
        }
        if let Some(output) = &e.output {
            response["output"] = Value::String(output.clone());
            response["outputDetails"] = json!({"included": true});
        }
        for (key, value) in [
            ("error", &e.error),
            ("cause", &e.cause),
            ("stateMachineVersionArn", &e.version_arn),
            ("stateMachineAliasArn", &e.alias_arn),
        ] {
            if let Some(value) = value {
                response[key] = Value::String(value.clone());
            }
        }
        Ok(response)
    }

    pub(super) fn stop_execution(&self, body: &Value) -> Result<Value, ApiError> {
        let arn = required(body, "executionArn")?;
        let stop = {
            let _guard = self.locked();
            let mut record = self.execution(arn)?;
            if record.status != "RUNNING" {
                return Err(ApiError::validation(format!(
                    "Execution Does Not Exist or is not running: '{arn}'"
                )));
            }
            let stop = now_seconds();
            let mut history = self.live().remove(arn).unwrap_or_default();
            let mut details = Map::new();
            for (key, value) in [("error", "error"), ("cause", "cause")] {
                if let Some(text) = str_field(body, key) {
                    details.insert(value.into(), Value::String(text.into()));
                }
            }
            let id = history.len() as u64 + 1;
            history.push(json!({
                "timestamp": stop, "type": "ExecutionAborted", "id": id,
                "previousEventId": id - 1, "executionAbortedEventDetails": details,
            }));
            record.status = "ABORTED".into();
            record.stop = Some(stop);
            record.error = str_field(body, "error").map(str::to_string);
            record.cause = str_field(body, "cause").map(str::to_string);
            record.history = history;
            self.store.save(Kind::Execution, arn, &record);
            self.store.clear_events(arn);
            stop
        };
        self.broker.stop_execution(arn);
        Ok(json!({"stopDate": stop}))
    }

    pub(super) fn list_executions(&self, body: &Value) -> Result<Value, ApiError> {
        let (machine_arn, version_or_alias) = match (
            str_field(body, "stateMachineArn"),
            str_field(body, "mapRunArn"),
        ) {
            (Some(arn), _) => {
                let (base, qualifier) =
                    split_machine_arn(arn).ok_or_else(|| ApiError::invalid_arn(arn))?;
                self.machine(&base)?;
                (base, qualifier.map(|_| arn.to_string()))
            }
            (None, Some(_)) => {
                return Err(ApiError::validation(
                    "Listing the executions of a Map Run is not supported by this endpoint",
                ));
            }
            (None, None) => return Err(ApiError::validation("stateMachineArn is required")),
        };
        let status = str_field(body, "statusFilter");
        let mut executions: Vec<ExecutionRecord> = self
            .store
            .load_all::<ExecutionRecord>(Kind::Execution)
            .into_iter()
            .filter(|e| e.machine_arn == machine_arn)
            .filter(|e| {
                version_or_alias.as_deref().is_none_or(|q| {
                    e.version_arn.as_deref() == Some(q) || e.alias_arn.as_deref() == Some(q)
                })
            })
            .filter(|e| status.is_none_or(|s| e.status == s))
            .collect();
        // Newest first, as AWS lists them.
        executions.sort_by(|a, b| b.start.total_cmp(&a.start).then_with(|| b.arn.cmp(&a.arn)));
        let (executions, next) = page(executions, body)?;
        let items: Vec<Value> = executions
            .iter()
            .map(|e| {
                let mut item = json!({
                    "executionArn": e.arn, "stateMachineArn": e.machine_arn, "name": e.name,
                    "status": e.status, "startDate": e.start,
                });
                if let Some(stop) = e.stop {
                    item["stopDate"] = json!(stop);
                }
                item
            })
            .collect();
        Ok(with_next(json!({"executions": items}), next))
    }

    pub(super) fn execution_history(&self, body: &Value) -> Result<Value, ApiError> {
        let arn = required(body, "executionArn")?;
        let record = self.execution(arn)?;
        let mut events = match self.live().get(arn) {
            Some(events) if record.status == "RUNNING" => events.clone(),
            _ => record.history,
        };
        if body.get("includeExecutionData").and_then(Value::as_bool) == Some(false) {
            for event in &mut events {
                strip_execution_data(event);
            }
        }
        if body.get("reverseOrder").and_then(Value::as_bool) == Some(true) {
            events.reverse();
        }
        let (events, next) = page(events, body)?;
        Ok(with_next(json!({"events": events}), next))
    }
}

/// `includeExecutionData: false`: the events keep their shape without the inputs and outputs.
fn strip_execution_data(event: &mut Value) {
    let Some(object) = event.as_object_mut() else {
        return;
    };
    for (key, details) in object.iter_mut() {
        if !key.ends_with("EventDetails") {
            continue;
        }
        if let Some(details) = details.as_object_mut() {
            for field in ["input", "output", "parameters"] {
                details.remove(field);
            }
        }
    }
}

/// The events an earlier run of a resumed execution wrote, and how far the new run is.
struct Replay {
    recorded: Vec<Value>,
    /// The id of the last event the run wrote.
    last_id: AtomicU64,
}

impl Replay {
    /// The recorded answer to the task the event `started` started: the recorded event that
    /// ends it (`…Succeeded`, `…Failed`, `…TimedOut`), found along `previousEventId` through a
    /// `…Submitted`. `None` when the earlier run ended before the answer came.
    fn outcome_after(&self, started: u64) -> Option<TaskOutcome> {
        let mut at = started;
        loop {
            let next = self.recorded.iter().find(|e| {
                e.get("previousEventId").and_then(Value::as_u64) == Some(at)
                    && e.get("id").and_then(Value::as_u64) > Some(at)
            })?;
            let kind = next.get("type").and_then(Value::as_str)?;
            let details = next
                .as_object()?
                .iter()
                .find(|(k, _)| k.ends_with("EventDetails"))
                .map(|(_, v)| v);
            let text = |field: &str| {
                details
                    .and_then(|d| d.get(field))
                    .and_then(Value::as_str)
                    .map(str::to_string)
            };
            if kind.ends_with("Submitted") {
                at = next.get("id").and_then(Value::as_u64)?;
            } else if kind.ends_with("Succeeded") {
                let output = text("output").unwrap_or_else(|| "null".into());
                return Some(TaskOutcome::Return(
                    serde_json::from_str(&output).unwrap_or(Value::Null),
                ));
            } else if kind.ends_with("TimedOut") {
                return Some(match text("error").as_deref() {
                    Some("States.HeartbeatTimeout") => TaskOutcome::HeartbeatTimeout,
                    _ => TaskOutcome::Timeout,
                });
            } else if kind.ends_with("Failed") {
                return Some(TaskOutcome::Throw {
                    error: text("error").unwrap_or_default(),
                    cause: text("cause"),
                });
            } else {
                return None;
            }
        }
    }
}

/// An event's time in milliseconds since the epoch (the wire shape has epoch seconds).
fn event_ms(event: &Value) -> i64 {
    event
        .get("timestamp")
        .and_then(Value::as_f64)
        .map_or(0, |s| (s * 1000.0).round() as i64)
}
