//! The Map state, inline and distributed: processor, items, reader, batcher, writer, failure
//! tolerance.

use super::{
    Assign, Catcher, Dyn, Io, Json, Number, Resource, Retrier, Scope, Template, Transition,
    str_enum,
};
use crate::expr::Path;

/// A Map state.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Map {
    pub processor: Processor,
    /// `ItemsPath` (JSONPath) or `Items` (JSONata).
    pub items: Option<Items>,
    /// `ItemSelector`, or the legacy `Parameters` when [`Map::legacy_parameters`] is set.
    pub item_selector: Option<Template>,
    /// The item selector was written as the legacy `Parameters` field.
    pub legacy_parameters: bool,
    pub item_reader: Option<ItemReader>,
    pub item_batcher: Option<ItemBatcher>,
    pub result_writer: Option<ResultWriter>,
    pub max_concurrency: Option<Dyn<Number>>,
    pub tolerated_failure_percentage: Option<Dyn<Number>>,
    pub tolerated_failure_count: Option<Dyn<Number>>,
    pub label: Option<String>,
    pub io: Io,
    pub retry: Vec<Retrier>,
    pub catch: Vec<Catcher>,
    pub assign: Option<Assign>,
    pub transition: Transition,
}

/// `ItemsPath` or `Items`.
#[derive(Debug, Clone, PartialEq)]
pub enum Items {
    Path(Path),
    /// A JSON array or a JSONata expression.
    Jsonata(Template),
}

/// `ItemProcessor` (or the legacy `Iterator`) with its configuration.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Processor {
    /// Written as the legacy `Iterator` field.
    pub legacy_iterator: bool,
    pub config: Option<ProcessorConfig>,
    pub scope: Scope,
}

impl Processor {
    /// INLINE unless the configuration says DISTRIBUTED.
    pub fn mode(&self) -> ProcessorMode {
        self.config
            .as_ref()
            .and_then(|c| c.mode)
            .unwrap_or(ProcessorMode::Inline)
    }
}

/// `ProcessorConfig`.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct ProcessorConfig {
    pub mode: Option<ProcessorMode>,
    pub execution_type: Option<ExecutionType>,
}

str_enum! {
    /// `ProcessorConfig.Mode`.
    ProcessorMode { Inline = "INLINE", Distributed = "DISTRIBUTED" }
}

str_enum! {
    /// `ProcessorConfig.ExecutionType` of a Distributed Map's child executions.
    ExecutionType { Standard = "STANDARD", Express = "EXPRESS" }
}

/// `ItemReader`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ItemReader {
    pub resource: Resource,
    /// `Parameters` (JSONPath) or `Arguments` (JSONata).
    pub parameters: Option<Template>,
    pub reader_config: Option<ReaderConfig>,
}

/// `ItemReader.ReaderConfig`.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct ReaderConfig {
    pub input_type: Option<InputType>,
    pub csv_header_location: Option<CsvHeaderLocation>,
    pub csv_headers: Option<Json>,
    pub csv_delimiter: Option<CsvDelimiter>,
    pub manifest_type: Option<ManifestType>,
    /// `MaxItems` or `MaxItemsPath`.
    pub max_items: Option<Dyn<Number>>,
}

str_enum! {
    /// `ReaderConfig.InputType`.
    InputType { Csv = "CSV", Json = "JSON", Jsonl = "JSONL", Manifest = "MANIFEST", Parquet = "PARQUET" }
}

str_enum! {
    /// `ReaderConfig.CSVHeaderLocation`.
    CsvHeaderLocation { FirstRow = "FIRST_ROW", Given = "GIVEN" }
}

str_enum! {
    /// `ReaderConfig.CSVDelimiter`.
    CsvDelimiter { Comma = "COMMA", Pipe = "PIPE", Semicolon = "SEMICOLON", Space = "SPACE", Tab = "TAB" }
}

str_enum! {
    /// `ReaderConfig.ManifestType`.
    ManifestType { AthenaData = "ATHENA_DATA", S3Inventory = "S3_INVENTORY" }
}

/// `ItemBatcher`.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct ItemBatcher {
    pub max_items_per_batch: Option<Dyn<Number>>,
    pub max_input_bytes_per_batch: Option<Dyn<Number>>,
    pub batch_input: Option<Template>,
}

/// `ResultWriter`.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct ResultWriter {
    pub resource: Option<Resource>,
    /// `Parameters` (JSONPath) or `Arguments` (JSONata).
    pub parameters: Option<Template>,
    pub writer_config: Option<WriterConfig>,
}

/// `ResultWriter.WriterConfig`.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct WriterConfig {
    pub output_type: Option<OutputType>,
    pub transformation: Option<Transformation>,
}

str_enum! {
    /// `WriterConfig.OutputType`.
    OutputType { Json = "JSON", Jsonl = "JSONL" }
}

str_enum! {
    /// `WriterConfig.Transformation`.
    Transformation { None = "NONE", Compact = "COMPACT", Flatten = "FLATTEN" }
}
