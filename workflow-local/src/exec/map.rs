//! The Map state, inline and distributed: items, item selector, iterations, tolerated
//! failures, and the Map Run events of distributed mode.

use super::errors::error_output;
use super::states::Finished;
use super::{Current, Engine, Frame, Halt, Step};
use crate::data;
use crate::data::Outcome;
use crate::eval::Failure;
use crate::history::{Detail, Text};
use crate::mock::{TaskCall, TaskOutcome};
use serde_json::{Value, json};
use std::borrow::Cow;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use workflow_core::QueryLanguage;
use workflow_core::expr::{PathRoot, Segment};
use workflow_core::model::{
    Dyn, Io, ItemBatcher, Items, Map, Number, ProcessorMode, ResultWriter, Template,
};

impl Engine<'_> {
    pub(crate) fn map<'s>(
        &mut self,
        current: &Current,
        map: &'s Map,
        mut input: Value,
        frame: &mut Frame,
    ) -> Result<Step<'s>, Halt> {
        self.with_retry(
            current,
            "Map",
            &map.retry,
            &map.catch,
            &map.io,
            &map.transition,
            &mut input,
            frame,
            |this, current, frame, failed_inside, input| {
                this.map_attempt(current, map, input, frame, failed_inside)
            },
        )
    }

    fn map_attempt(
        &mut self,
        current: &Current,
        map: &Map,
        input: &mut Value,
        frame: &Frame,
        processor_failed: &mut bool,
    ) -> Result<Finished, Halt> {
        let taken = take_items(map, input);
        let input = &*input;
        let effective = self.input_path(current, &map.io, input, frame)?;
        let context = self.context(current, frame);
        let items = match (&map.items, taken) {
            (_, Some(taken)) => taken,
            // Items an ItemReader reads come once the Map Run has started.
            _ if map.item_reader.is_some() => Value::Array(Vec::new()),
            (None, None) => effective.as_ref().clone(),
            (Some(Items::Path(path)), None) => {
                data::read_path(path, self.env(&effective, &context, frame))
                    .map_err(|f| self.evaluation_failed(current, Some("ItemsPath"), f))?
            }
            (Some(Items::Jsonata(template)), None) => {
                // A JSONata Map whose items fail to evaluate fails as a whole, like one whose
                // iterations fail.
                *processor_failed = true;
                let items = match template {
                    Template::Expr(expr) => {
                        data::evaluate_jsonata_items(expr, self.env(input, &context, frame))
                            .map_err(|f| self.evaluation_failed(current, Some("Items"), f))?
                    }
                    literal => {
                        self.jsonata(current, literal, input, Outcome::default(), frame, "Items")?
                    }
                };
                *processor_failed = false;
                items
            }
        };
        let Value::Array(mut items) = items else {
            let failure = match current.query_language {
                QueryLanguage::Jsonata => {
                    *processor_failed = true;
                    data::map_input_not_array(&items)
                }
                QueryLanguage::JsonPath => Failure::runtime(format!(
                    "Map state input must be an array, but was: {}",
                    data::compact(&items)
                )),
            };
            return Err(self.evaluation_failed(current, None, failure));
        };
        let max_concurrency = self.count_field(
            current,
            map.max_concurrency.as_ref(),
            &effective,
            frame,
            "MaxConcurrency",
        )?;
        // 0 (or none) runs every iteration at once.
        let lanes = max_concurrency
            .map(|n| n as usize)
            .filter(|n| *n > 0)
            .unwrap_or(usize::MAX);
        self.emit(
            "MapStateStarted",
            Some((
                "mapStateStartedEventDetails",
                json!({"length": items.len()}),
            )),
        )?;
        let tolerated_count = self.count_field(
            current,
            map.tolerated_failure_count.as_ref(),
            &effective,
            frame,
            "ToleratedFailureCount",
        )?;
        let tolerated_percentage = self.count_field(
            current,
            map.tolerated_failure_percentage.as_ref(),
            &effective,
            frame,
            "ToleratedFailurePercentage",
        )?;
        let distributed = map.processor.mode() == ProcessorMode::Distributed;
        let mut map_run = None;
        // A distributed Map's iterations are child executions with histories of their own.
        let parent_history = if distributed {
            self.generated += 1;
            let arn = format!(
                "arn:aws:states:{}:{}:mapRun:{}/{}:{}",
                self.config.region,
                self.config.account,
                self.config.state_machine_name,
                map.label
                    .clone()
                    .unwrap_or_else(|| generated_uuid(self.generated, 1)),
                generated_uuid(self.generated, 2)
            );
            self.emit(
                "MapRunStarted",
                Some(("mapRunStartedEventDetails", json!({ "mapRunArn": arn }))),
            )?;
            map_run = Some(arn);
            if let Some(reader) = &map.item_reader {
                match self.read_items(current, &map.io, reader, &effective, frame) {
                    Ok(read) => items = read,
                    Err(Halt::Failed(failure)) => {
                        map_run_failed(self, &failure)?;
                        *processor_failed = true;
                        return Err(Halt::Failed(failure));
                    }
                    Err(other) => return Err(other),
                }
            }
            Some((std::mem::take(&mut self.events), self.next_id, self.last))
        } else {
            None
        };
        let outcome = match &map.item_batcher {
            Some(batcher) => self
                .batch_items(current, map, batcher, &effective, items, frame)
                .and_then(|batches| {
                    let work = Work {
                        inputs: batches,
                        select: false,
                        lanes,
                    };
                    self.iterate(current, map, &effective, work, frame)
                }),
            None => {
                let work = Work {
                    inputs: items,
                    select: true,
                    lanes,
                };
                self.iterate(current, map, &effective, work, frame)
            }
        };
        let failed = |this: &mut Self, failure: &Failure| -> Result<(), Halt> {
            if distributed {
                map_run_failed(this, failure)?;
            }
            Ok(())
        };
        if let Some((events, next_id, last)) = parent_history {
            self.events = events;
            self.next_id = next_id;
            self.last = last;
        }
        let (results, texts) = match outcome {
            Ok(Iterated {
                results,
                texts,
                failures,
            }) => {
                let total = results.len().max(1);
                let over_count = tolerated_count.is_some_and(|c| failures > c as usize)
                    || (tolerated_count.is_none()
                        && tolerated_percentage.is_none()
                        && failures > 0);
                let over_percentage = tolerated_percentage
                    .is_some_and(|p| (failures as f64) * 100.0 / total as f64 > p);
                let over = if tolerated_count.is_some() && tolerated_percentage.is_some() {
                    over_count && over_percentage
                } else {
                    over_count || over_percentage
                };
                if failures > 0 && over {
                    let failure = Failure::new(
                        "States.ExceedToleratedFailureThreshold",
                        "The specified tolerated failure threshold was exceeded",
                    );
                    failed(self, &failure)?;
                    *processor_failed = true;
                    return Err(Halt::Failed(failure));
                }
                (results, texts)
            }
            Err(Halt::Failed(failure)) => {
                failed(self, &failure)?;
                *processor_failed = true;
                return Err(Halt::Failed(failure));
            }
            Err(other) => return Err(other),
        };
        if distributed {
            self.emit("MapRunSucceeded", None)?;
            self.emit_beside("MapStateSucceeded", None)?;
        } else {
            self.emit_beside("MapStateSucceeded", None)?;
        }
        // The output is the results as they are when nothing selects from them or merges them:
        // its text is then the iterations' output texts in a list.
        let output_text = match (&map.io, &map.result_writer) {
            (Io::JsonPath(io), None)
                if io.result_selector.is_none()
                    && io.result_path.is_none()
                    && io.output_path.is_none()
                    && texts.len() == results.len() =>
            {
                Some(self.store.list(&texts))
            }
            _ => None,
        };
        let result = match (&map.result_writer, map_run) {
            (Some(writer), Some(map_run)) => {
                self.write_results(current, map, writer, &effective, &map_run, results, frame)?
            }
            _ => Value::Array(results),
        };
        let assigned = self.assign(
            current,
            map.assign.as_ref(),
            input,
            Some(&result),
            None,
            frame,
        )?;
        let output = self.output(current, &map.io, Cow::Borrowed(input), result, frame, true)?;
        Ok(Finished {
            output,
            assigned,
            output_text,
        })
    }

    /// Runs every iteration in index order.
    fn iterate(
        &mut self,
        current: &Current,
        map: &Map,
        effective: &Value,
        work: Work,
        frame: &Frame,
    ) -> Result<Iterated, Halt> {
        let Work {
            inputs: items,
            select,
            lanes,
        } = work;
        let distributed = map.processor.mode() == ProcessorMode::Distributed;
        // Iterations run side by side, at most `lanes` at a time: each starts when a lane is
        // free, and the state goes on when the last has ended.
        let start_ms = self.now_ms;
        // With fewer lanes than items (`MaxConcurrency`), a min-heap of (free at, lane) gives the
        // earliest free lane, the lowest-numbered among equals, in O(log lanes) rather than by a
        // scan of every lane per iteration. With a lane for every item, each starts at once.
        let bounded = lanes < items.len();
        let mut lanes_by_free_time: BinaryHeap<Reverse<(i64, usize)>> = if bounded {
            (0..lanes.max(1))
                .map(|lane| Reverse((start_ms, lane)))
                .collect()
        } else {
            BinaryHeap::new()
        };
        let mut end_ms = start_ms;
        let tolerates =
            map.tolerated_failure_count.is_some() || map.tolerated_failure_percentage.is_some();
        let mut results = Vec::with_capacity(items.len());
        let mut texts = Vec::with_capacity(items.len());
        if !distributed {
            // Room for the events of a run through the processor per item, at the least: a Map
            // over thousands of items would otherwise grow the history by copying it many times.
            let per_item = 2 + 2 * map.processor.scope.states.len();
            self.events
                .reserve(items.len().saturating_mul(per_item).min(1 << 20));
            self.store
                .reserve_members(items.len().saturating_mul(4).min(1 << 20));
        }
        let mut failures = 0;
        let mut last_succeeded = None;
        for (index, item) in items.into_iter().enumerate() {
            let (free_at, lane) = if bounded {
                let Some(Reverse(free)) = lanes_by_free_time.pop() else {
                    unreachable!("there is always at least one lane, and each is put back")
                };
                free
            } else {
                (start_ms, index)
            };
            self.now_ms = free_at;
            let item_input = if select {
                self.select_item(current, map, effective, index, item, frame)?
            } else {
                item
            };
            if !distributed {
                let details = self.iteration_members(current, index);
                self.emit_fields(
                    "MapIterationStarted",
                    Some(("mapIterationStartedEventDetails", details)),
                )?;
            }
            let mut iteration_frame = Frame {
                variables: frame.variables.clone(),
                map_item: None,
                nested: true,
            };
            let outcome = self.run_scope_with_text(
                &map.processor.scope,
                item_input,
                None,
                &mut iteration_frame,
            );
            if bounded {
                lanes_by_free_time.push(Reverse((self.now_ms, lane)));
            }
            end_ms = end_ms.max(self.now_ms);
            match outcome {
                Ok((output, text)) => {
                    if !distributed {
                        let details = self.iteration_members(current, index);
                        last_succeeded = Some(self.emit_fields_beside(
                            "MapIterationSucceeded",
                            Some(("mapIterationSucceededEventDetails", details)),
                        )?);
                    }
                    results.push(output);
                    texts.push(text);
                }
                Err(Halt::Failed(failure)) => {
                    if !distributed {
                        let details = self.iteration_members(current, index);
                        self.emit_fields_beside(
                            "MapIterationFailed",
                            Some(("mapIterationFailedEventDetails", details)),
                        )?;
                    }
                    if !tolerates {
                        return Err(Halt::Failed(failure));
                    }
                    failures += 1;
                    results.push(error_output(&failure));
                }
                Err(other) => return Err(other),
            }
        }
        self.now_ms = end_ms;
        // The state's own closing events follow the last iteration's.
        if let Some(id) = last_succeeded {
            self.last = id;
        }
        Ok(Iterated {
            results,
            texts,
            failures,
        })
    }

    /// Starts the details of a Map iteration's event: `{"index", "name"}`
    /// ([`crate::history::Store::members_start`]).
    fn iteration_members(&mut self, current: &Current, index: usize) -> usize {
        let start = self.store.members_start();
        self.store
            .member("index", Detail::Value(Value::from(index)));
        self.store.member("name", Detail::Text(current.name_text));
        start
    }

    /// `ResultWriter`: the results go to the writer's resource (a mock answers it, if one is
    /// registered), and the state's result says where they are, as AWS does:
    /// `{"MapRunArn", "ResultWriterDetails": {"Bucket", "Key": "<Prefix>/<run id>/manifest.json"}}`.
    #[allow(clippy::too_many_arguments)]
    fn write_results(
        &mut self,
        current: &Current,
        map: &Map,
        writer: &ResultWriter,
        effective: &Value,
        map_run: &str,
        results: Vec<Value>,
        frame: &Frame,
    ) -> Result<Value, Halt> {
        let parameters = match (&writer.parameters, &map.io) {
            (None, _) => Value::Object(serde_json::Map::new()),
            (Some(template), Io::JsonPath(_)) => {
                self.payload(current, template, effective, frame, "ResultWriter")?
            }
            (Some(template), Io::Jsonata(_)) => self.jsonata(
                current,
                template,
                effective,
                Outcome::default(),
                frame,
                "ResultWriter",
            )?,
        };
        let run_id = map_run.rsplit(':').next().unwrap_or_default();
        let prefix = parameters
            .get("Prefix")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let key = if prefix.is_empty() {
            format!("{run_id}/manifest.json")
        } else {
            format!("{}/{run_id}/manifest.json", prefix.trim_end_matches('/'))
        };
        if let Some(resource) = writer.resource.as_ref().and_then(|r| r.as_str()) {
            let mut written = parameters.clone();
            written["Results"] = Value::Array(results);
            let call = TaskCall {
                state: current.name,
                resource,
                input: &written,
                call_count: 0,
                task_token: None,
                timeout_seconds: None,
                heartbeat_seconds: None,
            };
            if let Some(TaskOutcome::Throw { error, cause }) = self.mocks.answer(&call) {
                return Err(Halt::Failed(Failure::new(error, cause.unwrap_or_default())));
            }
        }
        Ok(json!({
            "MapRunArn": map_run,
            "ResultWriterDetails": {
                "Bucket": parameters.get("Bucket").cloned().unwrap_or(Value::Null),
                "Key": key,
            },
        }))
    }

    /// The input of one iteration: the item, or what `ItemSelector` makes of it (with
    /// `$$.Map.Item.Index` and `$$.Map.Item.Value`).
    fn select_item(
        &mut self,
        current: &Current,
        map: &Map,
        effective: &Value,
        index: usize,
        item: Value,
        frame: &Frame,
    ) -> Result<Value, Halt> {
        let Some(template) = &map.item_selector else {
            return Ok(item);
        };
        let selector_frame = Frame {
            variables: frame.variables.clone(),
            map_item: Some(json!({"Index": index, "Value": item})),
            nested: frame.nested,
        };
        match &map.io {
            Io::JsonPath(_) => self.payload(
                current,
                template,
                effective,
                &selector_frame,
                "ItemSelector",
            ),
            Io::Jsonata(_) => self.jsonata(
                current,
                template,
                effective,
                Outcome::default(),
                &selector_frame,
                "ItemSelector",
            ),
        }
    }

    /// `ItemBatcher`: the selected items in batches of at most `MaxItemsPerBatch` items and
    /// `MaxInputBytesPerBatch` bytes, each `{"Items": [...]}` with the `BatchInput` beside.
    fn batch_items(
        &mut self,
        current: &Current,
        map: &Map,
        batcher: &ItemBatcher,
        effective: &Value,
        items: Vec<Value>,
        frame: &Frame,
    ) -> Result<Vec<Value>, Halt> {
        let max_items = self
            .count_field(
                current,
                batcher.max_items_per_batch.as_ref(),
                effective,
                frame,
                "MaxItemsPerBatch",
            )?
            .map(|n| n as usize)
            .filter(|n| *n > 0);
        let max_bytes = self
            .count_field(
                current,
                batcher.max_input_bytes_per_batch.as_ref(),
                effective,
                frame,
                "MaxInputBytesPerBatch",
            )?
            .map(|n| n as usize)
            .filter(|n| *n > 0);
        let batch_input = match (&batcher.batch_input, &map.io) {
            (None, _) => None,
            (Some(template), Io::JsonPath(_)) => {
                Some(self.payload(current, template, effective, frame, "BatchInput")?)
            }
            (Some(template), Io::Jsonata(_)) => Some(self.jsonata(
                current,
                template,
                effective,
                Outcome::default(),
                frame,
                "BatchInput",
            )?),
        };
        let mut batches: Vec<Vec<Value>> = Vec::new();
        let mut bytes = 0;
        for (index, item) in items.into_iter().enumerate() {
            let selected = self.select_item(current, map, effective, index, item, frame)?;
            let size = data::compact(&selected).len();
            let full = batches.last().is_none_or(|batch| {
                max_items.is_some_and(|n| batch.len() >= n)
                    || max_bytes.is_some_and(|n| bytes + size > n && !batch.is_empty())
            });
            if full {
                batches.push(Vec::new());
                bytes = 0;
            }
            bytes += size;
            if let Some(batch) = batches.last_mut() {
                batch.push(selected);
            }
        }
        Ok(batches
            .into_iter()
            .map(|batch| {
                let mut object = serde_json::Map::new();
                if let Some(input) = &batch_input {
                    object.insert("BatchInput".into(), input.clone());
                }
                object.insert("Items".into(), Value::Array(batch));
                Value::Object(object)
            })
            .collect())
    }

    /// `ToleratedFailureCount`/`Percentage` and `MaxConcurrency`, which may not be negative.
    fn count_field(
        &mut self,
        current: &Current,
        field: Option<&Dyn<Number>>,
        input: &Value,
        frame: &Frame,
        name: &str,
    ) -> Result<Option<f64>, Halt> {
        let whole = name != "ToleratedFailurePercentage";
        match self.number_field(current, field, input, frame, name, whole)? {
            Some(v) if v < 0.0 => Err(self.evaluation_failed(
                current,
                None,
                Failure::runtime(format!("{name} cannot be negative.")),
            )),
            other => Ok(other),
        }
    }
}

/// A UUID-shaped identifier that depends only on its inputs, so runs repeat.
pub(crate) fn generated_uuid(counter: u64, part: u64) -> String {
    let mut x = counter
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .wrapping_add(part.wrapping_mul(0xBF58_476D_1CE4_E5B9));
    let mut next = || {
        x ^= x >> 30;
        x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
        x ^= x >> 27;
        x
    };
    let (a, b) = (next(), next());
    format!(
        "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        b >> 52,
        b & 0xffff_ffff_ffff
    )
}

/// `MapRunFailed` with the failure's error and cause.
fn map_run_failed(engine: &mut Engine<'_>, failure: &Failure) -> Result<(), Halt> {
    let mut details = serde_json::Map::new();
    if !failure.error.is_empty() {
        details.insert("error".into(), Value::String(failure.error.clone()));
    }
    if !failure.cause.is_empty() {
        details.insert("cause".into(), Value::String(failure.cause.clone()));
    }
    engine.emit(
        "MapRunFailed",
        Some(("mapRunFailedEventDetails", Value::Object(details))),
    )?;
    Ok(())
}

/// What the iterations of a Map gave.
struct Iterated {
    /// Each iteration's output, or its error output when it failed and failures are tolerated.
    results: Vec<Value>,
    /// The output texts of the iterations that succeeded (all of them when none failed).
    texts: Vec<Text>,
    /// How many iterations failed.
    failures: usize,
}

/// The items of a Map whose input nothing reads once they are read, taken out of the input
/// rather than copied (a Map over thousands of items otherwise copies each). That is a Map
/// without retriers or catchers (which read the input again), a ResultPath (which merges into
/// it), an ItemSelector (whose `$` is the input), an ItemReader or a ResultWriter, whose counts
/// are not read from the input, and whose ItemsPath is `$` or plain field steps to an array.
/// `None` otherwise: the items are then read as a copy, and a missing array fails as usual.
fn take_items(map: &Map, input: &mut Value) -> Option<Value> {
    let Io::JsonPath(io) = &map.io else {
        return None;
    };
    let counts_read_input = [
        &map.max_concurrency,
        &map.tolerated_failure_count,
        &map.tolerated_failure_percentage,
    ]
    .iter()
    .any(|count| matches!(count, Some(Dyn::Path(_))));
    if !map.retry.is_empty()
        || !map.catch.is_empty()
        || io.input_path.is_some()
        || io.result_path.is_some()
        || map.item_selector.is_some()
        || map.item_reader.is_some()
        || map.result_writer.is_some()
        || counts_read_input
    {
        return None;
    }
    let segments: &[Segment] = match &map.items {
        None => &[],
        Some(Items::Path(path)) if path.root == PathRoot::Input => &path.segments,
        Some(_) => return None,
    };
    let mut at = input;
    for segment in segments {
        let Segment::Field(name) = segment else {
            return None;
        };
        at = at.as_object_mut()?.get_mut(name)?;
    }
    at.is_array().then(|| std::mem::take(at))
}

/// What a Map iterates over: the items (or batches), whether `ItemSelector` still applies to
/// them, and how many iterations may run at once.
struct Work {
    inputs: Vec<Value>,
    select: bool,
    lanes: usize,
}
