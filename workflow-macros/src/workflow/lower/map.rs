//! Map states: inline and distributed modes, the item reader, batcher and result writer.

use super::*;

impl Lowerer {
    // ---- Map ----

    pub(super) fn map(
        &mut self,
        body: TokenStream,
        f: &mut Fields<'_>,
        cx: &Cx,
        input_path: Option<NullablePath>,
        fallthrough: Option<String>,
    ) -> Map {
        let processors = std::mem::take(&mut f.processors);
        let processor_ptr = cx.at("ItemProcessor");
        let config = f
            .take("mode")
            .and_then(|(k, v)| self.mode(k, v, &processor_ptr));
        let mut legacy_iterator = false;
        let scope = match processors.first() {
            Some(block) => {
                self.spans.insert(processor_ptr.clone(), block.keyword);
                legacy_iterator = block.keyword == "iterator";
                let scope = block.lower(self, &processor_ptr, "a processor");
                // Leave the repeats for `finish` to report.
                f.processors = processors[1..].to_vec();
                scope
            }
            None => {
                self.rule_error(
                    body,
                    Rule::MapProcessor,
                    "a map state needs a `processor { … }` with the states to run for each item",
                    None,
                );
                Scope::default()
            }
        };
        let items = f.take("items").and_then(|(k, v)| match (v, cx.ql) {
            (ast::Value::Path { text, tokens }, QueryLanguage::JsonPath) => {
                let ptr = cx.at("ItemsPath");
                self.spans.insert_key(ptr.clone(), k);
                self.spans.insert(ptr, tokens.clone());
                let p = self.path(text, tokens)?;
                Some(Items::Path(p))
            }
            (ast::Value::Array { .. }, QueryLanguage::Jsonata) => self
                .top_template(k, v, &cx.at("Items"), cx.ql)
                .map(Items::Jsonata),
            (ast::Value::Str(s), QueryLanguage::Jsonata) if jsonata::is_expression(&s.value()) => {
                self.top_template(k, v, &cx.at("Items"), cx.ql)
                    .map(Items::Jsonata)
            }
            (other, QueryLanguage::JsonPath) => {
                let rule = if matches!(other, ast::Value::Array { .. }) {
                    Rule::QueryLanguageMix
                } else {
                    Rule::WrongType
                };
                self.rule_error(
                    other.tokens(),
                    rule,
                    "in a JSONPath state `items` is a path such as `$.orders`",
                    Some("an array or a JSONata expression needs a `#[jsonata]` state"),
                );
                None
            }
            (other, QueryLanguage::Jsonata) => {
                self.rule_error(
                    other.tokens(),
                    Rule::WrongType,
                    "in a JSONata state `items` is an array or a `\"{% … %}\"` expression",
                    None,
                );
                None
            }
        });
        // `parameters` is the legacy spelling of `item_selector`, kept as written.
        let legacy_parameters = cx.jsonpath().then(|| f.take("parameters")).flatten();
        let (selector_field, selector) = match (f.take("item_selector"), legacy_parameters) {
            (Some(_), Some((k, _))) => {
                self.error(
                    k,
                    "a map state takes `item_selector` or the legacy `parameters`, not both",
                );
                ("ItemSelector", None)
            }
            (None, Some(legacy)) => ("Parameters", Some(legacy)),
            (selector, None) => ("ItemSelector", selector),
        };
        let item_selector =
            selector.and_then(|(k, v)| self.top_template(k, v, &cx.at(selector_field), cx.ql));
        let item_reader = f.take("reader").and_then(|(k, v)| self.reader(k, v, cx));
        let item_batcher = f.take("batcher").and_then(|(k, v)| self.batcher(k, v, cx));
        let result_writer = f.take("writer").and_then(|(k, v)| self.writer(k, v, cx));
        let dyn_field = |l: &mut Self, f: &mut Fields<'_>, key: &str, field: &str| {
            f.take(key)
                .and_then(|(k, v)| l.dyn_number(Some(k), v, &cx.ptr, field, cx.ql))
        };
        let max_concurrency = dyn_field(self, f, "max_concurrency", "MaxConcurrency");
        let tolerated_failure_percentage = dyn_field(
            self,
            f,
            "tolerated_failure_percentage",
            "ToleratedFailurePercentage",
        );
        let tolerated_failure_count =
            dyn_field(self, f, "tolerated_failure_count", "ToleratedFailureCount");
        let label = f.take("label").and_then(|(k, v)| {
            let ptr = cx.at("Label");
            self.spans.insert_key(ptr.clone(), k);
            self.spans.insert(ptr, v.tokens());
            match v {
                ast::Value::Str(s) => Some(s.value()),
                other => {
                    self.rule_error(
                        other.tokens(),
                        Rule::WrongType,
                        "`label` takes a string",
                        None,
                    );
                    None
                }
            }
        });
        let io = self.io(f, cx, Ty::Map, input_path, Vec::new(), None);
        let (retry, catch) = self.error_handling(f, cx);
        let assign = self.take_assign(f, cx);
        let transition = self.transition(f, cx, fallthrough);
        let mut processor = Processor::new(scope);
        processor.config = config;
        processor.legacy_iterator = legacy_iterator;
        let mut map = Map::new(processor, transition);
        map.items = items;
        map.item_selector = item_selector;
        map.legacy_parameters = selector_field == "Parameters";
        map.item_reader = item_reader;
        map.item_batcher = item_batcher;
        map.result_writer = result_writer;
        map.max_concurrency = max_concurrency;
        map.tolerated_failure_percentage = tolerated_failure_percentage;
        map.tolerated_failure_count = tolerated_failure_count;
        map.label = label;
        map.io = io;
        map.retry = retry;
        map.catch = catch;
        map.assign = assign;
        map
    }

    /// `mode: inline`, `mode: distributed(express)`.
    pub(super) fn mode(
        &mut self,
        key: &Ident,
        v: &ast::Value,
        processor_ptr: &str,
    ) -> Option<ProcessorConfig> {
        let ptr = pointer_push(processor_ptr, "ProcessorConfig");
        self.spans.insert_key(ptr.clone(), key);
        self.spans.insert(ptr.clone(), v.tokens());
        self.spans.insert(pointer_push(&ptr, "Mode"), v.tokens());
        let expected = "expected `mode: inline`, `mode: distributed(standard)` or `mode: distributed(express)`";
        let (mode, arg) = match v {
            ast::Value::Word { words, .. } if words.len() == 1 => (ident_text(&words[0]), None),
            ast::Value::Call(c) if c.args.len() <= 1 => (c.name.clone(), c.args.first()),
            other => {
                self.rule_error(other.tokens(), Rule::InvalidValue, expected, None);
                return None;
            }
        };
        let mode = match mode.as_str() {
            "inline" if arg.is_none() => ProcessorMode::Inline,
            "distributed" => ProcessorMode::Distributed,
            _ => {
                self.rule_error(v.tokens(), Rule::InvalidValue, expected, None);
                return None;
            }
        };
        let execution_type = match arg {
            None => None,
            Some(a) => {
                self.spans
                    .insert(pointer_push(&ptr, "ExecutionType"), a.tokens());
                match self.word(a).as_deref() {
                    Some("express") => Some(ExecutionType::Express),
                    Some("standard") => Some(ExecutionType::Standard),
                    _ => {
                        self.rule_error(
                            a.tokens(),
                            Rule::InvalidValue,
                            "the execution type is `standard` or `express`",
                            None,
                        );
                        None
                    }
                }
            }
        };
        let mut processor_config = ProcessorConfig::default();
        processor_config.mode = Some(mode);
        processor_config.execution_type = execution_type;
        Some(processor_config)
    }

    /// A single identifier used as a value.
    pub(super) fn word(&mut self, v: &ast::Value) -> Option<String> {
        match v {
            ast::Value::Word { words, .. } if words.len() == 1 => Some(ident_text(&words[0])),
            _ => None,
        }
    }

    /// An enumerated value written as a word (`first_row`) or as the ASL text (`"FIRST_ROW"`).
    pub(super) fn enum_value<T>(
        &mut self,
        v: &ast::Value,
        ptr: &str,
        what: &str,
        parse: fn(&str) -> Option<T>,
        all: &[&str],
    ) -> Option<T> {
        self.spans.insert(ptr, v.tokens());
        let text = match v {
            ast::Value::Word { words, .. } if words.len() == 1 => {
                ident_text(&words[0]).to_ascii_uppercase()
            }
            ast::Value::Str(s) => s.value(),
            _ => String::new(),
        };
        let parsed = parse(&text);
        if parsed.is_none() {
            let words: Vec<String> = all.iter().map(|a| a.to_ascii_lowercase()).collect();
            let list = words
                .iter()
                .map(|w| format!("`{w}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let mut message = format!("{what} is one of {list} [invalid-value]");
            if let Some(m) = closest(&text.to_ascii_lowercase(), words.iter().map(String::as_str)) {
                message.push_str(&format!("\n  = help: did you mean `{m}`?"));
            }
            self.error(v.tokens(), message);
        }
        parsed
    }

    /// The members of a `{ key: value }` configuration object (`reader`, `batcher`, …).
    pub(super) fn config_members<'a>(
        &mut self,
        key: &Ident,
        v: &'a ast::Value,
        ptr: &str,
    ) -> Option<Vec<(String, TokenStream, &'a ast::Value)>> {
        self.spans.insert_key(ptr, key);
        self.spans.insert(ptr, v.tokens());
        match v {
            ast::Value::Object { members, .. } => Some(
                members
                    .iter()
                    .map(|(k, t, v)| (k.clone(), t.clone(), v))
                    .collect(),
            ),
            other => {
                self.rule_error(
                    other.tokens(),
                    Rule::WrongType,
                    &format!(
                        "`{}` takes an object, e.g. `{} {{ … }}`",
                        ident_text(key),
                        ident_text(key)
                    ),
                    None,
                );
                None
            }
        }
    }

    /// `resource: s3::get_object` or `resource: "arn:…"` of a reader or writer.
    pub(super) fn map_resource(&mut self, v: &ast::Value, ptr: &str) -> Option<Resource> {
        self.spans.insert(ptr, v.tokens());
        match v {
            ast::Value::Str(s) => Some(Resource::Arn(s.value())),
            ast::Value::Word { words, .. } if words.len() == 2 => {
                let service = ident_text(&words[0]);
                let action = camel_case(&ident_text(&words[1]));
                Some(Resource::Arn(format!(
                    "arn:aws:states:::{service}:{action}"
                )))
            }
            other => {
                self.rule_error(
                    other.tokens(),
                    Rule::WrongType,
                    "expected `s3::get_object`, `s3::list_objects_v2`, `s3::put_object` or an ARN string",
                    None,
                );
                None
            }
        }
    }

    pub(super) fn reader(&mut self, key: &Ident, v: &ast::Value, cx: &Cx) -> Option<ItemReader> {
        let ptr = cx.at("ItemReader");
        let members = self.config_members(key, v, &ptr)?;
        let params_key = if cx.jsonpath() {
            "Parameters"
        } else {
            "Arguments"
        };
        let config_ptr = pointer_push(&ptr, "ReaderConfig");
        let mut resource = None;
        let mut parameters = None;
        let mut config = ReaderConfig::default();
        let mut has_config = false;
        for (k, kt, value) in members {
            let field = match k.as_str() {
                "resource" => "Resource",
                "parameters" | "arguments" => params_key,
                "input_type" => "InputType",
                "header" => "CSVHeaderLocation",
                "headers" => "CSVHeaders",
                "delimiter" => "CSVDelimiter",
                "manifest_type" => "ManifestType",
                "max_items" => "MaxItems",
                _ => {
                    self.unknown(
                        &kt,
                        &k,
                        "field",
                        "a reader",
                        &[
                            "resource",
                            "parameters",
                            "input_type",
                            "header",
                            "headers",
                            "delimiter",
                            "manifest_type",
                            "max_items",
                        ],
                    );
                    continue;
                }
            };
            let in_config = !matches!(k.as_str(), "resource" | "parameters" | "arguments");
            has_config |= in_config;
            let field_ptr = pointer_push(if in_config { &config_ptr } else { &ptr }, field);
            self.spans.insert_key(field_ptr.clone(), kt.clone());
            match k.as_str() {
                "resource" => resource = self.map_resource(value, &field_ptr),
                "parameters" | "arguments" => {
                    self.spans.insert(field_ptr.clone(), value.tokens());
                    parameters = self.template(value, &field_ptr, cx.ql, Place::Top);
                }
                "input_type" => {
                    config.input_type = self.enum_value(
                        value,
                        &field_ptr,
                        "`input_type`",
                        InputType::parse,
                        &["CSV", "JSON", "JSONL", "MANIFEST", "PARQUET"],
                    )
                }
                "header" => {
                    config.csv_header_location = self.enum_value(
                        value,
                        &field_ptr,
                        "`header`",
                        CsvHeaderLocation::parse,
                        &["FIRST_ROW", "GIVEN"],
                    )
                }
                "headers" => config.csv_headers = self.json(value, &field_ptr, "`headers`"),
                "delimiter" => {
                    config.csv_delimiter = self.enum_value(
                        value,
                        &field_ptr,
                        "`delimiter`",
                        CsvDelimiter::parse,
                        &["COMMA", "PIPE", "SEMICOLON", "SPACE", "TAB"],
                    )
                }
                "manifest_type" => {
                    config.manifest_type = self.enum_value(
                        value,
                        &field_ptr,
                        "`manifest_type`",
                        ManifestType::parse,
                        &["ATHENA_DATA", "S3_INVENTORY"],
                    )
                }
                _ => {
                    config.max_items = self.dyn_number(None, value, &config_ptr, "MaxItems", cx.ql)
                }
            }
        }
        let Some(resource) = resource else {
            self.rule_error(
                v.tokens(),
                Rule::MissingField,
                "a reader needs `resource`, e.g. `resource: s3::get_object`",
                None,
            );
            return None;
        };
        let mut reader = ItemReader::new(resource);
        reader.parameters = parameters;
        reader.reader_config = has_config.then_some(config);
        Some(reader)
    }

    pub(super) fn batcher(&mut self, key: &Ident, v: &ast::Value, cx: &Cx) -> Option<ItemBatcher> {
        let ptr = cx.at("ItemBatcher");
        let members = self.config_members(key, v, &ptr)?;
        let mut b = ItemBatcher::default();
        for (k, kt, value) in members {
            match k.as_str() {
                "max_items" => {
                    self.spans
                        .insert_key(pointer_push(&ptr, "MaxItemsPerBatch"), kt.clone());
                    b.max_items_per_batch =
                        self.dyn_number(None, value, &ptr, "MaxItemsPerBatch", cx.ql);
                }
                "max_bytes" => {
                    self.spans
                        .insert_key(pointer_push(&ptr, "MaxInputBytesPerBatch"), kt.clone());
                    b.max_input_bytes_per_batch =
                        self.dyn_number(None, value, &ptr, "MaxInputBytesPerBatch", cx.ql);
                }
                "input" => {
                    let p = pointer_push(&ptr, "BatchInput");
                    self.spans.insert_key(p.clone(), kt.clone());
                    b.batch_input = self.template(value, &p, cx.ql, Place::Top);
                }
                _ => self.unknown(
                    &kt,
                    &k,
                    "field",
                    "a batcher",
                    &["max_items", "max_bytes", "input"],
                ),
            }
        }
        Some(b)
    }

    pub(super) fn writer(&mut self, key: &Ident, v: &ast::Value, cx: &Cx) -> Option<ResultWriter> {
        let ptr = cx.at("ResultWriter");
        let members = self.config_members(key, v, &ptr)?;
        let params_key = if cx.jsonpath() {
            "Parameters"
        } else {
            "Arguments"
        };
        let config_ptr = pointer_push(&ptr, "WriterConfig");
        let mut w = ResultWriter::default();
        let mut config = WriterConfig::default();
        let mut has_config = false;
        for (k, kt, value) in members {
            match k.as_str() {
                "resource" => {
                    let p = pointer_push(&ptr, "Resource");
                    self.spans.insert_key(p.clone(), kt.clone());
                    w.resource = self.map_resource(value, &p);
                }
                "parameters" | "arguments" => {
                    let p = pointer_push(&ptr, params_key);
                    self.spans.insert_key(p.clone(), kt.clone());
                    w.parameters = self.template(value, &p, cx.ql, Place::Top);
                }
                "output_type" => {
                    has_config = true;
                    let p = pointer_push(&config_ptr, "OutputType");
                    self.spans.insert_key(p.clone(), kt.clone());
                    config.output_type = self.enum_value(
                        value,
                        &p,
                        "`output_type`",
                        OutputType::parse,
                        &["JSON", "JSONL"],
                    );
                }
                "transformation" => {
                    has_config = true;
                    let p = pointer_push(&config_ptr, "Transformation");
                    self.spans.insert_key(p.clone(), kt.clone());
                    config.transformation = self.enum_value(
                        value,
                        &p,
                        "`transformation`",
                        Transformation::parse,
                        &["NONE", "COMPACT", "FLATTEN"],
                    );
                }
                _ => self.unknown(
                    &kt,
                    &k,
                    "field",
                    "a writer",
                    &["resource", "parameters", "output_type", "transformation"],
                ),
            }
        }
        if has_config {
            if config.output_type.is_none() && config.transformation.is_some() {
                self.rule_error(
                    v.tokens(),
                    Rule::MissingField,
                    "a writer with `transformation` needs `output_type` (`json` or `jsonl`)",
                    None,
                );
            }
            w.writer_config = Some(config);
        }
        Some(w)
    }
}

#[cfg(test)]
mod tests {
    use crate::workflow::lower::tests::*;

    #[test]
    fn inline_map() {
        assert_asl(
            r#"
            Shipping {
                Each: map {
                    mode: inline,
                    items: $.orders,
                    item_selector: { "order": $$.Map.Item.Value, "index": $$.Map.Item.Index },
                    max_concurrency: 10,
                    processor {
                        Ship: task lambda::invoke("${Ship}") { payload: $ },
                    },
                    result_path: $.shipped,
                    catch: [States.ALL] => Failed,
                    next: Done,
                },
                Done: succeed,
                Failed: fail { error: $.Error, cause: format("failed: {}", $.Cause) },
            }
            "#,
            r#"{
              "StartAt": "Each",
              "States": {
                "Each": {
                  "Type": "Map",
                  "ItemsPath": "$.orders",
                  "ItemSelector": { "order.$": "$$.Map.Item.Value", "index.$": "$$.Map.Item.Index" },
                  "MaxConcurrency": 10,
                  "ItemProcessor": {
                    "ProcessorConfig": { "Mode": "INLINE" },
                    "StartAt": "Ship",
                    "States": {
                      "Ship": {
                        "Type": "Task",
                        "Resource": "arn:aws:states:::lambda:invoke",
                        "Parameters": { "FunctionName": "${Ship}", "Payload.$": "$" },
                        "End": true
                      }
                    }
                  },
                  "ResultPath": "$.shipped",
                  "Catch": [{ "ErrorEquals": ["States.ALL"], "Next": "Failed" }],
                  "Next": "Done"
                },
                "Done": { "Type": "Succeed" },
                "Failed": { "Type": "Fail", "ErrorPath": "$.Error", "CausePath": "States.Format('failed: {}', $.Cause)" }
              }
            }"#,
        );
    }

    #[test]
    fn distributed_map() {
        assert_asl(
            r#"
            BigJob {
                Process: map {
                    mode: distributed(express),
                    reader: {
                        resource: s3::get_object,
                        parameters: { "Bucket": "input", "Key": $.key },
                        input_type: csv,
                        header: given,
                        headers: ["id", "amount"],
                        delimiter: comma,
                        max_items: 1000,
                    },
                    batcher: { max_items: 100, max_bytes: 262144, input: { "run": $.run } },
                    writer: {
                        resource: s3::put_object,
                        parameters: { "Bucket": "output", "Prefix": "runs" },
                        output_type: jsonl,
                        transformation: compact,
                    },
                    tolerated_failure_percentage: 5,
                    tolerated_failure_count: $.maxFailures,
                    label: "Process",
                    processor {
                        Work: task aws_sdk::s3::list_objects_v2 { parameters: { "Bucket.$": "$.bucket" } },
                    },
                },
            }
            "#,
            r#"{
              "StartAt": "Process",
              "States": {
                "Process": {
                  "Type": "Map",
                  "ItemReader": {
                    "Resource": "arn:aws:states:::s3:getObject",
                    "ReaderConfig": {
                      "InputType": "CSV",
                      "CSVHeaderLocation": "GIVEN",
                      "CSVHeaders": ["id", "amount"],
                      "CSVDelimiter": "COMMA",
                      "MaxItems": 1000
                    },
                    "Parameters": { "Bucket": "input", "Key.$": "$.key" }
                  },
                  "ItemBatcher": { "MaxItemsPerBatch": 100, "MaxInputBytesPerBatch": 262144, "BatchInput": { "run.$": "$.run" } },
                  "ToleratedFailurePercentage": 5,
                  "ToleratedFailureCountPath": "$.maxFailures",
                  "Label": "Process",
                  "ItemProcessor": {
                    "ProcessorConfig": { "Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS" },
                    "StartAt": "Work",
                    "States": {
                      "Work": {
                        "Type": "Task",
                        "Resource": "arn:aws:states:::aws-sdk:s3:listObjectsV2",
                        "Parameters": { "Bucket.$": "$.bucket" },
                        "End": true
                      }
                    }
                  },
                  "ResultWriter": {
                    "Resource": "arn:aws:states:::s3:putObject",
                    "WriterConfig": { "OutputType": "JSONL", "Transformation": "COMPACT" },
                    "Parameters": { "Bucket": "output", "Prefix": "runs" }
                  },
                  "End": true
                }
              }
            }"#,
        );
    }
}
