//! Map states: the item processor, `ItemReader`, `ItemBatcher`, `ResultWriter` and the failure
//! thresholds.

use super::*;

impl Builder {
    pub(super) fn map(
        &mut self,
        obj: &mut Obj<'_>,
        ctx: &Ctx,
        name: &str,
        ql: QueryLanguage,
    ) -> Option<Map> {
        let processor_key = match (obj.has("ItemProcessor"), obj.has("Iterator")) {
            (true, true) => {
                self.err(
                    Rule::MapProcessor,
                    obj.ctx.child("Iterator").key_loc(),
                    "a Map state cannot have both `ItemProcessor` and `Iterator`",
                )
                .help = Some(
                    "`Iterator` is the legacy name of `ItemProcessor`: keep only `ItemProcessor`"
                        .into(),
                );
                obj.take("Iterator");
                "ItemProcessor"
            }
            (true, false) => "ItemProcessor",
            (false, true) => "Iterator",
            (false, false) => {
                self.err(Rule::MapProcessor, ctx.loc(), "a Map state has no `ItemProcessor`")
                    .help = Some("add `\"ItemProcessor\": {\"StartAt\": …, \"States\": {…}}` with the states to run for each item".into());
                ""
            }
        };
        let processor = if processor_key.is_empty() {
            None
        } else {
            let (node, mut c) = obj.take(processor_key)?;
            c.state_path = format!(
                "{}Map \"{name}\" › processor",
                parent_prefix(&ctx.state_path)
            );
            self.nested_scope(node, &c, processor_key, PROCESSOR_FIELDS)
                .map(|(scope, config)| Processor {
                    legacy_iterator: processor_key == "Iterator",
                    config,
                    scope,
                })
        };
        let items = match ql {
            QueryLanguage::JsonPath => obj.take("ItemsPath").and_then(|(n, c)| {
                if n.value == Value::Null {
                    self.wrong_type(n, &c, "ItemsPath", "a path");
                    return None;
                }
                self.path(n, &c, "ItemsPath").map(Items::Path)
            }),
            QueryLanguage::Jsonata => obj.take("Items").and_then(|(n, c)| match &n.value {
                Value::Array(_) => Some(Items::Jsonata(self.template(n, &c, ql))),
                Value::String(s) if jsonata::is_expression(s) => {
                    Some(Items::Jsonata(self.template(n, &c, ql)))
                }
                _ => {
                    self.wrong_type(n, &c, "Items", "an array or a JSONata expression");
                    None
                }
            }),
        };
        let legacy_parameters = ql == QueryLanguage::JsonPath && obj.has("Parameters");
        if legacy_parameters && obj.has("ItemSelector") {
            self.err(
                Rule::ExclusiveFields,
                obj.ctx.child("Parameters").key_loc(),
                "a Map state cannot have both `ItemSelector` and `Parameters`",
            )
            .help = Some(
                "`Parameters` is the legacy name of `ItemSelector`: keep only `ItemSelector`"
                    .into(),
            );
        }
        // Like Parameters, AWS accepts any JSON value here.
        let item_selector = match self.take_any_template(obj, "ItemSelector", ql) {
            Some(t) => {
                obj.take("Parameters");
                Some(t)
            }
            None if legacy_parameters => self.take_any_template(obj, "Parameters", ql),
            None => None,
        };
        let legacy_parameters =
            legacy_parameters && !obj.members.iter().any(|m| m.key == "ItemSelector");
        let item_reader = self.item_reader(obj, ql);
        let item_batcher = obj.take("ItemBatcher").and_then(|(n, c)| {
            let mut o = self.object(n, &c, "ItemBatcher")?;
            let b = ItemBatcher {
                max_items_per_batch: self.dyn_number(
                    &mut o,
                    "MaxItemsPerBatch",
                    "MaxItemsPerBatchPath",
                    ql,
                ),
                max_input_bytes_per_batch: self.dyn_number(
                    &mut o,
                    "MaxInputBytesPerBatch",
                    "MaxInputBytesPerBatchPath",
                    ql,
                ),
                batch_input: self.take_object_template(&mut o, "BatchInput", ql),
            };
            let allowed: &[&str] = if ql == QueryLanguage::Jsonata {
                &["MaxItemsPerBatch", "MaxInputBytesPerBatch", "BatchInput"]
            } else {
                &[
                    "MaxItemsPerBatch",
                    "MaxItemsPerBatchPath",
                    "MaxInputBytesPerBatch",
                    "MaxInputBytesPerBatchPath",
                    "BatchInput",
                ]
            };
            self.finish(o, "ItemBatcher", allowed, Some(ql));
            Some(b)
        });
        let result_writer = obj.take("ResultWriter").and_then(|(n, c)| {
            let o = self.object(n, &c, "ResultWriter")?;
            let call =
                self.resource_call(o, "ResultWriter", None, "WriterConfig", ql, |this, n, c| {
                    let mut wo = this.object(n, c, "WriterConfig")?;
                    let cfg = WriterConfig {
                        output_type: this.take_enum(
                            &mut wo,
                            "OutputType",
                            OutputType::parse,
                            &["JSON", "JSONL"],
                        ),
                        transformation: this.take_enum(
                            &mut wo,
                            "Transformation",
                            Transformation::parse,
                            &["NONE", "COMPACT", "FLATTEN"],
                        ),
                    };
                    if !wo.has("OutputType") {
                        this.err(
                            Rule::MissingField,
                            c.loc(),
                            "`WriterConfig` has no `OutputType`",
                        )
                        .help = Some("add `\"OutputType\": \"JSON\"` or `\"JSONL\"`".into());
                    }
                    this.finish(wo, "WriterConfig", &["OutputType", "Transformation"], None);
                    Some(cfg)
                });
            Some(ResultWriter {
                resource: call.resource,
                parameters: call.parameters,
                writer_config: call.config,
            })
        });
        let max_concurrency = self.dyn_number(obj, "MaxConcurrency", "MaxConcurrencyPath", ql);
        let tolerated_failure_percentage = self.dyn_number(
            obj,
            "ToleratedFailurePercentage",
            "ToleratedFailurePercentagePath",
            ql,
        );
        let tolerated_failure_count = self.dyn_number(
            obj,
            "ToleratedFailureCount",
            "ToleratedFailureCountPath",
            ql,
        );
        let label = self.take_string(obj, "Label");
        let io = self.io(
            obj,
            ql,
            IoFields {
                parameters: false,
                ..IoFields::ALL
            },
        );
        let retry = self.retriers(obj);
        let catch = self.catchers(obj, ql);
        let assign = self.assign(obj, ql);
        let transition = self.transition(obj, "Map");
        Some(Map {
            processor: processor?,
            items,
            item_selector,
            legacy_parameters,
            item_reader,
            item_batcher,
            result_writer,
            max_concurrency,
            tolerated_failure_percentage,
            tolerated_failure_count,
            label,
            io,
            retry,
            catch,
            assign,
            transition,
        })
    }

    pub(super) fn item_reader(
        &mut self,
        obj: &mut Obj<'_>,
        ql: QueryLanguage,
    ) -> Option<ItemReader> {
        let (n, c) = obj.take("ItemReader")?;
        let o = self.object(n, &c, "ItemReader")?;
        let call = self.resource_call(
            o,
            "ItemReader",
            Some("ItemReader"),
            "ReaderConfig",
            ql,
            |this, n, c| {
                let mut ro = this.object(n, c, "ReaderConfig")?;
                let cfg = ReaderConfig {
                    input_type: this.take_enum(
                        &mut ro,
                        "InputType",
                        InputType::parse,
                        &["CSV", "JSON", "JSONL", "MANIFEST", "PARQUET"],
                    ),
                    csv_header_location: this.take_enum(
                        &mut ro,
                        "CSVHeaderLocation",
                        CsvHeaderLocation::parse,
                        &["FIRST_ROW", "GIVEN"],
                    ),
                    csv_headers: ro.take("CSVHeaders").map(|(n, _)| to_json(n)),
                    csv_delimiter: this.take_enum(
                        &mut ro,
                        "CSVDelimiter",
                        CsvDelimiter::parse,
                        &["COMMA", "PIPE", "SEMICOLON", "SPACE", "TAB"],
                    ),
                    manifest_type: this.take_enum(
                        &mut ro,
                        "ManifestType",
                        ManifestType::parse,
                        &["ATHENA_DATA", "S3_INVENTORY"],
                    ),
                    max_items: this.dyn_number(&mut ro, "MaxItems", "MaxItemsPath", ql),
                };
                let allowed: &[&str] = if ql == QueryLanguage::Jsonata {
                    &[
                        "InputType",
                        "CSVHeaderLocation",
                        "CSVHeaders",
                        "CSVDelimiter",
                        "ManifestType",
                        "MaxItems",
                    ]
                } else {
                    &[
                        "InputType",
                        "CSVHeaderLocation",
                        "CSVHeaders",
                        "CSVDelimiter",
                        "ManifestType",
                        "MaxItems",
                        "MaxItemsPath",
                    ]
                };
                this.finish(ro, "ReaderConfig", allowed, Some(ql));
                Some(cfg)
            },
        );
        Some(ItemReader {
            resource: call
                .resource
                .unwrap_or_else(|| Resource::Arn(String::new())),
            parameters: call.parameters,
            reader_config: call.config,
        })
    }

    /// What an `ItemReader` and a `ResultWriter` share: the `Resource` they call, its
    /// `Parameters` (`Arguments` in JSONata) and their configuration object under
    /// `config_key`, read by `config`.
    fn resource_call<C>(
        &mut self,
        mut o: Obj<'_>,
        owner: &str,
        resource_required_in: Option<&str>,
        config_key: &str,
        ql: QueryLanguage,
        config: impl FnOnce(&mut Self, &Node, &Ctx) -> Option<C>,
    ) -> ResourceCall<C> {
        let resource = self.resource(&mut o, resource_required_in);
        let param_key = if ql == QueryLanguage::Jsonata {
            "Arguments"
        } else {
            "Parameters"
        };
        let parameters = self.take_object_template(&mut o, param_key, ql);
        let config = o.take(config_key).and_then(|(n, c)| config(self, n, &c));
        self.finish(o, owner, &["Resource", param_key, config_key], Some(ql));
        ResourceCall {
            resource,
            parameters,
            config,
        }
    }
}

/// The parts of an `ItemReader` or `ResultWriter`, see [`Builder::resource_call`].
struct ResourceCall<C> {
    resource: Option<Resource>,
    parameters: Option<Template>,
    config: Option<C>,
}
