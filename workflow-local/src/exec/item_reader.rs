//! A distributed Map's `ItemReader`: the reader's call goes to the mocks like a task's (the
//! mock stands for the S3 object or listing), and its answer is parsed as the `ReaderConfig`
//! says: a JSON array, JSON Lines, CSV with given or first-row headers, or an S3 listing.

use super::{Current, Engine, Frame, Halt};
use crate::data::{self, Outcome};
use crate::eval::Failure;
use crate::mock::{TaskCall, TaskOutcome};
use serde_json::{Map, Value};
use workflow_core::model::{CsvDelimiter, CsvHeaderLocation, Dyn, InputType, Io, ItemReader, Json};

const READER_FAILED: &str = "States.ItemReaderFailed";

impl Engine<'_> {
    /// The items an `ItemReader` reads, at most `MaxItems` of them.
    pub(crate) fn read_items(
        &mut self,
        current: &Current,
        io: &Io,
        reader: &ItemReader,
        effective: &Value,
        frame: &Frame,
    ) -> Result<Vec<Value>, Halt> {
        let config = reader.reader_config.clone().unwrap_or_default();
        let max_items = match &config.max_items {
            None => None,
            Some(Dyn::Value(n)) => n.as_i64(),
            Some(Dyn::Path(dynamic)) => {
                let context = self.context(current, frame);
                data::evaluate_dynamic(dynamic, self.env(effective, &context, frame))
                    .map_err(|f| self.evaluation_failed(current, Some("MaxItemsPath"), f))?
                    .and_then(|v| v.as_i64())
            }
            Some(Dyn::Expr(expr)) => {
                let context = self.context(current, frame);
                data::evaluate_jsonata(
                    expr,
                    self.env(effective, &context, frame),
                    Outcome::default(),
                    "MaxItems",
                )
                .map_err(|f| self.evaluation_failed(current, Some("MaxItems"), f))?
                .as_i64()
            }
        };
        if max_items.is_some_and(|n| n < 0) {
            return Err(Halt::Failed(Failure::new(
                READER_FAILED,
                "field MaxItems must be positive",
            )));
        }
        let headers = match (config.csv_header_location, &config.csv_headers) {
            (Some(CsvHeaderLocation::Given), Some(Json::Array(given))) => {
                let names: Vec<String> = given
                    .iter()
                    .map(|h| match h {
                        Json::String(s) => s.clone(),
                        _ => String::new(),
                    })
                    .collect();
                if names
                    .iter()
                    .enumerate()
                    .any(|(i, n)| names[..i].contains(n))
                {
                    return Err(Halt::Failed(Failure::new(
                        READER_FAILED,
                        "CSV headers cannot contain duplicates.",
                    )));
                }
                Some(names)
            }
            _ => None,
        };
        let parameters = match (&reader.parameters, io) {
            (None, _) => Value::Object(Map::new()),
            (Some(template), Io::JsonPath(_)) => {
                self.payload(current, template, effective, frame, "ItemReader")?
            }
            (Some(template), Io::Jsonata(_)) => self.jsonata(
                current,
                template,
                effective,
                Outcome::default(),
                frame,
                "ItemReader",
            )?,
        };
        let arn = reader.resource.as_str().unwrap_or_default().to_string();
        let call = TaskCall {
            state: current.name,
            resource: &arn,
            input: &parameters,
            call_count: 0,
            task_token: None,
            timeout_seconds: None,
            heartbeat_seconds: None,
        };
        let answer = match self.mocks.answer(&call) {
            Some(TaskOutcome::Return(value)) => value,
            Some(TaskOutcome::Throw { error, cause }) => {
                return Err(Halt::Failed(Failure::new(error, cause.unwrap_or_default())));
            }
            Some(TaskOutcome::Timeout) => {
                return Err(Halt::Failed(Failure::new("States.Timeout", "")));
            }
            Some(TaskOutcome::HeartbeatTimeout) => {
                return Err(Halt::Failed(Failure::new("States.HeartbeatTimeout", "")));
            }
            None => {
                return Err(Halt::Fatal(Failure::new(
                    "States.Runtime",
                    format!(
                        "No mock answers the item reader of the Map state '{}' (resource '{arn}').",
                        current.name
                    ),
                )));
            }
        };
        let mut items = match config.input_type {
            Some(InputType::Json) => json_items(answer)?,
            Some(InputType::Jsonl) => jsonl_items(&text_of(answer))?,
            Some(InputType::Csv) => {
                let delimiter = match config.csv_delimiter {
                    Some(CsvDelimiter::Pipe) => '|',
                    Some(CsvDelimiter::Semicolon) => ';',
                    Some(CsvDelimiter::Space) => ' ',
                    Some(CsvDelimiter::Tab) => '\t',
                    Some(CsvDelimiter::Comma) | None => ',',
                };
                csv_items(&text_of(answer), delimiter, headers)?
            }
            // An S3 listing (`listObjectsV2`): one item per object.
            _ => match answer {
                Value::Object(mut listing) => match listing.remove("Contents") {
                    Some(Value::Array(objects)) => objects,
                    _ => Vec::new(),
                },
                Value::Array(items) => items,
                other => json_items(other)?,
            },
        };
        if let Some(n) = max_items.filter(|n| *n > 0) {
            items.truncate(usize::try_from(n).unwrap_or(usize::MAX));
        }
        Ok(items)
    }
}

/// The object's text: a mock may answer with the text or with the parsed JSON.
fn text_of(answer: Value) -> String {
    match answer {
        Value::String(text) => text,
        other => data::compact(&other),
    }
}

fn json_items(answer: Value) -> Result<Vec<Value>, Halt> {
    let value = match answer {
        Value::String(text) => serde_json::from_str(&text).map_err(|e| {
            Halt::Failed(Failure::new(
                READER_FAILED,
                format!("The JSON could not be read: {e}"),
            ))
        })?,
        other => other,
    };
    match value {
        Value::Array(items) => Ok(items),
        _ => Err(Halt::Failed(Failure::new(
            READER_FAILED,
            "Attempting to map over non-iterable node.",
        ))),
    }
}

fn jsonl_items(text: &str) -> Result<Vec<Value>, Halt> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            serde_json::from_str(l).map_err(|e| {
                Halt::Failed(Failure::new(
                    READER_FAILED,
                    format!("The JSON line could not be read: {e}"),
                ))
            })
        })
        .collect()
}

/// CSV rows as objects keyed by the headers (given, or the first row). Fields beyond the
/// headers are dropped; missing fields are empty strings; every value stays a string.
fn csv_items(text: &str, delimiter: char, given: Option<Vec<String>>) -> Result<Vec<Value>, Halt> {
    let mut rows = parse_csv(text, delimiter).into_iter();
    let headers = match given {
        Some(headers) => headers,
        None => rows.next().unwrap_or_default(),
    };
    Ok(rows
        .map(|row| {
            let mut item = Map::new();
            for (i, header) in headers.iter().enumerate() {
                let value = row.get(i).cloned().unwrap_or_default();
                item.insert(header.clone(), Value::String(value));
            }
            Value::Object(item)
        })
        .collect())
}

/// RFC 4180 rows: quoted fields may hold the delimiter, newlines and doubled quotes.
fn parse_csv(text: &str, delimiter: char) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            c if c == delimiter && !quoted => row.push(std::mem::take(&mut field)),
            '\r' if !quoted => {}
            '\n' if !quoted => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            c => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_rows_become_objects() {
        let items = csv_items("H1,H2\nValue1,\"a, \"\"b\"\"\"\n,\n", ',', None).unwrap();
        assert_eq!(
            items,
            vec![
                serde_json::json!({"H1": "Value1", "H2": "a, \"b\""}),
                serde_json::json!({"H1": "", "H2": ""}),
            ]
        );
    }
}
