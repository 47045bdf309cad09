//! One case (at least) for every rule of the parser and the validator.
//!
//! Each case is a minimal definition that breaks exactly one rule. The test checks that the
//! rule fires once at the most specific JSON Pointer, with the right severity, line and column,
//! and help line, and that nothing else fires. Most cases have a "fixed" twin: the same
//! definition with the mistake corrected, which must not report the rule (so no case can pass by
//! accident). `every_rule_has_a_case` keeps the table complete as rules are added.

use std::collections::BTreeSet;
use workflow_core::{
    Diagnostic, Format, Level, LintLevels, MachineType, Options, Report, Rule, Severity, check,
};

// ---------------------------------------------------------------------------------------------
// The case type

#[derive(Debug, Clone)]
struct Case {
    rule: Rule,
    label: &'static str,
    format: Format,
    express: bool,
    text: String,
    /// The JSON Pointer of the (first) expected diagnostic.
    pointer: String,
    /// More pointers where the same rule must fire (e.g. both states of an unreachable cycle).
    more_pointers: Vec<String>,
    severity: Severity,
    /// The level: `Error` (AWS rejects the definition), or a lint's default `Deny` or `Warn`.
    level: Level,
    /// Line and column, given outright.
    pos: Option<(u32, u32)>,
    /// Line and column of the first occurrence of this text in the definition.
    pos_of: Option<&'static str>,
    /// A substring of the help line (which must exist when this is set).
    help: Option<&'static str>,
    /// A substring of the message.
    message: Option<&'static str>,
    /// The diagnostic's state path.
    state_path: Option<&'static str>,
    /// Other rules that may fire alongside (a cascade the case cannot avoid).
    others: Vec<Rule>,
    /// The corrected definition: must not report `rule`, and must be valid.
    fixed: Option<String>,
    /// The definition is still valid (only warnings).
    still_valid: bool,
}

fn case(rule: Rule, label: &'static str, text: impl Into<String>, pointer: &str) -> Case {
    Case {
        rule,
        label,
        format: Format::Json,
        express: false,
        text: text.into(),
        pointer: pointer.to_string(),
        more_pointers: Vec::new(),
        severity: Severity::Error,
        level: Level::Error,
        pos: None,
        pos_of: None,
        help: None,
        message: None,
        state_path: None,
        others: Vec::new(),
        fixed: None,
        still_valid: false,
    }
}

impl Case {
    fn yaml(mut self) -> Self {
        self.format = Format::Yaml;
        self
    }
    fn express(mut self) -> Self {
        self.express = true;
        self
    }
    fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self.level = Level::Warn;
        self.still_valid = true;
        self
    }
    /// A deny-by-default lint: fails the definition, though AWS accepts it.
    fn deny(mut self) -> Self {
        self.level = Level::Deny;
        self
    }
    fn and_at(mut self, pointer: &str) -> Self {
        self.more_pointers.push(pointer.to_string());
        self
    }
    fn pos(mut self, line: u32, column: u32) -> Self {
        self.pos = Some((line, column));
        self
    }
    fn pos_of(mut self, needle: &'static str) -> Self {
        self.pos_of = Some(needle);
        self
    }
    fn help(mut self, help: &'static str) -> Self {
        self.help = Some(help);
        self
    }
    fn message(mut self, message: &'static str) -> Self {
        self.message = Some(message);
        self
    }
    fn state_path(mut self, state_path: &'static str) -> Self {
        self.state_path = Some(state_path);
        self
    }
    fn also(mut self, rule: Rule) -> Self {
        self.others.push(rule);
        self
    }
    fn fixed(mut self, text: impl Into<String>) -> Self {
        self.fixed = Some(text.into());
        self
    }
}

// ---------------------------------------------------------------------------------------------
// Building definitions

/// A JSONPath machine starting at `A`, with `states` (the members of `States`) one per line.
fn m(states: &str) -> String {
    format!("{{\n  \"StartAt\": \"A\",\n  \"States\": {{\n    {states}\n  }}\n}}")
}

/// A JSONata machine starting at `A`.
fn mj(states: &str) -> String {
    format!(
        "{{\n  \"QueryLanguage\": \"JSONata\",\n  \"StartAt\": \"A\",\n  \"States\": {{\n    {states}\n  }}\n}}"
    )
}

/// A machine whose only state `A` is `state`.
fn one(state: &str) -> String {
    m(&format!("\"A\": {state}"))
}

/// A JSONata machine whose only state `A` is `state`.
fn one_j(state: &str) -> String {
    mj(&format!("\"A\": {state}"))
}

/// A Task `A` with `extra` fields, ending the machine.
fn task(extra: &str) -> String {
    one(&format!(
        "{{\"Type\": \"Task\", \"Resource\": \"arn:aws:states:::lambda:invoke\"{extra}, \"End\": true}}"
    ))
}

/// A Pass `A` whose `Parameters` are `params`.
fn params(params: &str) -> String {
    one(&format!(
        "{{\"Type\": \"Pass\", \"Parameters\": {params}, \"End\": true}}"
    ))
}

/// A Task `A` with a retrier `retrier`.
fn retrier(retrier: &str) -> String {
    task(&format!(", \"Retry\": [{retrier}]"))
}

/// A Choice `A` with the single rule `rule` (whose Next is `B`) and a default `B`.
fn choice(rule: &str) -> String {
    m(&format!(
        "\"A\": {{\"Type\": \"Choice\", \"Choices\": [{rule}], \"Default\": \"B\"}},\n    \"B\": {{\"Type\": \"Succeed\"}}"
    ))
}

/// A Map `A` with the given fields besides its processor, whose config is `config`.
fn map(config: &str, extra: &str) -> String {
    one(&format!(
        "{{\"Type\": \"Map\", \"ItemProcessor\": {{{config}\"StartAt\": \"Item\", \"States\": {{\"Item\": {{\"Type\": \"Succeed\"}}}}}}{extra}, \"End\": true}}"
    ))
}

/// A Parallel `P` (first state) whose one branch holds `branch_states` starting at `B`, and
/// top-level `after` states.
fn parallel(branch_states: &str, after: &str) -> String {
    format!(
        "{{\n  \"StartAt\": \"P\",\n  \"States\": {{\n    \"P\": {{\"Type\": \"Parallel\", \"Branches\": [{{\"StartAt\": \"B\", \"States\": {{{branch_states}}}}}], \"Next\": \"After\"}},\n    \"After\": {{\"Type\": \"Succeed\"{after}}}\n  }}\n}}"
    )
}

const MINIMAL: &str = r#"{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}"#;

/// A valid machine padded with a Comment to exactly `len` bytes.
fn padded(len: usize) -> String {
    let head = r#"{"Comment": ""#;
    let tail = r#"", "StartAt": "A", "States": {"A": {"Type": "Succeed"}}}"#;
    let mut s = String::with_capacity(len);
    s.push_str(head);
    s.push_str(&"x".repeat(len - head.len() - tail.len()));
    s.push_str(tail);
    assert_eq!(s.len(), len);
    s
}

fn nested_arrays(depth: usize) -> String {
    let mut s = String::from("$.a");
    for _ in 0..depth {
        s = format!("States.Array({s})");
    }
    s
}

// ---------------------------------------------------------------------------------------------
// The table

fn cases() -> Vec<Case> {
    let long_name = "N".repeat(81);
    let name_80 = "N".repeat(80);
    vec![
        // ---- reading the text ----
        case(Rule::Syntax, "trailing comma", r#"{"StartAt": "A",}"#, "")
            .pos(1, 17)
            .fixed(MINIMAL),
        case(Rule::Syntax, "not an object", r#"["StartAt", "A"]"#, "").pos(1, 1).fixed(MINIMAL),
        case(Rule::Syntax, "yaml unclosed flow sequence", "StartAt: A\nStates: [\n  A\n", "")
            .yaml()
            .fixed("StartAt: A\nStates:\n  A:\n    Type: Succeed\n"),
        case(
            Rule::DuplicateKey,
            "json duplicate Type",
            one(r#"{"Type": "Succeed", "Type": "Pass"}"#),
            "/States/A/Type",
        )
        .pos(4, 30)
        .help("remove one of the two")
        .message("first defined at line 4, column 11")
        .fixed(one(r#"{"Type": "Succeed"}"#)),
        case(
            Rule::DuplicateKey,
            "yaml duplicate Type",
            "StartAt: A\nStates:\n  A:\n    Type: Succeed\n    Type: Pass\n",
            "/States/A/Type",
        )
        .yaml()
        .pos(5, 5)
        .message("first defined at line 4, column 5")
        .fixed("StartAt: A\nStates:\n  A:\n    Type: Succeed\n"),
        case(Rule::DuplicateKey, "yaml duplicate state", "StartAt: A\nStates:\n  A:\n    Type: Succeed\n  A:\n    Type: Succeed\n", "/States/A")
            .yaml()
            .pos(5, 3),
        case(Rule::DefinitionTooLarge, "one byte over 1 MB", padded(1_048_577), "")
            .pos(1, 1)
            .message("1048577 bytes")
            .fixed(padded(1_048_576)),
        // ---- shape of the definition ----
        case(
            Rule::UnknownField,
            "misspelt Next",
            m(r#""A": {"Type": "Pass", "Nxt": "B"},
    "B": {"Type": "Succeed"}"#),
            "/States/A/Nxt",
        )
        .also(Rule::MissingTransition)
        .also(Rule::Unreachable)
        .pos_of(r#""Nxt""#)
        .help("did you mean `Next`?")
        .fixed(m(r#""A": {"Type": "Pass", "Next": "B"},
    "B": {"Type": "Succeed"}"#)),
        case(Rule::UnknownField, "misspelt top-level field", r#"{"StartAt": "A", "Stats": {}, "States": {"A": {"Type": "Succeed"}}}"#, "/Stats")
            .pos(1, 18)
            .help("did you mean `States`?")
            .fixed(MINIMAL),
        case(
            Rule::FieldNotAllowed,
            "Choice with End",
            m(r#""A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsPresent": true, "Next": "B"}], "Default": "B", "End": true},
    "B": {"Type": "Succeed"}"#),
            "/States/A/End",
        )
        .pos_of(r#""End""#)
        .help("Choices, Default")
        .fixed(choice(r#"{"Variable": "$.x", "IsPresent": true, "Next": "B"}"#)),
        case(
            Rule::FieldNotAllowed,
            "Choice with Next",
            m(r#""A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsPresent": true, "Next": "B"}], "Default": "B", "Next": "B"},
    "B": {"Type": "Succeed"}"#),
            "/States/A/Next",
        )
        .pos_of(r#""Next": "B"},"#)
        .fixed(choice(r#"{"Variable": "$.x", "IsPresent": true, "Next": "B"}"#)),
        case(Rule::FieldNotAllowed, "Succeed with ResultPath", one(r#"{"Type": "Succeed", "ResultPath": "$.r"}"#), "/States/A/ResultPath")
            .pos_of(r#""ResultPath""#)
            .fixed(one(r#"{"Type": "Succeed", "OutputPath": "$.r"}"#)),
        case(
            Rule::FieldNotAllowed,
            "Retry on a Pass",
            one(r#"{"Type": "Pass", "Retry": [{"ErrorEquals": ["States.ALL"]}], "End": true}"#),
            "/States/A/Retry",
        )
        .pos_of(r#""Retry""#)
        .fixed(one(r#"{"Type": "Pass", "End": true}"#)),
        case(Rule::WrongType, "Seconds as a string", one(r#"{"Type": "Wait", "Seconds": "10", "End": true}"#), "/States/A/Seconds")
            .pos_of(r#""10""#)
            .fixed(one(r#"{"Type": "Wait", "Seconds": 10, "End": true}"#)),
        case(Rule::MissingField, "no StartAt", r#"{"States": {"A": {"Type": "Succeed"}}}"#, "")
            .message("StartAt")
            .fixed(MINIMAL),
        case(Rule::MissingField, "Task without Resource", one(r#"{"Type": "Task", "End": true}"#), "/States/A")
            .message("Resource")
            .fixed(task("")),
        case(
            Rule::MissingField,
            "JSONata Choice rule without Condition",
            mj(r#""A": {"Type": "Choice", "Choices": [{"Next": "B"}], "Default": "B"},
    "B": {"Type": "Succeed"}"#),
            "/States/A/Choices/0",
        )
        .message("Condition")
        .help("Condition")
        .fixed(mj(r#""A": {"Type": "Choice", "Choices": [{"Condition": "{% $states.input.x > 1 %}", "Next": "B"}], "Default": "B"},
    "B": {"Type": "Succeed"}"#)),
        case(Rule::EmptyValue, "Parallel without branches", one(r#"{"Type": "Parallel", "Branches": [], "End": true}"#), "/States/A/Branches")
            .pos_of("[]")
            .fixed(one(r#"{"Type": "Parallel", "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Succeed"}}}], "End": true}"#)),
        case(Rule::EmptyValue, "empty ErrorEquals", retrier(r#"{"ErrorEquals": []}"#), "/States/A/Retry/0/ErrorEquals")
            .fixed(retrier(r#"{"ErrorEquals": ["States.ALL"]}"#)),
        case(Rule::UnknownStateType, "Type Lambda", one(r#"{"Type": "Lambda", "End": true}"#), "/States/A/Type")
            .pos_of(r#""Lambda""#)
            .help("Task, Pass")
            .fixed(task("")),
        case(Rule::UnknownStateType, "Type Pas", one(r#"{"Type": "Pas", "End": true}"#), "/States/A/Type")
            .help("did you mean \"Pass\"?")
            .fixed(one(r#"{"Type": "Pass", "End": true}"#)),
        case(
            Rule::ExclusiveFields,
            "TimeoutSeconds and TimeoutSecondsPath",
            task(r#", "TimeoutSeconds": 5, "TimeoutSecondsPath": "$.t""#),
            "/States/A/TimeoutSecondsPath",
        )
        .pos_of(r#""TimeoutSecondsPath""#)
        .fixed(task(r#", "TimeoutSecondsPath": "$.t""#)),
        case(
            Rule::ExclusiveFields,
            "Error and ErrorPath",
            one(r#"{"Type": "Fail", "Error": "E", "ErrorPath": "$.e"}"#),
            "/States/A/ErrorPath",
        )
        .fixed(one(r#"{"Type": "Fail", "ErrorPath": "$.e"}"#)),
        case(
            Rule::ExclusiveFields,
            "Wait with Seconds and SecondsPath",
            one(r#"{"Type": "Wait", "Seconds": 10, "SecondsPath": "$.s", "End": true}"#),
            "/States/A/SecondsPath",
        )
        .pos_of(r#""SecondsPath""#)
        .fixed(one(r#"{"Type": "Wait", "SecondsPath": "$.s", "End": true}"#)),
        case(
            Rule::InvalidValue,
            "JitterStrategy RANDOM",
            retrier(r#"{"ErrorEquals": ["States.ALL"], "JitterStrategy": "RANDOM"}"#),
            "/States/A/Retry/0/JitterStrategy",
        )
        .pos_of(r#""RANDOM""#)
        .message("\"FULL\", \"NONE\"")
        .fixed(retrier(r#"{"ErrorEquals": ["States.ALL"], "JitterStrategy": "FULL"}"#)),
        case(
            Rule::InvalidValue,
            "QueryLanguage JSONATA",
            r#"{"QueryLanguage": "JSONATA", "StartAt": "A", "States": {"A": {"Type": "Succeed"}}}"#,
            "/QueryLanguage",
        )
        .help("did you mean \"JSONata\"?")
        .fixed(r#"{"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Succeed"}}}"#),
        case(Rule::NumberRange, "TimeoutSeconds 0", task(r#", "TimeoutSeconds": 0"#), "/States/A/TimeoutSeconds")
            .pos_of("0,")
            .fixed(task(r#", "TimeoutSeconds": 1"#)),
        case(Rule::NumberRange, "MaxConcurrency -1", map("", r#", "MaxConcurrency": -1"#), "/States/A/MaxConcurrency")
            .fixed(map("", r#", "MaxConcurrency": 0"#)),
        // ---- states and transitions ----
        case(
            Rule::StartAtUnknown,
            "StartAt Frist",
            r#"{"StartAt": "Frist", "States": {"First": {"Type": "Succeed"}}}"#,
            "/StartAt",
        )
        .pos(1, 13)
        .help("did you mean \"First\"?")
        .fixed(r#"{"StartAt": "First", "States": {"First": {"Type": "Succeed"}}}"#),
        case(
            Rule::NextUnknownState,
            "Next Finsh",
            m(r#""A": {"Type": "Pass", "Next": "Finsh"},
    "Finish": {"Type": "Succeed"}"#),
            "/States/A/Next",
        )
        .also(Rule::Unreachable)
        .pos_of(r#""Finsh""#)
        .help("did you mean \"Finish\"?")
        .fixed(m(r#""A": {"Type": "Pass", "Next": "Finish"},
    "Finish": {"Type": "Succeed"}"#)),
        case(
            Rule::NextUnknownState,
            "Default Finsh",
            m(r#""A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsPresent": true, "Next": "Finish"}], "Default": "Finsh"},
    "Finish": {"Type": "Succeed"}"#),
            "/States/A/Default",
        )
        .pos_of(r#""Finsh""#)
        .help("did you mean \"Finish\"?")
        .fixed(m(r#""A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsPresent": true, "Next": "Finish"}], "Default": "Finish"},
    "Finish": {"Type": "Succeed"}"#)),
        case(
            Rule::NextUnknownState,
            "Choice rule Next Finsh",
            m(r#""A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsPresent": true, "Next": "Finsh"}], "Default": "Finish"},
    "Finish": {"Type": "Succeed"}"#),
            "/States/A/Choices/0/Next",
        )
        .pos_of(r#""Finsh""#)
        .help("did you mean \"Finish\"?"),
        case(
            Rule::NextUnknownState,
            "Catch Next Handlr",
            m(r#""A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Handlr"}], "End": true},
    "Handler": {"Type": "Fail"}"#),
            "/States/A/Catch/0/Next",
        )
        .also(Rule::Unreachable)
        .pos_of(r#""Handlr""#)
        .help("did you mean \"Handler\"?")
        .fixed(m(r#""A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Handler"}], "End": true},
    "Handler": {"Type": "Fail"}"#)),
        case(
            Rule::NextOutOfScope,
            "out of a Parallel branch",
            parallel(r#""B": {"Type": "Pass", "Next": "After"}"#, ""),
            "/States/P/Branches/0/States/B/Next",
        )
        .also(Rule::NoTerminalState)
        .pos_of(r#""After"}"#)
        .state_path("Parallel \"P\" › branch 1 › \"B\"")
        .help("\"End\": true")
        .fixed(parallel(r#""B": {"Type": "Pass", "End": true}"#, "")),
        case(
            Rule::NextOutOfScope,
            "into a Parallel branch",
            r#"{"StartAt": "A", "States": {
    "A": {"Type": "Pass", "Next": "B"},
    "P": {"Type": "Parallel", "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Succeed"}}}], "End": true}
  }}"#,
            "/States/A/Next",
        )
        .also(Rule::Unreachable)
        .also(Rule::NoTerminalState)
        .pos(2, 35),
        case(
            Rule::NextOutOfScope,
            "out of a Map processor",
            one(r#"{"Type": "Map", "ItemProcessor": {"StartAt": "Item", "States": {"Item": {"Type": "Pass", "Next": "A"}}}, "End": true}"#),
            "/States/A/ItemProcessor/States/Item/Next",
        )
        .also(Rule::NoTerminalState)
        .state_path("Map \"A\" › processor › \"Item\"")
        .fixed(map("", "")),
        case(
            Rule::NextOutOfScope,
            "Catch Next out of a Parallel branch",
            parallel(
                r#""B": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "After"}], "End": true}"#,
                "",
            ),
            "/States/P/Branches/0/States/B/Catch/0/Next",
        )
        .pos_of(r#""After"}"#)
        .fixed(parallel(
            r#""B": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Oops"}], "End": true}, "Oops": {"Type": "Fail"}"#,
            "",
        )),
        case(
            Rule::NextOutOfScope,
            "Default into a Map processor",
            m(r#""A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsPresent": true, "Next": "M"}], "Default": "Item"},
    "M": {"Type": "Map", "ItemProcessor": {"StartAt": "Item", "States": {"Item": {"Type": "Succeed"}}}, "End": true}"#),
            "/States/A/Default",
        )
        .pos_of(r#""Item"}"#)
        .fixed(m(r#""A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsPresent": true, "Next": "M"}], "Default": "M"},
    "M": {"Type": "Map", "ItemProcessor": {"StartAt": "Item", "States": {"Item": {"Type": "Succeed"}}}, "End": true}"#)),
        case(Rule::NextAndEnd, "Next and End", m(r#""A": {"Type": "Pass", "Next": "B", "End": true},
    "B": {"Type": "Succeed"}"#), "/States/A/End")
            .pos_of(r#""End""#)
            .fixed(m(r#""A": {"Type": "Pass", "Next": "B"},
    "B": {"Type": "Succeed"}"#)),
        case(Rule::MissingTransition, "Pass without Next or End", one(r#"{"Type": "Pass"}"#), "/States/A")
            .pos(4, 10)
            .help("\"End\": true")
            .fixed(one(r#"{"Type": "Pass", "End": true}"#)),
        case(Rule::EndFalse, "End false", m(r#""A": {"Type": "Pass", "End": false, "Next": "B"},
    "B": {"Type": "Succeed"}"#), "/States/A/End")
            .pos_of("false")
            .fixed(m(r#""A": {"Type": "Pass", "Next": "B"},
    "B": {"Type": "Succeed"}"#)),
        case(
            Rule::Unreachable,
            "unreachable cycle",
            m(r#""A": {"Type": "Succeed"},
    "C": {"Type": "Pass", "Next": "D"},
    "D": {"Type": "Pass", "Next": "C"}"#),
            "/States/C",
        )
        .and_at("/States/D")
        .pos(5, 5)
        .fixed(m(r#""A": {"Type": "Pass", "Next": "C"},
    "C": {"Type": "Pass", "Next": "D"},
    "D": {"Type": "Succeed"}"#)),
        case(Rule::NoTerminalState, "loop on itself", one(r#"{"Type": "Pass", "Next": "A"}"#), "/States")
            .fixed(one(r#"{"Type": "Pass", "End": true}"#)),
        case(
            Rule::NoTerminalState,
            "branch that cannot terminate",
            parallel(r#""B": {"Type": "Pass", "Next": "C"}, "C": {"Type": "Pass", "Next": "B"}"#, ""),
            "/States/P/Branches/0/States",
        )
        .state_path("Parallel \"P\" › branch 1")
        .fixed(parallel(r#""B": {"Type": "Pass", "Next": "C"}, "C": {"Type": "Pass", "End": true}"#, "")),
        case(
            Rule::NoTerminalState,
            "terminal state only in an unreachable part",
            m(r#""A": {"Type": "Pass", "Next": "A"},
    "Z": {"Type": "Succeed"}"#),
            "/States",
        )
        .also(Rule::Unreachable),
        case(
            Rule::DuplicateStateName,
            "Done in a branch and at the top",
            parallel(r#""B": {"Type": "Pass", "Next": "After"}, "After": {"Type": "Succeed"}"#, ""),
            "/States/After",
        )
        .pos(5, 5)
        .help("unique")
        .fixed(parallel(r#""B": {"Type": "Pass", "Next": "Done"}, "Done": {"Type": "Succeed"}"#, "")),
        case(
            Rule::DuplicateStateName,
            "Work in two branches",
            one(r#"{"Type": "Parallel", "Branches": [
      {"StartAt": "Work", "States": {"Work": {"Type": "Succeed"}}},
      {"StartAt": "Work", "States": {"Work": {"Type": "Succeed"}}}
    ], "End": true}"#),
            "/States/A/Branches/1/States/Work",
        )
        .pos(6, 38)
        .fixed(one(r#"{"Type": "Parallel", "Branches": [
      {"StartAt": "Work", "States": {"Work": {"Type": "Succeed"}}},
      {"StartAt": "Work2", "States": {"Work2": {"Type": "Succeed"}}}
    ], "End": true}"#)),
        case(
            Rule::Unreachable,
            "unreachable state in a branch",
            parallel(r#""B": {"Type": "Succeed"}, "C": {"Type": "Succeed"}"#, ""),
            "/States/P/Branches/0/States/C",
        )
        .pos_of(r#""C""#)
        .state_path("Parallel \"P\" › branch 1 › \"C\""),
        case(
            Rule::StateNameTooLong,
            "81 characters",
            r#"{"StartAt": "NAME", "States": {"NAME": {"Type": "Succeed"}}}"#.replace("NAME", &long_name),
            &format!("/States/{long_name}"),
        )
        .pos(1, 109)
        .fixed(r#"{"StartAt": "NAME", "States": {"NAME": {"Type": "Succeed"}}}"#.replace("NAME", &name_80)),
        // ---- Choice ----
        case(
            Rule::ChoiceRuleOperator,
            "two operators",
            choice(r#"{"Variable": "$.x", "StringEquals": "a", "IsPresent": true, "Next": "B"}"#),
            "/States/A/Choices/0",
        )
        .message("StringEquals, IsPresent")
        .help("And")
        .fixed(choice(r#"{"Variable": "$.x", "StringEquals": "a", "Next": "B"}"#)),
        case(Rule::ChoiceRuleOperator, "no operator", choice(r#"{"Variable": "$.x", "Next": "B"}"#), "/States/A/Choices/0")
            .fixed(choice(r#"{"Variable": "$.x", "IsNull": false, "Next": "B"}"#)),
        case(
            Rule::ChoiceRuleNext,
            "nested rule with Next",
            choice(r#"{"Not": {"Variable": "$.x", "IsNull": true, "Next": "B"}, "Next": "B"}"#),
            "/States/A/Choices/0/Not/Next",
        )
        .pos_of(r#""Next": "B"},"#)
        .help("top-level rule")
        .fixed(choice(r#"{"Not": {"Variable": "$.x", "IsNull": true}, "Next": "B"}"#)),
        case(Rule::ChoiceRuleNext, "top-level rule without Next", choice(r#"{"Variable": "$.x", "IsNull": true}"#), "/States/A/Choices/0")
            .fixed(choice(r#"{"Variable": "$.x", "IsNull": true, "Next": "B"}"#)),
        case(
            Rule::ChoiceOperandType,
            "NumericEquals \"5\"",
            choice(r#"{"Variable": "$.n", "NumericEquals": "5", "Next": "B"}"#),
            "/States/A/Choices/0/NumericEquals",
        )
        .pos_of(r#""5""#)
        .fixed(choice(r#"{"Variable": "$.n", "NumericEquals": 5, "Next": "B"}"#)),
        case(
            Rule::ChoiceOperandType,
            "StringEquals 1",
            choice(r#"{"Variable": "$.n", "StringEquals": 1, "Next": "B"}"#),
            "/States/A/Choices/0/StringEquals",
        ),
        case(
            Rule::ChoiceNoDefaultUncovered,
            "true and false but no Default",
            m(r#""A": {"Type": "Choice", "Choices": [{"Variable": "$.result.done", "BooleanEquals": true, "Next": "B"}, {"Variable": "$.result.done", "BooleanEquals": false, "Next": "B"}]},
    "B": {"Type": "Succeed"}"#),
            "/States/A",
        )
        .warning()
        .message(r#"matches the input {"result": {"done": {}}}, and it has no `Default`"#)
        .help("add a `Default`")
        .fixed(m(r#""A": {"Type": "Choice", "Choices": [{"Variable": "$.result.done", "BooleanEquals": true, "Next": "B"}, {"Variable": "$.result.done", "BooleanEquals": false, "Next": "B"}], "Default": "B"},
    "B": {"Type": "Succeed"}"#)),
        case(
            Rule::ChoiceNoDefaultUncovered,
            "the other values are not matched",
            m(r#""A": {"Type": "Choice", "Choices": [{"And": [{"Variable": "$.n", "IsNumeric": true}, {"Variable": "$.n", "NumericGreaterThan": 0}], "Next": "B"}, {"Not": {"Variable": "$.kind", "IsPresent": true}, "Next": "B"}]},
    "B": {"Type": "Succeed"}"#),
            "/States/A",
        )
        .warning()
        .message(r#"{"kind": {}, "n": {}}"#)
        // A last rule that holds whatever `$.n` is not a number: no input is certainly left out.
        .fixed(m(r#""A": {"Type": "Choice", "Choices": [{"And": [{"Variable": "$.n", "IsNumeric": true}, {"Variable": "$.n", "NumericGreaterThan": 0}], "Next": "B"}, {"Not": {"Variable": "$.kind", "IsPresent": true}, "Next": "B"}, {"Variable": "$.n", "IsNumeric": false, "Next": "B"}]},
    "B": {"Type": "Succeed"}"#)),
        // ---- errors, Retry and Catch ----
        case(
            Rule::StatesAllPosition,
            "States.ALL not alone",
            retrier(r#"{"ErrorEquals": ["X", "States.ALL"]}"#),
            "/States/A/Retry/0/ErrorEquals/1",
        )
        .pos_of(r#""States.ALL""#)
        .help("remove the other names")
        .fixed(retrier(r#"{"ErrorEquals": ["States.ALL"]}"#)),
        case(
            Rule::StatesAllPosition,
            "States.ALL not last",
            retrier(r#"{"ErrorEquals": ["States.ALL"]}, {"ErrorEquals": ["X"]}"#),
            "/States/A/Retry/0/ErrorEquals/0",
        )
        .help("move this retrier to the end")
        .fixed(retrier(r#"{"ErrorEquals": ["X"]}, {"ErrorEquals": ["States.ALL"]}"#)),
        case(
            Rule::StatesAllPosition,
            "States.ALL not last in Catch",
            m(r#""A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "F"}, {"ErrorEquals": ["X"], "Next": "F"}], "End": true},
    "F": {"Type": "Fail"}"#),
            "/States/A/Catch/0/ErrorEquals/0",
        )
        .help("catcher"),
        case(
            Rule::CatchNeverMatches,
            "catcher repeats an earlier one",
            m(r#""A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Catch": [{"ErrorEquals": ["Timeout"], "Next": "F"}, {"ErrorEquals": ["Timeout"], "Next": "G"}], "End": true},
    "F": {"Type": "Fail"},
    "G": {"Type": "Fail"}"#),
            "/States/A/Catch/1/ErrorEquals",
        )
        .deny()
        .message("this catcher can never be chosen: `Timeout` already handled by the catcher at index 0")
        .help("first catcher that names it")
        .fixed(m(r#""A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Catch": [{"ErrorEquals": ["Timeout"], "Next": "F"}, {"ErrorEquals": ["States.ALL"], "Next": "G"}], "End": true},
    "F": {"Type": "Fail"},
    "G": {"Type": "Fail"}"#)),
        case(
            Rule::CatchNeverMatches,
            "retrier covered by two earlier ones",
            retrier(r#"{"ErrorEquals": ["X"]}, {"ErrorEquals": ["Y"]}, {"ErrorEquals": ["Y", "X"]}"#),
            "/States/A/Retry/2/ErrorEquals",
        )
        .deny()
        .message("`Y`, `X` already handled by the retriers at index 0 and 1")
        .help("remove this retrier")
        .fixed(retrier(r#"{"ErrorEquals": ["X"]}, {"ErrorEquals": ["Y"]}, {"ErrorEquals": ["Y", "Z"]}"#)),
        case(
            Rule::UnknownStatesError,
            "States.All",
            m(r#""Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Retry": [{"ErrorEquals": ["States.All"]}], "End": true}"#)
                .replace("\"StartAt\": \"A\"", "\"StartAt\": \"Charge\""),
            "/States/Charge/Retry/0/ErrorEquals/0",
        )
        .deny()
        .pos_of(r#""States.All""#)
        .help("did you mean `States.ALL`?")
        .fixed(
            m(r#""Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Retry": [{"ErrorEquals": ["States.ALL"]}], "End": true}"#)
                .replace("\"StartAt\": \"A\"", "\"StartAt\": \"Charge\""),
        ),
        case(
            Rule::UnknownStatesError,
            "States.TaskFailled",
            retrier(r#"{"ErrorEquals": ["X", "States.TaskFailled"]}"#),
            "/States/A/Retry/0/ErrorEquals/1",
        )
        .deny()
        .help("did you mean `States.TaskFailed`?")
        .fixed(retrier(r#"{"ErrorEquals": ["X", "States.TaskFailed"]}"#)),
        case(
            Rule::UnknownStatesError,
            "yaml States.All",
            "StartAt: Charge\nStates:\n  Charge:\n    Type: Task\n    Resource: arn:aws:states:::lambda:invoke\n    Retry:\n      - ErrorEquals: [States.All]\n    End: true\n",
            "/States/Charge/Retry/0/ErrorEquals/0",
        )
        .deny()
        .yaml()
        .pos(7, 23)
        .help("did you mean `States.ALL`?")
        .fixed("StartAt: Charge\nStates:\n  Charge:\n    Type: Task\n    Resource: arn:aws:states:::lambda:invoke\n    Retry:\n      - ErrorEquals: [States.ALL]\n    End: true\n"),
        case(Rule::RetrierBounds, "IntervalSeconds 0", retrier(r#"{"ErrorEquals": ["X"], "IntervalSeconds": 0}"#), "/States/A/Retry/0/IntervalSeconds")
            .pos_of("0}")
            .fixed(retrier(r#"{"ErrorEquals": ["X"], "IntervalSeconds": 1}"#)),
        case(Rule::RetrierBounds, "MaxAttempts -1", retrier(r#"{"ErrorEquals": ["X"], "MaxAttempts": -1}"#), "/States/A/Retry/0/MaxAttempts")
            .pos_of("-1")
            .fixed(retrier(r#"{"ErrorEquals": ["X"], "MaxAttempts": 0}"#)),
        case(Rule::RetrierBounds, "BackoffRate 0.5", retrier(r#"{"ErrorEquals": ["X"], "BackoffRate": 0.5}"#), "/States/A/Retry/0/BackoffRate")
            .pos_of("0.5")
            .fixed(retrier(r#"{"ErrorEquals": ["X"], "BackoffRate": 1.0}"#)),
        case(Rule::RetrierBounds, "MaxDelaySeconds 0", retrier(r#"{"ErrorEquals": ["X"], "MaxDelaySeconds": 0}"#), "/States/A/Retry/0/MaxDelaySeconds")
            .fixed(retrier(r#"{"ErrorEquals": ["X"], "MaxDelaySeconds": 31622399}"#)),
        case(
            Rule::RetrierBounds,
            "MaxDelaySeconds 31622400",
            retrier(r#"{"ErrorEquals": ["X"], "MaxDelaySeconds": 31622400}"#),
            "/States/A/Retry/0/MaxDelaySeconds",
        ),
        case(
            Rule::HeartbeatNotBelowTimeout,
            "HeartbeatSeconds = TimeoutSeconds",
            task(r#", "TimeoutSeconds": 60, "HeartbeatSeconds": 60"#),
            "/States/A/HeartbeatSeconds",
        )
        .pos_of("60, \"End\"")
        .fixed(task(r#", "TimeoutSeconds": 60, "HeartbeatSeconds": 59"#)),
        // ---- paths, payload templates and intrinsic functions ----
        case(Rule::InvalidPath, "InputPath bug$.x", one(r#"{"Type": "Pass", "InputPath": "bug$.x", "End": true}"#), "/States/A/InputPath")
            .pos_of(r#""bug$.x""#)
            .help("a path starts with `$`")
            .fixed(one(r#"{"Type": "Pass", "InputPath": "$.x", "End": true}"#)),
        case(
            Rule::InvalidPath,
            "ItemsPath holds an intrinsic",
            map("", r#", "ItemsPath": "States.Array($.a)""#),
            "/States/A/ItemsPath",
        )
        .help("not an intrinsic function")
        .fixed(map("", r#", "ItemsPath": "$.a""#)),
        case(Rule::InvalidReferencePath, "ResultPath $$.x", task(r#", "ResultPath": "$$.x""#), "/States/A/ResultPath")
            .pos_of(r#""$$.x""#)
            .message("context object")
            .fixed(task(r#", "ResultPath": "$.x""#)),
        case(Rule::InvalidReferencePath, "ResultPath $var", task(r#", "ResultPath": "$var""#), "/States/A/ResultPath")
            .message("Assign")
            .fixed(task(r#", "ResultPath": "$.var""#)),
        case(Rule::InvalidReferencePath, "ResultPath $..x", task(r#", "ResultPath": "$..x""#), "/States/A/ResultPath")
            .help("$.result")
            .fixed(task(r#", "ResultPath": "$.x""#)),
        case(Rule::InvalidReferencePath, "Catch ResultPath $.a[*]", m(r#""A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.a[*]", "Next": "F"}], "End": true},
    "F": {"Type": "Fail"}"#), "/States/A/Catch/0/ResultPath"),
        case(Rule::InvalidReferencePath, "Choice Variable $.a[*]", choice(r#"{"Variable": "$.a[*]", "IsPresent": true, "Next": "B"}"#), "/States/A/Choices/0/Variable")
            .fixed(choice(r#"{"Variable": "$.a[0]", "IsPresent": true, "Next": "B"}"#)),
        case(
            Rule::InvalidDynamicValue,
            "Input.$ not a path",
            params(r#"{"Input.$": "not a path"}"#),
            "/States/A/Parameters/Input.$",
        )
        .pos_of(r#""not a path""#)
        .help("without `.$`")
        .fixed(params(r#"{"Input": "not a path"}"#)),
        case(Rule::InvalidDynamicValue, "x.$ a number", params(r#"{"x.$": 5}"#), "/States/A/Parameters/x.$")
            .help("remove `.$`")
            .fixed(params(r#"{"x": 5}"#)),
        case(
            Rule::PayloadDuplicateKey,
            "x and x.$",
            params(r#"{"x": 1, "x.$": "$.y"}"#),
            "/States/A/Parameters/x.$",
        )
        .pos_of(r#""x.$""#)
        .fixed(params(r#"{"x.$": "$.y"}"#)),
        case(
            Rule::UnknownIntrinsic,
            "States.Concat",
            params(r#"{"x.$": "States.Concat($.a, $.b)"}"#),
            "/States/A/Parameters/x.$",
        )
        .pos_of(r#""States.Concat"#)
        .help("States.Format")
        .fixed(params(r#"{"x.$": "States.Format('{}{}', $.a, $.b)"}"#)),
        case(Rule::UnknownIntrinsic, "States.Xyz", params(r#"{"x.$": "States.Xyz($.a)"}"#), "/States/A/Parameters/x.$")
            .help("States.Format"),
        case(
            Rule::IntrinsicArity,
            "ArrayLength with two arguments",
            params(r#"{"x.$": "States.ArrayLength($.a, $.b)"}"#),
            "/States/A/Parameters/x.$",
        )
        .help("usage: States.ArrayLength")
        .fixed(params(r#"{"x.$": "States.ArrayLength($.a)"}"#)),
        case(
            Rule::IntrinsicArgument,
            "MathAdd with a string",
            params(r#"{"x.$": "States.MathAdd($.n, '1')"}"#),
            "/States/A/Parameters/x.$",
        )
        .fixed(params(r#"{"x.$": "States.MathAdd($.n, 1)"}"#)),
        case(
            Rule::IntrinsicNesting,
            "eleven nested calls",
            params(&format!(r#"{{"x.$": "{}"}}"#, nested_arrays(11))),
            "/States/A/Parameters/x.$",
        )
        .message("11 deep")
        .fixed(params(&format!(r#"{{"x.$": "{}"}}"#, nested_arrays(10)))),
        case(
            Rule::FormatPlaceholders,
            "two placeholders, one argument",
            params(r#"{"x.$": "States.Format('{} and {}', $.a)"}"#),
            "/States/A/Parameters/x.$",
        )
        .deny()
        .fixed(params(r#"{"x.$": "States.Format('{} and {}', $.a, $.b)"}"#)),
        // ---- JSONata ----
        case(
            Rule::JsonataSyntax,
            "10 + * 2",
            one_j(r#"{"Type": "Pass", "Output": "{% 10 + * 2 %}", "End": true}"#),
            "/States/A/Output",
        )
        .pos_of(r#""{%"#)
        .fixed(one_j(r#"{"Type": "Pass", "Output": "{% 10 + 2 %}", "End": true}"#)),
        case(
            Rule::JsonataSyntax,
            "Condition with a syntax error",
            mj(r#""A": {"Type": "Choice", "Choices": [{"Condition": "{% $states.input.x > %}", "Next": "B"}], "Default": "B"},
    "B": {"Type": "Succeed"}"#),
            "/States/A/Choices/0/Condition",
        ),
        case(
            Rule::JsonataDelimiters,
            "half-delimited {% x",
            one_j(r#"{"Type": "Pass", "Output": {"y": "{% $states.input.x"}, "End": true}"#),
            "/States/A/Output/y",
        )
        .pos_of(r#""{% $states"#)
        .help("{% … %}")
        .fixed(one_j(r#"{"Type": "Pass", "Output": {"y": "{% $states.input.x %}"}, "End": true}"#)),
        case(
            Rule::JsonataDelimiters,
            "half-delimited x %}",
            one_j(r#"{"Type": "Pass", "Output": "$states.input %}", "End": true}"#),
            "/States/A/Output",
        ),
        case(
            Rule::JsonataStatesVariable,
            "$states.result in Arguments",
            one_j(r#"{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Arguments": {"x": "{% $states.result %}"}, "End": true}"#),
            "/States/A/Arguments/x",
        )
        .pos_of(r#""{% $states.result"#)
        .message("$states.result")
        .fixed(one_j(r#"{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Output": {"x": "{% $states.result %}"}, "End": true}"#)),
        case(
            Rule::JsonataStatesVariable,
            "$states.errorOutput outside a Catch",
            mj(r#""A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Output": "{% $states.errorOutput %}", "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "F"}], "End": true},
    "F": {"Type": "Fail"}"#),
            "/States/A/Output",
        )
        .message("$states.errorOutput")
        .fixed(mj(r#""A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Catch": [{"ErrorEquals": ["States.ALL"], "Output": "{% $states.errorOutput %}", "Next": "F"}], "End": true},
    "F": {"Type": "Fail"}"#)),
        case(
            Rule::QueryLanguageMix,
            "Parameters in a JSONata state",
            one_j(r#"{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"x": 1}, "End": true}"#),
            "/States/A/Parameters",
        )
        .pos_of(r#""Parameters""#)
        .help("use `Arguments` instead")
        .fixed(one_j(r#"{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Arguments": {"x": 1}, "End": true}"#)),
        case(
            Rule::QueryLanguageMix,
            "Output in a JSONPath state",
            one(r#"{"Type": "Pass", "Output": {"x": 1}, "End": true}"#),
            "/States/A/Output",
        )
        .pos_of(r#""Output""#)
        .help("QueryLanguage")
        .fixed(one(r#"{"Type": "Pass", "QueryLanguage": "JSONata", "Output": {"x": 1}, "End": true}"#)),
        case(
            Rule::QueryLanguageMix,
            "JSONPath state in a JSONata machine",
            one_j(r#"{"Type": "Pass", "QueryLanguage": "JSONPath", "End": true}"#),
            "/States/A/QueryLanguage",
        )
        .pos_of(r#""JSONPath""#)
        .fixed(one_j(r#"{"Type": "Pass", "End": true}"#)),
        case(
            Rule::QueryLanguageMix,
            "Variable in a JSONata Choice rule",
            mj(r#""A": {"Type": "Choice", "Choices": [{"Condition": "{% true %}", "Variable": "$.x", "Next": "B"}], "Default": "B"},
    "B": {"Type": "Succeed"}"#),
            "/States/A/Choices/0/Variable",
        )
        .help("Condition"),
        case(
            Rule::QueryLanguageMix,
            "JSONPath comparison operator in a JSONata Choice rule",
            mj(r#""A": {"Type": "Choice", "Choices": [{"Condition": "{% true %}", "StringEquals": "a", "Next": "B"}], "Default": "B"},
    "B": {"Type": "Succeed"}"#),
            "/States/A/Choices/0/StringEquals",
        )
        .fixed(mj(r#""A": {"Type": "Choice", "Choices": [{"Condition": "{% $states.input = 'a' %}", "Next": "B"}], "Default": "B"},
    "B": {"Type": "Succeed"}"#)),
        // ---- variables ----
        case(Rule::VariableName, "variable states", one(r#"{"Type": "Pass", "Assign": {"states": 1}, "End": true}"#), "/States/A/Assign/states")
            .pos_of(r#""states""#)
            .message("reserved")
            .fixed(one(r#"{"Type": "Pass", "Assign": {"state": 1}, "End": true}"#)),
        case(Rule::VariableName, "variable a-b", one(r#"{"Type": "Pass", "Assign": {"a-b": 1}, "End": true}"#), "/States/A/Assign/a-b")
            .pos_of(r#""a-b""#)
            .fixed(one(r#"{"Type": "Pass", "Assign": {"a_b": 1}, "End": true}"#)),
        case(
            Rule::VariableName,
            "variable a-b.$",
            one(r#"{"Type": "Pass", "Assign": {"a-b.$": "$.x"}, "End": true}"#),
            "/States/A/Assign/a-b.$",
        ),
        case(
            Rule::VariableShadowsOuter,
            "branch assigns an outer variable",
            r#"{"StartAt": "Init", "States": {
    "Init": {"Type": "Pass", "Assign": {"total": 0}, "Next": "P"},
    "P": {"Type": "Parallel", "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Pass", "Assign": {"total": 1}, "End": true}}}], "End": true}
  }}"#,
            "/States/P/Branches/0/States/B/Assign/total",
        )
        .pos_of(r#""total": 1"#)
        .help("different name")
        .fixed(r#"{"StartAt": "Init", "States": {
    "Init": {"Type": "Pass", "Assign": {"total": 0}, "Next": "P"},
    "P": {"Type": "Parallel", "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Pass", "Assign": {"subtotal": 1}, "End": true}}}], "End": true}
  }}"#),
        case(
            Rule::VariableShadowsOuter,
            "Map processor assigns an outer variable",
            r#"{"StartAt": "Init", "States": {
    "Init": {"Type": "Pass", "Assign": {"total": 0}, "Next": "M"},
    "M": {"Type": "Map", "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "Assign": {"total": 1}, "End": true}}}, "End": true}
  }}"#,
            "/States/M/ItemProcessor/States/I/Assign/total",
        ),
        case(
            Rule::VariableUnassigned,
            "reading $totl",
            m(r#""A": {"Type": "Pass", "Assign": {"total": 1}, "Next": "B"},
    "B": {"Type": "Pass", "Parameters": {"x.$": "$totl"}, "End": true}"#),
            "/States/B/Parameters/x.$",
        )
        .warning()
        .pos_of(r#""$totl""#)
        .help("did you mean `$total`?")
        .fixed(m(r#""A": {"Type": "Pass", "Assign": {"total": 1}, "Next": "B"},
    "B": {"Type": "Pass", "Parameters": {"x.$": "$total"}, "End": true}"#)),
        case(
            Rule::VariableUnassigned,
            "reading an unassigned variable in JSONata",
            one_j(r#"{"Type": "Pass", "Output": "{% $nothing %}", "End": true}"#),
            "/States/A/Output",
        )
        .warning()
        .help("Assign"),
        // ---- Task resources ----
        case(Rule::InvalidResource, "InvalidArn", one(r#"{"Type": "Task", "Resource": "InvalidArn", "End": true}"#), "/States/A/Resource")
            .pos_of(r#""InvalidArn""#)
            .message("not an ARN")
            .help("arn:aws:states:::lambda:invoke")
            .fixed(task("")),
        case(
            Rule::InvalidResource,
            "unknown partition",
            one(r#"{"Type": "Task", "Resource": "arn:aws-cm:states:::lambda:invoke", "End": true}"#),
            "/States/A/Resource",
        )
        .help("did you mean `aws-cn`?"),
        case(
            Rule::UnsupportedIntegration,
            "sns:publish.sync",
            one(r#"{"Type": "Task", "Resource": "arn:aws:states:::sns:publish.sync", "End": true}"#),
            "/States/A/Resource",
        )
        .pos_of(r#""arn:"#)
        .fixed(one(r#"{"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "End": true}"#)),
        case(
            Rule::UnsupportedIntegration,
            "dynamodb:query",
            one(r#"{"Type": "Task", "Resource": "arn:aws:states:::dynamodb:query", "End": true}"#),
            "/States/A/Resource",
        )
        .help("aws-sdk")
        .fixed(one(r#"{"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:dynamodb:query", "End": true}"#)),
        case(
            Rule::ExpressUnsupported,
            ".sync on EXPRESS",
            one(r#"{"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync", "End": true}"#),
            "/States/A/Resource",
        )
        .express()
        .pos_of(r#""arn:"#)
        .message(".sync")
        .help("STANDARD")
        .fixed(one(r#"{"Type": "Task", "Resource": "arn:aws:states:::states:startExecution", "End": true}"#)),
        case(
            Rule::ExpressUnsupported,
            ".waitForTaskToken on EXPRESS",
            one(r#"{"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "End": true}"#),
            "/States/A/Resource",
        )
        .express()
        .message(".waitForTaskToken")
        .fixed(one(r#"{"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage", "End": true}"#)),
        case(
            Rule::ExpressUnsupported,
            "aws-sdk .waitForTaskToken on EXPRESS",
            one(r#"{"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:sqs:sendMessage.waitForTaskToken", "End": true}"#),
            "/States/A/Resource",
        )
        .express(),
        case(
            Rule::ExpressUnsupported,
            "activity on EXPRESS",
            one(r#"{"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:Approve", "End": true}"#),
            "/States/A/Resource",
        )
        .express()
        .message("activity")
        .fixed(one(r#"{"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Approve", "End": true}"#)),
        // ---- Wait ----
        case(Rule::WaitForm, "Wait with no form", one(r#"{"Type": "Wait", "End": true}"#), "/States/A")
            .pos(4, 10)
            .help("\"Seconds\": 10")
            .fixed(one(r#"{"Type": "Wait", "Seconds": 10, "End": true}"#)),
        case(
            Rule::WaitForm,
            "Wait with two forms",
            one(r#"{"Type": "Wait", "Seconds": 10, "Timestamp": "2026-01-01T10:00:00Z", "End": true}"#),
            "/States/A",
        )
        .message("not both")
        .fixed(one(r#"{"Type": "Wait", "Timestamp": "2026-01-01T10:00:00Z", "End": true}"#)),
        case(
            Rule::InvalidTimestamp,
            "space instead of T",
            one(r#"{"Type": "Wait", "Timestamp": "2026-01-01 10:00:00", "End": true}"#),
            "/States/A/Timestamp",
        )
        .pos_of(r#""2026"#)
        .help("2026-03-14T01:59:00Z")
        .fixed(one(r#"{"Type": "Wait", "Timestamp": "2026-01-01T10:00:00Z", "End": true}"#)),
        case(
            Rule::InvalidTimestamp,
            "TimestampEquals without a zone",
            choice(r#"{"Variable": "$.t", "TimestampEquals": "2026-01-01T10:00:00", "Next": "B"}"#),
            "/States/A/Choices/0/TimestampEquals",
        )
        .fixed(choice(r#"{"Variable": "$.t", "TimestampEquals": "2026-01-01T10:00:00+01:00", "Next": "B"}"#)),
        // ---- Map ----
        case(Rule::MapProcessor, "no processor", one(r#"{"Type": "Map", "End": true}"#), "/States/A")
            .pos(4, 10)
            .help("ItemProcessor")
            .fixed(map("", "")),
        case(
            Rule::MapProcessor,
            "ItemProcessor and Iterator",
            map("", r#", "Iterator": {"StartAt": "I2", "States": {"I2": {"Type": "Succeed"}}}"#),
            "/States/A/Iterator",
        )
        .pos_of(r#""Iterator""#)
        .fixed(map("", "")),
        case(
            Rule::MapExecutionType,
            "DISTRIBUTED without ExecutionType",
            map(r#""ProcessorConfig": {"Mode": "DISTRIBUTED"}, "#, ""),
            "/States/A/ItemProcessor/ProcessorConfig",
        )
        .pos_of(r#"{"Mode""#)
        .help("ExecutionType")
        .fixed(map(r#""ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "#, "")),
        case(
            Rule::ItemBatcherEmpty,
            "empty ItemBatcher",
            map(r#""ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "#, r#", "ItemBatcher": {}"#),
            "/States/A/ItemBatcher",
        )
        .pos_of("{}")
        .help("MaxItemsPerBatch")
        .fixed(map(r#""ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "#, r#", "ItemBatcher": {"MaxItemsPerBatch": 10}"#)),
        case(
            Rule::ToleratedFailure,
            "ToleratedFailurePercentage 105",
            map(r#""ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "#, r#", "ToleratedFailurePercentage": 105"#),
            "/States/A/ToleratedFailurePercentage",
        )
        .pos_of("105")
        .fixed(map(r#""ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "#, r#", "ToleratedFailurePercentage": 100"#)),
        case(
            Rule::ToleratedFailure,
            "ToleratedFailureCount -1",
            map(r#""ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "#, r#", "ToleratedFailureCount": -1"#),
            "/States/A/ToleratedFailureCount",
        ),
        case(
            Rule::MapLabel,
            "Label too long",
            map(r#""ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "#, &format!(r#", "Label": "{}""#, "L".repeat(41))),
            "/States/A/Label",
        )
        .message("41 characters")
        .fixed(map(r#""ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "#, &format!(r#", "Label": "{}""#, "L".repeat(40)))),
        case(
            Rule::MapLabel,
            "Label with {",
            map(r#""ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "#, r#", "Label": "batch{1}""#),
            "/States/A/Label",
        )
        .pos_of(r#""batch"#)
        .message("'{'")
        .fixed(map(r#""ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "#, r#", "Label": "batch-1""#)),
        // ---- AWS's warnings ----
        // ---- lints for what AWS accepts ----
        case(
            Rule::ContextPathWhitespace,
            "trailing space after a context path",
            params(r#"{"name.$": "$$.Execution.Name "}"#),
            "/States/A/Parameters/name.$",
        )
        .warning()
        .help("AWS trims the whitespace")
        .fixed(params(r#"{"name.$": "$$.Execution.Name"}"#)),
        case(
            Rule::ContextPathWhitespace,
            "InputPath with a leading space",
            one(r#"{"Type": "Pass", "InputPath": " $$.Execution.Input", "End": true}"#),
            "/States/A/InputPath",
        )
        .warning(),
        case(
            Rule::QualifiedIntegrationArn,
            "aws-sdk with region and account",
            one(r#"{"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:aws-sdk:s3:putObject", "End": true}"#),
            "/States/A/Resource",
        )
        .warning()
        .help("arn:aws:states:::aws-sdk:s3:putObject")
        .fixed(one(r#"{"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:putObject", "End": true}"#)),
        case(
            Rule::QualifiedIntegrationArn,
            "optimized integration with a region",
            one(r#"{"Type": "Task", "Resource": "arn:aws:states:eu-west-1::lambda:invoke", "End": true}"#),
            "/States/A/Resource",
        )
        .warning()
        .help("arn:aws:states:::lambda:invoke"),
        case(
            Rule::JsonataInJsonPath,
            "JSONata in a JSONPath Parameters",
            params(r#"{"total": "{% $states.input.a + 1 %}"}"#),
            "/States/A/Parameters/total",
        )
        .deny()
        .help("QueryLanguage")
        .fixed(params(r#"{"total.$": "States.MathAdd($.a, 1)"}"#)),
        case(Rule::NoDollar, "Input: $.x in Parameters", params(r#"{"Input": "$.x"}"#), "/States/A/Parameters/Input")
            .warning()
            .pos_of(r#""$.x""#)
            .help("`Input.$`")
            .fixed(params(r#"{"Input.$": "$.x"}"#)),
        case(Rule::NoDollar, "States.Format without .$", params(r#"{"x": "States.Format('{}', $.a)"}"#), "/States/A/Parameters/x")
            .warning(),
        case(Rule::NoPath, "Error: $.code on Fail", one(r#"{"Type": "Fail", "Error": "$.code"}"#), "/States/A/Error")
            .warning()
            .pos_of(r#""$.code""#)
            .help("ErrorPath")
            .fixed(one(r#"{"Type": "Fail", "ErrorPath": "$.code"}"#)),
        case(
            Rule::PassResultIsStatic,
            "Result with x.$",
            one(r#"{"Type": "Pass", "Result": {"x.$": "$.y"}, "End": true}"#),
            "/States/A/Result/x.$",
        )
        .warning()
        .pos_of(r#""x.$""#)
        .help("Parameters")
        .fixed(one(r#"{"Type": "Pass", "Parameters": {"x.$": "$.y"}, "End": true}"#)),
        case(
            Rule::PassResultIsStatic,
            "nested x.$ in Result",
            one(r#"{"Type": "Pass", "Result": {"a": [{"x.$": "$.y"}]}, "End": true}"#),
            "/States/A/Result/a/0/x.$",
        )
        .warning()
        .pos_of(r#""x.$""#),
    ]
}

// ---------------------------------------------------------------------------------------------
// Running the table

fn run(text: &str, format: Format, express: bool) -> Report {
    let options = Options {
        machine_type: express.then_some(MachineType::Express),
    };
    check(text, format, &options)
}

fn show(report: &Report) -> String {
    report
        .diagnostics
        .iter()
        .map(|d| {
            let pos = d
                .pos
                .map_or(String::from("?"), |p| format!("{}:{}", p.line, p.column));
            format!(
                "\n    {pos} {d} help={:?} state_path={:?}",
                d.help, d.location.state_path
            )
        })
        .collect()
}

/// Line and column (1-based, in characters) of the first occurrence of `needle` in `text`.
fn line_col(text: &str, needle: &str) -> (u32, u32) {
    let offset = text
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` is not in the definition"));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..offset].chars().count() + 1;
    (line as u32, column as u32)
}

/// Checks one case; returns the problems found (empty when it passes).
fn check_case(c: &Case) -> Vec<String> {
    let mut problems = Vec::new();
    let report = run(&c.text, c.format, c.express);
    let mine: Vec<&Diagnostic> = report
        .diagnostics
        .iter()
        .filter(|d| d.rule == c.rule)
        .collect();
    let code = c.rule.code();

    // The rule's table level and severity are what the case expects.
    if c.rule.level() != c.level {
        problems.push(format!(
            "Rule::level() is {:?}, expected {:?}",
            c.rule.level(),
            c.level
        ));
    }
    if c.rule.severity() != c.severity {
        problems.push(format!(
            "Rule::severity() is {:?}, expected {:?}",
            c.rule.severity(),
            c.severity
        ));
    }

    let mut pointers = vec![c.pointer.clone()];
    pointers.extend(c.more_pointers.iter().cloned());
    for pointer in &pointers {
        let at: Vec<&&Diagnostic> = mine
            .iter()
            .filter(|d| &d.location.pointer == pointer)
            .collect();
        if at.len() != 1 {
            problems.push(format!(
                "expected exactly one `{code}` at `{pointer}`, found {}",
                at.len()
            ));
        }
    }
    if mine.len() != pointers.len() {
        problems.push(format!(
            "expected {} `{code}` diagnostic(s) in all, found {}",
            pointers.len(),
            mine.len()
        ));
    }
    let allowed: BTreeSet<Rule> = c.others.iter().copied().chain([c.rule]).collect();
    for d in &report.diagnostics {
        if !allowed.contains(&d.rule) {
            problems.push(format!(
                "unexpected `{}` at `{}`",
                d.code(),
                d.location.pointer
            ));
        }
    }

    if let Some(d) = mine.iter().find(|d| d.location.pointer == c.pointer) {
        if d.severity != c.severity {
            problems.push(format!(
                "severity {:?}, expected {:?}",
                d.severity, c.severity
            ));
        }
        if d.level != c.level {
            problems.push(format!("level {:?}, expected {:?}", d.level, c.level));
        }
        let expected_pos = c.pos.or_else(|| c.pos_of.map(|n| line_col(&c.text, n)));
        match (expected_pos, d.pos) {
            (Some((line, column)), Some(p)) if (p.line, p.column) != (line, column) => {
                problems.push(format!(
                    "at {}:{}, expected {line}:{column}",
                    p.line, p.column
                ));
            }
            (Some(_), None) => problems.push("no position".into()),
            _ => {}
        }
        if d.pos.is_none() {
            problems.push("the diagnostic has no line and column".into());
        }
        if let Some(help) = c.help {
            match &d.help {
                Some(h) if h.contains(help) => {}
                other => problems.push(format!("help {other:?} does not contain {help:?}")),
            }
        }
        if let Some(message) = c.message
            && !d.message.contains(message)
        {
            problems.push(format!(
                "message {:?} does not contain {message:?}",
                d.message
            ));
        }
        if let Some(state_path) = c.state_path
            && d.location.state_path != state_path
        {
            problems.push(format!(
                "state path {:?}, expected {state_path:?}",
                d.location.state_path
            ));
        }
        if d.message.trim().is_empty() {
            problems.push("empty message".into());
        }
    }

    // A lint is something AWS accepts: capped at warn, the case passes unless a cascade it
    // cannot avoid is an error; allowed, the rule is not reported.
    if c.level != Level::Error {
        let mut capped = report.clone();
        let mut levels = LintLevels::default();
        levels.cap(Level::Warn).expect("warn is a lint level");
        capped.apply_lint_levels(&levels);
        if c.others.is_empty() && !capped.is_valid() {
            problems.push(format!(
                "`--cap-lints warn` must accept a lint case:{}",
                show(&capped)
            ));
        }
        let mut allowed = report.clone();
        let mut levels = LintLevels::default();
        levels.set(code, Level::Allow).expect("a lint");
        allowed.apply_lint_levels(&levels);
        if allowed.diagnostics.iter().any(|d| d.rule == c.rule) {
            problems.push(format!("`--allow {code}` must silence it"));
        }
    }

    if c.still_valid && !report.is_valid() {
        problems.push("a warning-only definition must still be valid".into());
    }
    if !c.still_valid && report.is_valid() {
        problems.push("an error case must not be valid".into());
    }

    if let Some(fixed) = &c.fixed {
        let report = run(fixed, c.format, c.express);
        if report.diagnostics.iter().any(|d| d.rule == c.rule) {
            problems.push(format!(
                "the fixed twin still reports `{code}`:{}",
                show(&report)
            ));
        } else if !report.diagnostics.is_empty() {
            problems.push(format!("the fixed twin is not clean:{}", show(&report)));
        }
    }

    if !problems.is_empty() {
        problems.push(format!("diagnostics:{}", show(&report)));
    }
    problems
}

#[test]
fn every_case_reports_its_rule() {
    let mut failures = Vec::new();
    for c in cases() {
        let problems = check_case(&c);
        if !problems.is_empty() {
            failures.push(format!(
                "[{}] {}:\n  {}",
                c.rule.code(),
                c.label,
                problems.join("\n  ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// The rules of state machine definitions. The `appsync-*` rules check GraphQL APIs, not
/// definitions: their cases and fixed twins are in `workflow_core::appsync`'s tests.
fn definition_rules() -> impl Iterator<Item = &'static Rule> {
    Rule::ALL
        .iter()
        // AppSync, Amplify and Cognito rules have their cases beside their validators.
        .filter(|r| !r.code().starts_with("appsync-") && !Rule::AMPLIFY_AND_COGNITO.contains(r))
        // The macro's own lints are about Rust types: their cases are ui tests.
        .filter(|r| !Rule::MACRO_ONLY.contains(r))
}

#[test]
fn every_rule_has_a_case() {
    let covered: BTreeSet<&str> = cases().iter().map(|c| c.rule.code()).collect();
    let all: BTreeSet<&str> = definition_rules().map(|r| r.code()).collect();
    let missing: Vec<&&str> = all.difference(&covered).collect();
    assert!(missing.is_empty(), "rules without a case: {missing:?}");
    let unknown: Vec<&&str> = covered.difference(&all).collect();
    assert!(
        unknown.is_empty(),
        "cases for rules not in Rule::ALL: {unknown:?}"
    );
}

#[test]
fn every_rule_has_a_fixed_twin() {
    // Every rule has at least one case whose corrected definition is checked too.
    let with_twin: BTreeSet<&str> = cases()
        .iter()
        .filter(|c| c.fixed.is_some())
        .map(|c| c.rule.code())
        .collect();
    let missing: Vec<&str> = definition_rules()
        .map(|r| r.code())
        .filter(|c| !with_twin.contains(c))
        .collect();
    assert!(
        missing.is_empty(),
        "rules without a fixed twin: {missing:?}"
    );
}

#[test]
fn collects_every_mistake_in_one_run() {
    let text = r#"{
  "StartAt": "Charge",
  "States": {
    "Charge": {
      "Type": "Task",
      "Resource": "InvalidArn",
      "Parameters": {"Input": "$.order"},
      "Retry": [{"ErrorEquals": ["States.All"], "BackoffRate": 0.5}],
      "Nxt": "Ship",
      "Next": "Shp"
    },
    "Ship": {"Type": "Wait", "Seconds": "10", "End": true},
    "Fail": {"Type": "Fail", "Error": "$.code"}
  }
}"#;
    let report = check(text, Format::Json, &Options::default());
    let got: BTreeSet<(&str, &str)> = report
        .diagnostics
        .iter()
        .map(|d| (d.code(), d.location.pointer.as_str()))
        .collect();
    let expected = [
        ("invalid-resource", "/States/Charge/Resource"),
        ("no-dollar", "/States/Charge/Parameters/Input"),
        (
            "unknown-states-error",
            "/States/Charge/Retry/0/ErrorEquals/0",
        ),
        ("retrier-bounds", "/States/Charge/Retry/0/BackoffRate"),
        ("unknown-field", "/States/Charge/Nxt"),
        ("next-unknown-state", "/States/Charge/Next"),
        ("wrong-type", "/States/Ship/Seconds"),
        ("unreachable-state", "/States/Fail"),
        ("no-path", "/States/Fail/Error"),
    ];
    for e in expected {
        assert!(got.contains(&e), "missing {e:?}:{}", show(&report));
    }
    assert!(!report.is_valid());
    // Sorted by position.
    let positions: Vec<_> = report.diagnostics.iter().map(|d| d.pos).collect();
    let mut sorted = positions.clone();
    sorted.sort();
    assert_eq!(positions, sorted);
}

#[test]
fn warnings_leave_the_definition_valid() {
    let text = r#"{"StartAt": "A", "States": {
    "A": {"Type": "Pass", "Parameters": {"Input": "$.x"}, "Result": {"x.$": "$.y"}, "Next": "F"},
    "F": {"Type": "Fail", "Error": "$.code"}
  }}"#;
    let report = check(text, Format::Json, &Options::default());
    let codes: BTreeSet<&str> = report.diagnostics.iter().map(Diagnostic::code).collect();
    assert_eq!(
        codes,
        BTreeSet::from(["no-dollar", "no-path", "pass-result-is-static"]),
        "{}",
        show(&report)
    );
    assert!(
        report
            .diagnostics
            .iter()
            .all(|d| d.severity == Severity::Warning)
    );
    assert!(report.is_valid());
    assert!(report.validated().is_some());
}

#[test]
fn placeholders_are_accepted_as_resources() {
    for resource in [
        r#""${LambdaArn}""#,
        r#""arn:${AWS::Partition}:states:::lambda:invoke""#,
        r#"{"Fn::GetAtt": ["Fn", "Arn"]}"#,
    ] {
        let text = one(&format!(
            r#"{{"Type": "Task", "Resource": {resource}, "End": true}}"#
        ));
        let report = check(&text, Format::Json, &Options::default());
        assert!(
            report.diagnostics.is_empty(),
            "{resource}:{}",
            show(&report)
        );
        assert!(report.is_valid(), "{resource}");
    }
}

#[test]
fn express_options_override_standard() {
    // The same .sync call is fine on STANDARD (the default) and refused on EXPRESS.
    let text = one(
        r#"{"Type": "Task", "Resource": "arn:aws:states:::glue:startJobRun.sync", "End": true}"#,
    );
    assert!(
        check(&text, Format::Json, &Options::default())
            .diagnostics
            .is_empty()
    );
    let standard = Options {
        machine_type: Some(MachineType::Standard),
    };
    assert!(check(&text, Format::Json, &standard).diagnostics.is_empty());
    let express = check(
        &text,
        Format::Json,
        &Options {
            machine_type: Some(MachineType::Express),
        },
    );
    assert_eq!(express.diagnostics.len(), 1, "{}", show(&express));
    assert_eq!(express.diagnostics[0].rule, Rule::ExpressUnsupported);
}

#[test]
fn placeholders_are_accepted_as_numbers() {
    // As SAM definition files write them: YAML plain scalars, and JSON unquoted. A deploy
    // substitutes the text before AWS parses it (`Seconds: 30`).
    let yaml = r#"StartAt: Remind
States:
  Remind:
    Type: Wait
    Seconds: ${ReminderTimeout}
    Next: Call
  Call:
    Type: Task
    Resource: ${NotifyArn}
    TimeoutSeconds: ${CallTimeout}
    Retry:
      - ErrorEquals: [States.ALL]
        MaxAttempts: ${Attempts}
        BackoffRate: ${Backoff}
    Next: Check
  Check:
    Type: Choice
    Choices:
      - Variable: $.count
        NumericGreaterThan: ${Threshold}
        Next: Done
    Default: Done
  Done:
    Type: Succeed
"#;
    let json = r#"{"StartAt": "Remind", "States": {
        "Remind": {"Type": "Wait", "Seconds": ${ReminderTimeout}, "Next": "Each"},
        "Each": {"Type": "Map", "MaxConcurrency": ${Width},
                 "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}},
                 "End": true}}}"#;
    for (text, format, numbers) in [
        (
            yaml,
            Format::Yaml,
            &[
                r#""Seconds": ${ReminderTimeout}"#,
                r#""TimeoutSeconds": ${CallTimeout}"#,
                r#""MaxAttempts": ${Attempts}"#,
                r#""BackoffRate": ${Backoff}"#,
                r#""NumericGreaterThan": ${Threshold}"#,
            ][..],
        ),
        (
            json,
            Format::Json,
            &[
                r#""Seconds": ${ReminderTimeout}"#,
                r#""MaxConcurrency": ${Width}"#,
            ][..],
        ),
    ] {
        let report = check(text, format, &Options::default());
        assert!(report.diagnostics.is_empty(), "{}", show(&report));
        let emitted = report.validated().expect("valid").to_json_string();
        for number in numbers {
            assert!(emitted.contains(number), "{number} in {emitted}");
        }
        // The emitted text reads back the same, and a deploy's substitution makes it JSON with
        // numbers in those fields.
        let again = check(&emitted, Format::Json, &Options::default());
        assert_eq!(again.validated().expect("valid").to_json_string(), emitted);
        let mut substituted = emitted.clone();
        for p in workflow_core::placeholder::scan(&emitted).iter().rev() {
            // The ARN's placeholder stands inside a string, the others where a number goes.
            let value = if p.name == "NotifyArn" {
                "arn:aws:lambda:us-east-1:123456789012:function:notify"
            } else {
                "3"
            };
            substituted.replace_range(p.start..p.end, value);
        }
        let parsed: serde_json::Value = serde_json::from_str(&substituted).expect(&substituted);
        assert_eq!(parsed["States"]["Remind"]["Seconds"], 3);
    }
    // Only a whole placeholder stands for a number: a deploy would leave `${Minutes}m` a string.
    let report = check(
        &one(r#"{"Type": "Wait", "Seconds": "${Minutes}m", "End": true}"#),
        Format::Json,
        &Options::default(),
    );
    assert!(
        report.diagnostics.iter().any(|d| d.rule == Rule::WrongType),
        "{}",
        show(&report)
    );
}
