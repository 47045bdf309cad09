//! Step Functions Local's mock configuration file (`MockConfigFile`): per state machine, test
//! cases that name a mocked response per state; each mocked response answers by call count
//! (`"0"`, `"1-2"`) with a `Return` value or a `Throw` error.

use crate::mock::{Mocks, TaskOutcome};
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// The whole file.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MockConfig {
    #[serde(default)]
    pub state_machines: BTreeMap<String, MockedMachine>,
    #[serde(default)]
    pub mocked_responses: BTreeMap<String, BTreeMap<String, MockedAnswer>>,
}

/// The test cases of one state machine.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MockedMachine {
    /// Test case name → (state name → mocked response name).
    #[serde(default)]
    pub test_cases: BTreeMap<String, BTreeMap<String, String>>,
}

/// One answer of a mocked response.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MockedAnswer {
    pub r#return: Option<Value>,
    pub throw: Option<MockedThrow>,
}

/// `Throw`: the error a call fails with.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MockedThrow {
    pub error: String,
    #[serde(default)]
    pub cause: Option<String>,
}

/// Why a mock configuration cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MockConfigError {
    #[error("the mock configuration is not valid JSON of the MockConfigFile shape: {0}")]
    Syntax(String),
    #[error("the mock configuration has no state machine '{0}'")]
    UnknownMachine(String),
    #[error("state machine '{machine}' has no test case '{test_case}'")]
    UnknownTestCase { machine: String, test_case: String },
    #[error("the mock configuration has {0} test cases; choose one")]
    AmbiguousTestCase(usize),
    #[error("no state machine of the mock configuration has the test case '{0}'")]
    NoSuchTestCase(String),
    #[error("test case '{test_case}' names the mocked response '{response}', which is not defined")]
    UnknownResponse { test_case: String, response: String },
    #[error(
        "mocked response '{response}' has an invalid call range '{range}' (use \"0\" or \"1-2\")"
    )]
    BadRange { response: String, range: String },
}

impl MockConfig {
    pub fn from_json(text: &str) -> Result<MockConfig, MockConfigError> {
        serde_json::from_str(text).map_err(|e| MockConfigError::Syntax(e.to_string()))
    }

    /// The mocks of the test case `test_case` of whichever state machine has it, or of the only
    /// test case the file holds when `test_case` is `None`.
    pub fn test_case_mocks(&self, test_case: Option<&str>) -> Result<Mocks, MockConfigError> {
        let test_case = match test_case {
            Some(name) => name.to_string(),
            None => {
                let cases: Vec<&String> = self
                    .state_machines
                    .values()
                    .flat_map(|m| m.test_cases.keys())
                    .collect();
                match cases.as_slice() {
                    [only] => (*only).clone(),
                    _ => return Err(MockConfigError::AmbiguousTestCase(cases.len())),
                }
            }
        };
        let machine = self
            .state_machines
            .iter()
            .find(|(_, m)| m.test_cases.contains_key(&test_case))
            .map(|(name, _)| name.clone())
            .ok_or(MockConfigError::NoSuchTestCase(test_case.clone()))?;
        self.mocks(Some(&machine), &test_case)
    }

    /// The mocks of one test case: each listed state answers by its call count. `machine` may
    /// be omitted when the file describes one state machine only.
    pub fn mocks(&self, machine: Option<&str>, test_case: &str) -> Result<Mocks, MockConfigError> {
        let (machine_name, machine) = match machine {
            Some(name) => (
                name.to_string(),
                self.state_machines
                    .get(name)
                    .ok_or_else(|| MockConfigError::UnknownMachine(name.to_string()))?,
            ),
            None => match self.state_machines.iter().next() {
                Some((name, m)) if self.state_machines.len() == 1 => (name.clone(), m),
                _ => return Err(MockConfigError::UnknownMachine(String::new())),
            },
        };
        let case =
            machine
                .test_cases
                .get(test_case)
                .ok_or_else(|| MockConfigError::UnknownTestCase {
                    machine: machine_name.clone(),
                    test_case: test_case.to_string(),
                })?;
        let mut mocks = Mocks::default();
        for (state, response_name) in case {
            let answers = self.mocked_responses.get(response_name).ok_or_else(|| {
                MockConfigError::UnknownResponse {
                    test_case: test_case.to_string(),
                    response: response_name.clone(),
                }
            })?;
            let mut ranges = Vec::new();
            for (range, answer) in answers {
                let (from, to) = parse_range(range).ok_or_else(|| MockConfigError::BadRange {
                    response: response_name.clone(),
                    range: range.clone(),
                })?;
                ranges.push((from, to, outcome_of(answer)));
            }
            let response_name = response_name.clone();
            mocks.on_state(state.clone(), move |call| {
                ranges
                    .iter()
                    .find(|(from, to, _)| (*from..=*to).contains(&call.call_count))
                    .map(|(_, _, outcome)| outcome.clone())
                    .unwrap_or_else(|| {
                        TaskOutcome::throw(
                            "States.Runtime",
                            format!(
                                "the mocked response '{response_name}' has no answer for call {}",
                                call.call_count
                            ),
                        )
                    })
            });
        }
        Ok(mocks)
    }
}

/// `"0"` → (0, 0); `"1-2"` → (1, 2).
fn parse_range(text: &str) -> Option<(u32, u32)> {
    match text.split_once('-') {
        Some((from, to)) => {
            let (from, to) = (from.trim().parse().ok()?, to.trim().parse().ok()?);
            (from <= to).then_some((from, to))
        }
        None => {
            let n = text.trim().parse().ok()?;
            Some((n, n))
        }
    }
}

fn outcome_of(answer: &MockedAnswer) -> TaskOutcome {
    match (&answer.r#return, &answer.throw) {
        (_, Some(throw)) => TaskOutcome::Throw {
            error: throw.error.clone(),
            cause: throw.cause.clone(),
        },
        (Some(value), None) => TaskOutcome::Return(value.clone()),
        (None, None) => TaskOutcome::Return(Value::Null),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mock::TaskCall;

    #[test]
    fn answers_by_call_count() {
        let config = MockConfig::from_json(
            r#"{"StateMachines": {"M": {"TestCases": {"Happy": {"Charge": "charge"}}}},
                "MockedResponses": {"charge": {
                    "0": {"Throw": {"Error": "Busy", "Cause": "try again"}},
                    "1-2": {"Return": {"ok": true}}}}}"#,
        )
        .unwrap();
        let mut mocks = config.mocks(None, "Happy").unwrap();
        let input = Value::Null;
        let call = TaskCall {
            state: "Charge",
            resource: "arn:aws:states:::lambda:invoke",
            input: &input,
            call_count: 0,
            task_token: None,
            timeout_seconds: None,
            heartbeat_seconds: None,
        };
        assert_eq!(
            mocks.answer(&call),
            Some(TaskOutcome::throw("Busy", "try again"))
        );
        assert_eq!(
            mocks.answer(&call),
            Some(TaskOutcome::Return(serde_json::json!({"ok": true})))
        );
        assert!(matches!(
            config.mocks(Some("Other"), "Happy"),
            Err(MockConfigError::UnknownMachine(_))
        ));
    }
}
