//! State machines, their versions and aliases, tags, and `ValidateStateMachineDefinition`.

use super::*;

impl Service {
    pub(super) fn machine(&self, arn: &str) -> Result<MachineRecord, ApiError> {
        if split_machine_arn(arn).is_none() {
            return Err(ApiError::invalid_arn(arn));
        }
        self.store.load(Kind::StateMachine, arn).ok_or_else(|| {
            ApiError::new(
                "StateMachineDoesNotExist",
                format!("State Machine Does Not Exist: '{arn}'"),
            )
        })
    }

    pub(super) fn machine_arn(name: &str) -> String {
        format!("arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:{name}")
    }

    pub(super) fn create_state_machine(&self, body: &Value) -> Result<Value, ApiError> {
        let name = required(body, "name")?;
        let definition = required(body, "definition")?;
        let role_arn = required(body, "roleArn")?;
        check_name(name)?;
        check_role(role_arn)?;
        let (type_name, machine_type) = machine_type_of(body)?;
        check_definition(definition, machine_type)?;
        let arn = Self::machine_arn(name);
        let _guard = self.locked();
        if let Some(existing) = self.store.load::<MachineRecord>(Kind::StateMachine, &arn) {
            // The same request again is answered as the first; a different one is refused.
            if existing.definition == definition
                && existing.role_arn == role_arn
                && existing.machine_type == type_name
            {
                return Ok(json!({"stateMachineArn": arn, "creationDate": existing.created}));
            }
            return Err(ApiError::new(
                "StateMachineAlreadyExists",
                format!("State Machine Already Exists: '{arn}'"),
            ));
        }
        let mut machine = MachineRecord {
            arn: arn.clone(),
            name: name.to_string(),
            definition: definition.to_string(),
            role_arn: role_arn.to_string(),
            machine_type: type_name,
            created: now_seconds(),
            revision_id: self.uuid(),
            description: String::new(),
            logging: body
                .get("loggingConfiguration")
                .cloned()
                .unwrap_or_else(|| json!({"level": "OFF", "includeExecutionData": false})),
            tracing: body
                .get("tracingConfiguration")
                .cloned()
                .unwrap_or_else(|| json!({"enabled": false})),
            next_version: 1,
        };
        let mut response = json!({"stateMachineArn": arn, "creationDate": machine.created});
        if body.get("publish").and_then(Value::as_bool) == Some(true) {
            let version = self.new_version(&mut machine, str_field(body, "versionDescription"));
            response["stateMachineVersionArn"] = Value::String(version.arn);
        }
        self.store.save(Kind::StateMachine, &arn, &machine);
        self.merge_tags(&arn, body.get("tags"))?;
        Ok(response)
    }

    /// Publishes the machine's current revision as its next version.
    pub(super) fn new_version(
        &self,
        machine: &mut MachineRecord,
        description: Option<&str>,
    ) -> VersionRecord {
        let version = VersionRecord {
            arn: format!("{}:{}", machine.arn, machine.next_version),
            machine_arn: machine.arn.clone(),
            definition: machine.definition.clone(),
            role_arn: machine.role_arn.clone(),
            machine_type: machine.machine_type.clone(),
            revision_id: machine.revision_id.clone(),
            description: description.unwrap_or_default().to_string(),
            created: now_seconds(),
        };
        machine.next_version += 1;
        self.store.save(Kind::Version, &version.arn, &version);
        version
    }

    pub(super) fn update_state_machine(&self, body: &Value) -> Result<Value, ApiError> {
        let arn = required(body, "stateMachineArn")?;
        let _guard = self.locked();
        let mut machine = self.machine(arn)?;
        let definition = str_field(body, "definition");
        let role_arn = str_field(body, "roleArn");
        let publish = body.get("publish").and_then(Value::as_bool) == Some(true);
        if definition.is_none()
            && role_arn.is_none()
            && body.get("loggingConfiguration").is_none()
            && body.get("tracingConfiguration").is_none()
            && !publish
        {
            return Err(ApiError::new(
                "MissingRequiredParameter",
                "Either the definition, the roleArn, the loggingConfiguration or the tracingConfiguration must be specified",
            ));
        }
        if let Some(definition) = definition {
            check_definition(definition, parse_type(&machine.machine_type))?;
        }
        if let Some(role_arn) = role_arn {
            check_role(role_arn)?;
        }
        let changed = definition.is_some_and(|d| d != machine.definition)
            || role_arn.is_some_and(|r| r != machine.role_arn);
        if let Some(definition) = definition {
            machine.definition = definition.to_string();
        }
        if let Some(role_arn) = role_arn {
            machine.role_arn = role_arn.to_string();
        }
        if let Some(logging) = body.get("loggingConfiguration") {
            machine.logging = logging.clone();
        }
        if let Some(tracing) = body.get("tracingConfiguration") {
            machine.tracing = tracing.clone();
        }
        if changed {
            machine.revision_id = self.uuid();
        }
        let mut response = json!({"updateDate": now_seconds(), "revisionId": machine.revision_id});
        if publish {
            let version = self.new_version(&mut machine, str_field(body, "versionDescription"));
            response["stateMachineVersionArn"] = Value::String(version.arn);
        }
        self.store.save(Kind::StateMachine, arn, &machine);
        Ok(response)
    }

    pub(super) fn describe_state_machine(&self, body: &Value) -> Result<Value, ApiError> {
        let arn = required(body, "stateMachineArn")?;
        let (base, qualifier) = split_machine_arn(arn).ok_or_else(|| ApiError::invalid_arn(arn))?;
        let machine = self.machine(&base)?;
        let mut response = json!({
            "stateMachineArn": arn,
            "name": machine.name,
            "status": "ACTIVE",
            "definition": machine.definition,
            "roleArn": machine.role_arn,
            "type": machine.machine_type,
            "creationDate": machine.created,
            "loggingConfiguration": machine.logging,
            "tracingConfiguration": machine.tracing,
            "revisionId": machine.revision_id,
        });
        if qualifier.is_some() {
            let version: VersionRecord = self.store.load(Kind::Version, arn).ok_or_else(|| {
                ApiError::new(
                    "StateMachineDoesNotExist",
                    format!("State Machine Does Not Exist: '{arn}'"),
                )
            })?;
            response["definition"] = Value::String(version.definition);
            response["roleArn"] = Value::String(version.role_arn);
            response["revisionId"] = Value::String(version.revision_id);
            response["creationDate"] = json!(version.created);
            if !version.description.is_empty() {
                response["description"] = Value::String(version.description);
            }
        }
        Ok(response)
    }

    pub(super) fn list_state_machines(&self, body: &Value) -> Result<Value, ApiError> {
        let machines: Vec<MachineRecord> = self.store.load_all(Kind::StateMachine);
        let (machines, next) = page(machines, body)?;
        let items: Vec<Value> = machines
            .iter()
            .map(|m| {
                json!({"stateMachineArn": m.arn, "name": m.name, "type": m.machine_type,
                       "creationDate": m.created})
            })
            .collect();
        Ok(with_next(json!({"stateMachines": items}), next))
    }

    pub(super) fn delete_state_machine(&self, body: &Value) -> Result<Value, ApiError> {
        let arn = required(body, "stateMachineArn")?;
        let (base, qualifier) = split_machine_arn(arn).ok_or_else(|| ApiError::invalid_arn(arn))?;
        if qualifier.is_some() {
            return Err(ApiError::validation(
                "Use DeleteStateMachineVersion or DeleteStateMachineAlias for a qualified ARN",
            ));
        }
        let _guard = self.locked();
        // Deleting what does not exist succeeds, as AWS.
        self.store.delete(Kind::StateMachine, &base);
        for version in self.store.load_all::<VersionRecord>(Kind::Version) {
            if version.machine_arn == base {
                self.store.delete(Kind::Version, &version.arn);
            }
        }
        for alias in self.store.load_all::<AliasRecord>(Kind::Alias) {
            if alias.machine_arn == base {
                self.store.delete(Kind::Alias, &alias.arn);
            }
        }
        self.store.delete(Kind::Tags, &base);
        Ok(json!({}))
    }

    pub(super) fn publish_version(&self, body: &Value) -> Result<Value, ApiError> {
        let arn = required(body, "stateMachineArn")?;
        let _guard = self.locked();
        let mut machine = self.machine(arn)?;
        if let Some(revision) = str_field(body, "revisionId")
            && revision != machine.revision_id
        {
            return Err(ApiError::new(
                "ConflictException",
                format!(
                    "The revisionId '{revision}' is not the state machine's current revision '{}'",
                    machine.revision_id
                ),
            ));
        }
        // Publishing a revision already published answers with that version, as AWS.
        if let Some(existing) = self
            .store
            .load_all::<VersionRecord>(Kind::Version)
            .into_iter()
            .find(|v| v.machine_arn == machine.arn && v.revision_id == machine.revision_id)
        {
            return Ok(json!({"stateMachineVersionArn": existing.arn,
                             "creationDate": existing.created}));
        }
        let version = self.new_version(&mut machine, str_field(body, "description"));
        self.store.save(Kind::StateMachine, arn, &machine);
        Ok(json!({"stateMachineVersionArn": version.arn, "creationDate": version.created}))
    }

    pub(super) fn versions_of(&self, machine_arn: &str) -> Vec<VersionRecord> {
        let mut versions: Vec<VersionRecord> = self
            .store
            .load_all::<VersionRecord>(Kind::Version)
            .into_iter()
            .filter(|v| v.machine_arn == machine_arn)
            .collect();
        let number = |v: &VersionRecord| {
            v.arn
                .rsplit(':')
                .next()
                .and_then(|n| n.parse::<u64>().ok())
                .unwrap_or(0)
        };
        // Newest first, as AWS lists them.
        versions.sort_by_key(|v| std::cmp::Reverse(number(v)));
        versions
    }

    pub(super) fn list_versions(&self, body: &Value) -> Result<Value, ApiError> {
        let arn = required(body, "stateMachineArn")?;
        self.machine(arn)?;
        let (versions, next) = page(self.versions_of(arn), body)?;
        let items: Vec<Value> = versions
            .iter()
            .map(|v| json!({"stateMachineVersionArn": v.arn, "creationDate": v.created}))
            .collect();
        Ok(with_next(json!({"stateMachineVersions": items}), next))
    }

    pub(super) fn delete_version(&self, body: &Value) -> Result<Value, ApiError> {
        let arn = required(body, "stateMachineVersionArn")?;
        match split_machine_arn(arn) {
            Some((_, Some(q))) if q.parse::<u64>().is_ok() => {}
            _ => return Err(ApiError::invalid_arn(arn)),
        }
        let _guard = self.locked();
        if let Some(alias) = self
            .store
            .load_all::<AliasRecord>(Kind::Alias)
            .into_iter()
            .find(|a| a.routing.iter().any(|r| r.version_arn == arn))
        {
            return Err(ApiError::new(
                "ConflictException",
                format!(
                    "Version to be deleted must not be referenced by an alias. Current list of aliases referencing this version: [{}]",
                    alias.arn
                ),
            ));
        }
        self.store.delete(Kind::Version, arn);
        Ok(json!({}))
    }

    pub(super) fn routing(&self, machine_arn: &str, body: &Value) -> Result<Vec<Route>, ApiError> {
        let routes: Vec<Route> = body
            .get("routingConfiguration")
            .cloned()
            .map(serde_json::from_value)
            .transpose()
            .map_err(|e| ApiError::validation(format!("Invalid routingConfiguration: {e}")))?
            .ok_or_else(|| ApiError::validation("routingConfiguration is required"))?;
        if routes.is_empty() || routes.len() > 2 {
            return Err(ApiError::validation(
                "routingConfiguration must name one or two versions",
            ));
        }
        if routes.iter().map(|r| r.weight).sum::<u64>() != 100 {
            return Err(ApiError::validation(
                "The weights of routingConfiguration must add up to 100",
            ));
        }
        for route in &routes {
            let version: Option<VersionRecord> = self.store.load(Kind::Version, &route.version_arn);
            if version.is_none_or(|v| v.machine_arn != machine_arn) {
                return Err(ApiError::new(
                    "ResourceNotFound",
                    format!("Resource not found: '{}'", route.version_arn),
                ));
            }
        }
        Ok(routes)
    }

    pub(super) fn create_alias(&self, body: &Value) -> Result<Value, ApiError> {
        let name = required(body, "name")?;
        check_name(name)?;
        if name.parse::<u64>().is_ok() {
            return Err(ApiError::new(
                "InvalidName",
                format!("Invalid Name: '{name}' (an alias name is not a number)"),
            ));
        }
        let first = body
            .get("routingConfiguration")
            .and_then(|r| r.get(0))
            .and_then(|r| str_field(r, "stateMachineVersionArn"))
            .ok_or_else(|| ApiError::validation("routingConfiguration is required"))?;
        let (machine_arn, _) =
            split_machine_arn(first).ok_or_else(|| ApiError::invalid_arn(first))?;
        let _guard = self.locked();
        self.machine(&machine_arn)?;
        let routing = self.routing(&machine_arn, body)?;
        let arn = format!("{machine_arn}:{name}");
        if let Some(existing) = self.store.load::<AliasRecord>(Kind::Alias, &arn) {
            return Err(ApiError::new(
                "ConflictException",
                format!("Alias '{}' already exists", existing.arn),
            ));
        }
        let now = now_seconds();
        let alias = AliasRecord {
            arn: arn.clone(),
            machine_arn,
            name: name.to_string(),
            description: str_field(body, "description").unwrap_or_default().into(),
            routing,
            created: now,
            updated: now,
        };
        self.store.save(Kind::Alias, &arn, &alias);
        Ok(json!({"stateMachineAliasArn": arn, "creationDate": now}))
    }

    pub(super) fn alias(&self, arn: &str) -> Result<AliasRecord, ApiError> {
        match split_machine_arn(arn) {
            Some((_, Some(q))) if q.parse::<u64>().is_err() => {}
            _ => return Err(ApiError::invalid_arn(arn)),
        }
        self.store.load(Kind::Alias, arn).ok_or_else(|| {
            ApiError::new("ResourceNotFound", format!("Resource not found: '{arn}'"))
        })
    }

    pub(super) fn update_alias(&self, body: &Value) -> Result<Value, ApiError> {
        let arn = required(body, "stateMachineAliasArn")?;
        let _guard = self.locked();
        let mut alias = self.alias(arn)?;
        if body.get("routingConfiguration").is_some() {
            alias.routing = self.routing(&alias.machine_arn, body)?;
        }
        if let Some(description) = str_field(body, "description") {
            alias.description = description.to_string();
        }
        alias.updated = now_seconds();
        self.store.save(Kind::Alias, arn, &alias);
        Ok(json!({"updateDate": alias.updated}))
    }

    pub(super) fn describe_alias(&self, body: &Value) -> Result<Value, ApiError> {
        let alias = self.alias(required(body, "stateMachineAliasArn")?)?;
        let mut response = json!({
            "stateMachineAliasArn": alias.arn,
            "name": alias.name,
            "routingConfiguration": alias.routing,
            "creationDate": alias.created,
            "updateDate": alias.updated,
        });
        if !alias.description.is_empty() {
            response["description"] = Value::String(alias.description);
        }
        Ok(response)
    }

    pub(super) fn delete_alias(&self, body: &Value) -> Result<Value, ApiError> {
        let arn = required(body, "stateMachineAliasArn")?;
        let _guard = self.locked();
        self.alias(arn)?;
        self.store.delete(Kind::Alias, arn);
        Ok(json!({}))
    }

    pub(super) fn list_aliases(&self, body: &Value) -> Result<Value, ApiError> {
        let arn = required(body, "stateMachineArn")?;
        self.machine(arn)?;
        let aliases: Vec<AliasRecord> = self
            .store
            .load_all::<AliasRecord>(Kind::Alias)
            .into_iter()
            .filter(|a| a.machine_arn == arn)
            .collect();
        let (aliases, next) = page(aliases, body)?;
        let items: Vec<Value> = aliases
            .iter()
            .map(|a| json!({"stateMachineAliasArn": a.arn, "creationDate": a.created}))
            .collect();
        Ok(with_next(json!({"stateMachineAliases": items}), next))
    }

    // --- tags -----------------------------------------------------------------------------

    pub(super) fn check_taggable(&self, arn: &str) -> Result<(), ApiError> {
        let exists = if is_activity_arn(arn) {
            self.store.get(Kind::Activity, arn).is_some()
        } else if split_machine_arn(arn).is_some() {
            self.store.get(Kind::StateMachine, arn).is_some()
        } else {
            return Err(ApiError::invalid_arn(arn));
        };
        if exists {
            Ok(())
        } else {
            Err(ApiError::new(
                "ResourceNotFound",
                format!("Resource not found: '{arn}'"),
            ))
        }
    }

    pub(super) fn merge_tags(&self, arn: &str, tags: Option<&Value>) -> Result<(), ApiError> {
        let Some(tags) = tags else {
            return Ok(());
        };
        let list = tags
            .as_array()
            .ok_or_else(|| ApiError::validation("tags must be a list of {key, value}"))?;
        let mut current = self
            .store
            .get(Kind::Tags, arn)
            .and_then(|v| v.as_object().cloned())
            .unwrap_or_default();
        for tag in list {
            let key = str_field(tag, "key")
                .ok_or_else(|| ApiError::validation("every tag needs a key"))?;
            let value = str_field(tag, "value").unwrap_or_default();
            current.insert(key.to_string(), Value::String(value.to_string()));
        }
        if current.len() > 50 {
            return Err(ApiError::new(
                "TooManyTags",
                format!("Too many tags on '{arn}': at most 50"),
            ));
        }
        self.store.put(Kind::Tags, arn, Value::Object(current));
        Ok(())
    }

    pub(super) fn tag_resource(&self, body: &Value) -> Result<Value, ApiError> {
        let arn = required(body, "resourceArn")?;
        self.check_taggable(arn)?;
        let _guard = self.locked();
        self.merge_tags(arn, Some(body.get("tags").unwrap_or(&json!([]))))?;
        Ok(json!({}))
    }

    pub(super) fn untag_resource(&self, body: &Value) -> Result<Value, ApiError> {
        let arn = required(body, "resourceArn")?;
        self.check_taggable(arn)?;
        let _guard = self.locked();
        let mut current = self
            .store
            .get(Kind::Tags, arn)
            .and_then(|v| v.as_object().cloned())
            .unwrap_or_default();
        for key in body
            .get("tagKeys")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            current.remove(key);
        }
        self.store.put(Kind::Tags, arn, Value::Object(current));
        Ok(json!({}))
    }

    pub(super) fn list_tags(&self, body: &Value) -> Result<Value, ApiError> {
        let arn = required(body, "resourceArn")?;
        self.check_taggable(arn)?;
        let tags = self
            .store
            .get(Kind::Tags, arn)
            .and_then(|v| v.as_object().cloned())
            .unwrap_or_default();
        Ok(json!({"tags": tag_list(&tags)}))
    }

    // --- validation -----------------------------------------------------------------------

    pub(super) fn validate_definition(&self, body: &Value) -> Result<Value, ApiError> {
        let definition = required(body, "definition")?;
        let (_, machine_type) = machine_type_of(body)?;
        let threshold_warnings = match str_field(body, "severity").unwrap_or("ERROR") {
            "ERROR" => false,
            "WARNING" => true,
            other => {
                return Err(ApiError::validation(format!(
                    "1 validation error detected: Value '{other}' at 'severity' failed to satisfy constraint: Member must satisfy enum value set: [ERROR, WARNING]"
                )));
            }
        };
        let max = match body.get("maxResults").and_then(Value::as_u64) {
            None | Some(0) => 100,
            Some(n) => n.min(100) as usize,
        };
        let found = diagnostics(definition, machine_type);
        let result = if found.iter().any(Diagnostic::is_error) {
            "FAIL"
        } else {
            "OK"
        };
        let shown: Vec<&Diagnostic> = found
            .iter()
            .filter(|d| threshold_warnings || d.severity == Severity::Error)
            .collect();
        let truncated = shown.len() > max;
        let items: Vec<Value> = shown
            .iter()
            .take(max)
            .map(|d| {
                let mut item = json!({
                    "severity": if d.severity == Severity::Error { "ERROR" } else { "WARNING" },
                    "code": aws_code(d),
                    "message": d.message,
                });
                if !d.location.pointer.is_empty() {
                    item["location"] = Value::String(d.location.pointer.clone());
                }
                item
            })
            .collect();
        Ok(json!({"result": result, "diagnostics": items, "truncated": truncated}))
    }
}
