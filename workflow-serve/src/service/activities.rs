//! Activities, `GetActivityTask` and the answers to activity tasks and task tokens.

use super::*;

impl Service {
    pub(super) fn activity(&self, arn: &str) -> Result<ActivityRecord, ApiError> {
        if !is_activity_arn(arn) {
            return Err(ApiError::invalid_arn(arn));
        }
        self.store.load(Kind::Activity, arn).ok_or_else(|| {
            ApiError::new(
                "ActivityDoesNotExist",
                format!("Activity Does Not Exist: '{arn}'"),
            )
        })
    }

    pub(super) fn create_activity(&self, body: &Value) -> Result<Value, ApiError> {
        let name = required(body, "name")?;
        check_name(name)?;
        let arn = format!("arn:aws:states:{REGION}:{ACCOUNT}:activity:{name}");
        let _guard = self.locked();
        // Creating an activity that exists answers with it, as AWS.
        let activity = match self.store.load::<ActivityRecord>(Kind::Activity, &arn) {
            Some(existing) => existing,
            None => {
                let activity = ActivityRecord {
                    arn: arn.clone(),
                    name: name.to_string(),
                    created: now_seconds(),
                };
                self.store.save(Kind::Activity, &arn, &activity);
                activity
            }
        };
        self.merge_tags(&arn, body.get("tags"))?;
        Ok(json!({"activityArn": activity.arn, "creationDate": activity.created}))
    }

    pub(super) fn describe_activity(&self, body: &Value) -> Result<Value, ApiError> {
        let a = self.activity(required(body, "activityArn")?)?;
        Ok(json!({"activityArn": a.arn, "name": a.name, "creationDate": a.created}))
    }

    pub(super) fn list_activities(&self, body: &Value) -> Result<Value, ApiError> {
        let activities: Vec<ActivityRecord> = self.store.load_all(Kind::Activity);
        let (activities, next) = page(activities, body)?;
        let items: Vec<Value> = activities
            .iter()
            .map(|a| json!({"activityArn": a.arn, "name": a.name, "creationDate": a.created}))
            .collect();
        Ok(with_next(json!({"activities": items}), next))
    }

    pub(super) fn delete_activity(&self, body: &Value) -> Result<Value, ApiError> {
        let arn = required(body, "activityArn")?;
        if !is_activity_arn(arn) {
            return Err(ApiError::invalid_arn(arn));
        }
        let _guard = self.locked();
        self.store.delete(Kind::Activity, arn);
        self.store.delete(Kind::Tags, arn);
        Ok(json!({}))
    }

    pub(super) fn get_activity_task(&self, body: &Value) -> Result<Value, ApiError> {
        let arn = required(body, "activityArn")?;
        self.activity(arn)?;
        // No task within the long poll: an empty answer, as AWS.
        Ok(match self.broker.poll(arn, LONG_POLL) {
            Some(task) => json!({"taskToken": task.token, "input": task.input}),
            None => json!({}),
        })
    }

    pub(super) fn token(body: &Value) -> Result<&str, ApiError> {
        let token = required(body, "taskToken")?;
        if token.is_empty() || token.len() > 2048 {
            return Err(ApiError::new(
                "InvalidToken",
                format!("Invalid Token: '{token}'"),
            ));
        }
        Ok(token)
    }

    pub(super) fn token_answer(
        &self,
        result: Result<(), TokenError>,
        token: &str,
    ) -> Result<Value, ApiError> {
        match result {
            Ok(()) => Ok(json!({})),
            Err(TokenError::TaskDoesNotExist) => Err(ApiError::new(
                "TaskDoesNotExist",
                format!("Task Does Not Exist: '{token}'"),
            )),
            Err(TokenError::TaskTimedOut) => Err(ApiError::new(
                "TaskTimedOut",
                format!("Task Timed Out: '{token}'"),
            )),
        }
    }

    pub(super) fn send_task_success(&self, body: &Value) -> Result<Value, ApiError> {
        let token = Self::token(body)?;
        let output = required(body, "output")?;
        let output: Value = serde_json::from_str(output)
            .map_err(|e| ApiError::new("InvalidOutput", format!("Invalid Output: '{e}'")))?;
        self.token_answer(
            self.broker.answer(token, TaskOutcome::Return(output)),
            token,
        )
    }

    pub(super) fn send_task_failure(&self, body: &Value) -> Result<Value, ApiError> {
        let token = Self::token(body)?;
        let outcome = TaskOutcome::Throw {
            error: str_field(body, "error").unwrap_or_default().to_string(),
            cause: str_field(body, "cause").map(str::to_string),
        };
        self.token_answer(self.broker.answer(token, outcome), token)
    }

    pub(super) fn send_task_heartbeat(&self, body: &Value) -> Result<Value, ApiError> {
        let token = Self::token(body)?;
        self.token_answer(self.broker.beat(token), token)
    }
}
