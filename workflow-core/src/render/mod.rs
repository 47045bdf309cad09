//! Pictures of state machines and of their executions: Mermaid, Graphviz DOT, SVG and a
//! self-contained HTML page.
//!
//! The layout of the SVG (and of the SVG inside the HTML page) is computed here, top to bottom
//! in layers ([`layout`]); Parallel branches and Map processors are nested frames, Choice edges
//! carry their condition (`$.total >= 100`) or `Default`, Catch edges are dashed and carry their
//! error names, retriers are listed on their state, and start and end are marked. With an
//! [`ExecutionHistory`] each state is coloured by what happened to it ([`Status`]): succeeded,
//! retried (with the count), caught, failed, running, aborted or not reached. The output is
//! deterministic: the same definition and history always give the same bytes.
//!
//! ```
//! use workflow_core::render::{RenderFormat, RenderOptions, render};
//! use workflow_core::{Format, Options, check};
//!
//! let text = r#"{
//!   "StartAt": "Check",
//!   "States": {
//!     "Check": {"Type": "Choice", "Default": "Small",
//!       "Choices": [{"Variable": "$.total", "NumericGreaterThanEquals": 100, "Next": "Big"}]},
//!     "Big": {"Type": "Succeed"},
//!     "Small": {"Type": "Succeed"}
//!   }
//! }"#;
//! let report = check(text, Format::Json, &Options::default());
//! let machine = report.validated().unwrap();
//! let mermaid = render(machine, RenderFormat::Mermaid, &RenderOptions::default());
//! // `>` is written as Mermaid's entity code.
//! assert!(mermaid.contains(r#"n0 -->|"$.total #gt;= 100"| n1"#));
//! let svg = render(machine, RenderFormat::Svg, &RenderOptions::default());
//! assert!(svg.contains(r#"data-state="Check""#));
//! ```

mod dot;
pub mod graph;
pub mod history;
mod html;
pub mod layout;
mod mermaid;
mod svg;
pub mod text;

use std::collections::BTreeMap;

pub use graph::Graph;
pub use history::{ExecutionHistory, HistoryError, Status};

use crate::validate::Validated;
use history::StateRun;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RenderFormat {
    /// A Mermaid `flowchart TD`, for Markdown.
    Mermaid,
    /// Graphviz DOT.
    Dot,
    /// A self-contained SVG picture.
    Svg,
    /// A self-contained HTML page (the SVG, a legend and timeline with a history, state details
    /// on click).
    Html,
}

impl RenderFormat {
    /// Every format.
    pub const ALL: [RenderFormat; 4] = [
        RenderFormat::Mermaid,
        RenderFormat::Dot,
        RenderFormat::Svg,
        RenderFormat::Html,
    ];

    /// The name used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            RenderFormat::Mermaid => "mermaid",
            RenderFormat::Dot => "dot",
            RenderFormat::Svg => "svg",
            RenderFormat::Html => "html",
        }
    }

    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            RenderFormat::Mermaid => "mmd",
            other => other.as_str(),
        }
    }

    /// Parses a name of [`RenderFormat::as_str`].
    pub fn parse(name: &str) -> Option<RenderFormat> {
        RenderFormat::ALL.into_iter().find(|f| f.as_str() == name)
    }
}

/// What to draw besides the definition.
#[derive(Debug, Clone, Copy)]
pub struct RenderOptions<'a> {
    /// The picture's title (the SVG `<title>`, the page heading, the DOT graph name).
    pub title: &'a str,
    /// An execution to colour the states by.
    pub history: Option<&'a ExecutionHistory>,
}

impl Default for RenderOptions<'_> {
    fn default() -> Self {
        RenderOptions {
            title: "state machine",
            history: None,
        }
    }
}

/// Renders a validated definition in `format`.
pub fn render(machine: Validated<'_>, format: RenderFormat, options: &RenderOptions<'_>) -> String {
    let picture = Picture {
        graph: Graph::new(machine.machine()),
        title: options.title.to_string(),
        runs: options.history.map(ExecutionHistory::states),
        history: options.history,
    };
    match format {
        RenderFormat::Mermaid => mermaid::write(&picture),
        RenderFormat::Dot => dot::write(&picture),
        RenderFormat::Svg => svg::write(&picture),
        RenderFormat::Html => html::write(&picture, &svg::write(&picture)),
    }
}

/// What the writers draw: the graph, and the history's verdict per state.
struct Picture<'a> {
    graph: Graph,
    title: String,
    runs: Option<BTreeMap<String, StateRun>>,
    history: Option<&'a ExecutionHistory>,
}

impl Picture<'_> {
    /// The status of a state (`None` without a history) and its retries.
    fn status_of(&self, name: &str) -> (Option<Status>, usize) {
        match &self.runs {
            None => (None, 0),
            Some(runs) => match runs.get(name) {
                Some(run) => (Some(run.status), run.retries),
                None => (Some(Status::NotReached), 0),
            },
        }
    }
}
