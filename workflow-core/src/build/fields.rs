//! Which fields each ASL object has, by state type and query language: the parser's tables,
//! from which the `workflow!` macro derives its own field names.

use crate::model::QueryLanguage;

pub(super) const STATE_TYPES: &[&str] = &[
    "Task", "Pass", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map",
];

pub(super) const MACHINE_FIELDS: &[&str] = &[
    "Comment",
    "StartAt",
    "States",
    "Version",
    "TimeoutSeconds",
    "QueryLanguage",
];
pub(super) const BRANCH_FIELDS: &[&str] = &["Comment", "StartAt", "States"];
pub(super) const PROCESSOR_FIELDS: &[&str] = &["Comment", "StartAt", "States", "ProcessorConfig"];
pub(super) const RETRIER_FIELDS: &[&str] = &[
    "ErrorEquals",
    "IntervalSeconds",
    "MaxAttempts",
    "BackoffRate",
    "MaxDelaySeconds",
    "JitterStrategy",
    "Comment",
];
pub(super) const CATCHER_FIELDS_JSONPATH: &[&str] =
    &["ErrorEquals", "Next", "ResultPath", "Assign", "Comment"];
pub(super) const CATCHER_FIELDS_JSONATA: &[&str] =
    &["ErrorEquals", "Next", "Output", "Assign", "Comment"];
pub(super) const CHOICE_RULE_FIELDS_JSONATA: &[&str] =
    &["Condition", "Next", "Assign", "Output", "Comment"];

/// Fields that exist only in JSONPath mode.
pub const JSONPATH_ONLY: &[&str] = &[
    "InputPath",
    "OutputPath",
    "Parameters",
    "ResultSelector",
    "ResultPath",
    "Result",
    "ItemsPath",
    "Iterator",
    "TimeoutSecondsPath",
    "HeartbeatSecondsPath",
    "SecondsPath",
    "TimestampPath",
    "ErrorPath",
    "CausePath",
    "MaxConcurrencyPath",
    "ToleratedFailurePercentagePath",
    "ToleratedFailureCountPath",
    "MaxItemsPerBatchPath",
    "MaxInputBytesPerBatchPath",
    "MaxItemsPath",
    "Variable",
    "And",
    "Or",
    "Not",
];

/// Fields that exist only in JSONata mode.
pub const JSONATA_ONLY: &[&str] = &["Arguments", "Output", "Items", "Condition"];

/// The field that plays the same role in the other query language.
pub(super) fn ql_replacement(field: &str) -> Option<&'static str> {
    Some(match field {
        "Parameters" => "Arguments",
        "Arguments" => "Parameters",
        "ItemsPath" => "Items",
        "Items" => "ItemsPath",
        "Condition" => "Variable and a comparison operator",
        "Variable" => "Condition",
        "ResultSelector" | "ResultPath" | "OutputPath" | "Result" => "Output",
        "InputPath" => "Arguments",
        "TimeoutSecondsPath" => "TimeoutSeconds with a JSONata expression",
        "HeartbeatSecondsPath" => "HeartbeatSeconds with a JSONata expression",
        "SecondsPath" => "Seconds with a JSONata expression",
        "TimestampPath" => "Timestamp with a JSONata expression",
        "ErrorPath" => "Error with a JSONata expression",
        "CausePath" => "Cause with a JSONata expression",
        "MaxConcurrencyPath" => "MaxConcurrency with a JSONata expression",
        _ => return None,
    })
}

/// Every field name ASL defines anywhere, to tell a misplaced field from a misspelt one.
pub(super) const KNOWN_FIELDS: &[&str] = &[
    "Type",
    "Comment",
    "QueryLanguage",
    "Next",
    "End",
    "InputPath",
    "OutputPath",
    "Parameters",
    "ResultSelector",
    "ResultPath",
    "Arguments",
    "Output",
    "Assign",
    "Resource",
    "TimeoutSeconds",
    "TimeoutSecondsPath",
    "HeartbeatSeconds",
    "HeartbeatSecondsPath",
    "Credentials",
    "Retry",
    "Catch",
    "Result",
    "Choices",
    "Default",
    "Seconds",
    "SecondsPath",
    "Timestamp",
    "TimestampPath",
    "Error",
    "ErrorPath",
    "Cause",
    "CausePath",
    "Branches",
    "ItemProcessor",
    "Iterator",
    "ItemsPath",
    "Items",
    "ItemSelector",
    "ItemReader",
    "ItemBatcher",
    "ResultWriter",
    "MaxConcurrency",
    "MaxConcurrencyPath",
    "ToleratedFailurePercentage",
    "ToleratedFailurePercentagePath",
    "ToleratedFailureCount",
    "ToleratedFailureCountPath",
    "Label",
    "StartAt",
    "States",
    "Version",
    "ProcessorConfig",
    "Variable",
    "And",
    "Or",
    "Not",
    "Condition",
    "ErrorEquals",
];

/// The fields of a state of type `type_name` in query language `ql`.
pub fn allowed_fields(type_name: &str, ql: QueryLanguage) -> Vec<&'static str> {
    let mut f: Vec<&'static str> = vec!["Type", "Comment", "QueryLanguage"];
    let jsonpath = ql == QueryLanguage::JsonPath;
    let (paths, params, selector, result_path, output, transition, assign, errors): (
        bool,
        bool,
        bool,
        bool,
        bool,
        bool,
        bool,
        bool,
    ) = match type_name {
        "Task" => (true, true, true, true, true, true, true, true),
        "Pass" => (true, true, false, true, true, true, true, false),
        "Choice" => (true, false, false, false, true, false, true, false),
        "Wait" => (true, false, false, false, true, true, true, false),
        "Succeed" => (true, false, false, false, true, false, false, false),
        "Fail" => (false, false, false, false, false, false, false, false),
        "Parallel" => (true, true, true, true, true, true, true, true),
        "Map" => (true, false, true, true, true, true, true, true),
        _ => (false, false, false, false, false, false, false, false),
    };
    if jsonpath {
        if paths {
            f.extend(["InputPath", "OutputPath"]);
        }
        if params {
            f.push("Parameters");
        }
        if selector {
            f.push("ResultSelector");
        }
        if result_path {
            f.push("ResultPath");
        }
    } else {
        if params {
            f.push("Arguments");
        }
        if output {
            f.push("Output");
        }
    }
    if transition {
        f.extend(["Next", "End"]);
    }
    if assign {
        f.push("Assign");
    }
    if errors {
        f.extend(["Retry", "Catch"]);
    }
    let specific: &[&str] = match (type_name, jsonpath) {
        ("Task", true) => &[
            "Resource",
            "TimeoutSeconds",
            "TimeoutSecondsPath",
            "HeartbeatSeconds",
            "HeartbeatSecondsPath",
            "Credentials",
        ],
        ("Task", false) => &[
            "Resource",
            "TimeoutSeconds",
            "HeartbeatSeconds",
            "Credentials",
        ],
        ("Pass", true) => &["Result"],
        ("Choice", _) => &["Choices", "Default"],
        ("Wait", true) => &["Seconds", "SecondsPath", "Timestamp", "TimestampPath"],
        ("Wait", false) => &["Seconds", "Timestamp"],
        ("Fail", true) => &["Error", "ErrorPath", "Cause", "CausePath"],
        ("Fail", false) => &["Error", "Cause"],
        ("Parallel", _) => &["Branches"],
        ("Map", true) => &[
            "ItemProcessor",
            "Iterator",
            "ItemsPath",
            "ItemSelector",
            "Parameters",
            "ItemReader",
            "ItemBatcher",
            "ResultWriter",
            "MaxConcurrency",
            "MaxConcurrencyPath",
            "ToleratedFailurePercentage",
            "ToleratedFailurePercentagePath",
            "ToleratedFailureCount",
            "ToleratedFailureCountPath",
            "Label",
        ],
        ("Map", false) => &[
            "ItemProcessor",
            "Items",
            "ItemSelector",
            "ItemReader",
            "ItemBatcher",
            "ResultWriter",
            "MaxConcurrency",
            "ToleratedFailurePercentage",
            "ToleratedFailureCount",
            "Label",
        ],
        _ => &[],
    };
    f.extend(specific);
    f
}

/// The fields of a JSONPath Choice rule; `top` rules also have `Next` and `Assign`.
pub(super) fn choice_rule_fields(top: bool) -> Vec<&'static str> {
    let mut f = vec!["Variable", "And", "Or", "Not", "Comment"];
    // Comment is allowed on nested rules too (AWS's own examples have it).
    if top {
        f.extend(["Next", "Assign"]);
    }
    f.extend(crate::model::Operator::ALL.iter().map(|op| op.as_str()));
    f
}

/// The intrinsic functions that return a string: the only ones Fail's `ErrorPath` and
/// `CausePath` (and Wait's `TimestampPath`) accept.
pub(super) const STRING_INTRINSICS: &[&str] = &[
    "States.ArrayGetItem",
    "States.Base64Encode",
    "States.Base64Decode",
    "States.Format",
    "States.JsonToString",
    "States.Hash",
    "States.UUID",
];
