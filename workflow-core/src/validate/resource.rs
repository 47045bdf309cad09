//! What a Task `Resource` may be, as AWS Step Functions accepts or rejects it.
//!
//! A Task `Resource` is one of:
//! - a Lambda function ARN, `arn:PARTITION:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]`
//!   (the legacy, non-optimized Lambda call);
//! - an activity ARN, `arn:PARTITION:states:REGION:ACCOUNT:activity:NAME`;
//! - an optimized integration, `arn:PARTITION:states:::SERVICE:ACTION[.sync|.sync:2|.waitForTaskToken]`,
//!   whose service, action and pattern must appear in [`crate::catalog`];
//! - an AWS SDK integration, `arn:PARTITION:states:::aws-sdk:SERVICE:ACTION[.waitForTaskToken]`
//!   (any of the 200+ SDK services; `.sync` is never supported);
//! - the HTTP Task, `arn:PARTITION:states:::http:invoke`;
//! - a `${Name}` DefinitionSubstitutions placeholder (or CloudFormation `${AWS::Partition}`,
//!   `${Ref:…}`, `${GetAtt:…}`), for the whole string or for any part of it: a deploy
//!   substitutes it, so a component holding a placeholder is taken on trust.
//!
//! Distributed Map `ItemReader` and `ResultWriter` use the `s3` pseudo-integration, which is
//! not a Task integration: `ItemReader` takes `arn:PARTITION:states:::s3:getObject` or
//! `…:s3:listObjectsV2`, `ResultWriter` takes `…:s3:putObject` ([`check_item_reader`],
//! [`check_result_writer`]).
//!
//! Which services, actions and patterns the optimized integrations offer is read from
//! [`crate::catalog`]; where that knowledge comes from is written there. The ItemReader and
//! ResultWriter resources come from the Distributed Map pages of the Step Functions guide
//! (input-output-itemreader, input-output-resultwriter).

use crate::did_you_mean::closest;
use std::fmt::Write as _;

pub use crate::catalog::Pattern;
use crate::catalog::{self, sdk_service_name};

/// What a valid Task `Resource` is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResourceKind {
    /// `arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]`; `function` is NAME (without
    /// the qualifier), placeholders left as written.
    Lambda { function: String },
    /// `arn:aws:states:REGION:ACCOUNT:activity:NAME`.
    Activity { name: String },
    /// `arn:aws:states:::SERVICE:ACTION[.sync|.sync:2|.waitForTaskToken]`.
    Integration {
        service: String,
        action: String,
        pattern: Pattern,
    },
    /// `arn:aws:states:::aws-sdk:SERVICE:ACTION[.waitForTaskToken]`.
    AwsSdk {
        service: String,
        action: String,
        pattern: Pattern,
    },
    /// `arn:aws:states:::http:invoke`.
    Http,
    /// The whole string is one `${Name}` placeholder, or a placeholder stands where the kind
    /// of resource is decided (the service, or the `activity`/`function` component), so only
    /// the deploy can tell.
    Placeholder,
}

/// Why a `Resource` is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceProblem {
    /// `true`: rule `unsupported-integration` (well-formed, but not a service/action/pattern
    /// AWS offers there); `false`: rule `invalid-resource` (not a resource AWS recognizes).
    pub unsupported_integration: bool,
    pub message: String,
    pub help: Option<String>,
}

/// Checks a Task `Resource` string.
pub fn classify(resource: &str) -> Result<ResourceKind, ResourceProblem> {
    let arn = match tokenize(resource)? {
        Tokens::Whole => return Ok(ResourceKind::Placeholder),
        Tokens::Arn(arn) => arn,
    };
    let service = arn.comp(2);
    if arn.marked(2) {
        return Ok(ResourceKind::Placeholder);
    }
    match service.text.as_str() {
        "lambda" => lambda(&arn),
        "states" => states(&arn),
        _ => Err(invalid(
            format!(
                "`{resource}` is a `{}` ARN, not a task resource",
                service.text
            ),
            Some(WHAT_A_RESOURCE_IS.to_string()),
        )),
    }
}

/// When `resource` is an integration ARN (optimized, SDK or HTTP) written with a region or an
/// account, which AWS accepts though its documented form has neither: that documented form.
pub fn qualified_integration(resource: &str) -> Option<String> {
    let Ok(Tokens::Arn(arn)) = tokenize(resource) else {
        return None;
    };
    if arn.len() < 6 || arn.comp(2).text != "states" || arn.marked(5) {
        return None;
    }
    if matches!(
        arn.comp(5).text.as_str(),
        "activity" | "stateMachine" | "execution" | "express" | "mapRun" | "stateMachineAlias"
    ) {
        return None;
    }
    let (region, account) = (arn.comp(3), arn.comp(4));
    if region.text.is_empty() && account.text.is_empty() {
        return None;
    }
    let rest: Vec<&str> = arn.comps[5..].iter().map(|c| c.text.as_str()).collect();
    Some(format!(
        "arn:{}:states:::{}",
        arn.partition(),
        rest.join(":")
    ))
}

/// Which resources a Distributed Map `ItemReader` may name: `s3:getObject` (a CSV, JSON,
/// JSONL, Parquet or manifest file) and `s3:listObjectsV2` (the objects under a prefix).
/// The AWS SDK integrations are not accepted there.
/// Whether `service` (as written in `arn:aws:states:::SERVICE:…`) is an optimized integration
/// at all, so a front end can tell a misspelt service from a misspelt action.
pub fn is_optimized_service(service: &str) -> bool {
    catalog::service(service).is_some()
}

pub fn check_item_reader(resource: &str) -> Result<(), ResourceProblem> {
    check_s3_field(resource, "an ItemReader", &["getObject", "listObjectsV2"])
}

/// Which resource a Distributed Map `ResultWriter` may name: `s3:putObject`.
pub fn check_result_writer(resource: &str) -> Result<(), ResourceProblem> {
    check_s3_field(resource, "a ResultWriter", &["putObject"])
}

// ---------------------------------------------------------------------------------------------
// Tables

/// The `s3` pseudo-integration, valid only in a Distributed Map's ItemReader and ResultWriter.
const S3_MAP_ACTIONS: &[&str] = &["getObject", "listObjectsV2", "putObject"];

/// Partitions AWS has.
const PARTITIONS: &[&str] = &[
    "aws",
    "aws-cn",
    "aws-us-gov",
    "aws-iso",
    "aws-iso-b",
    "aws-iso-e",
    "aws-iso-f",
    "aws-eusc",
];

const WHAT_A_RESOURCE_IS: &str = "a task resource is a lambda function ARN \
     (arn:aws:lambda:REGION:ACCOUNT:function:NAME), an activity ARN \
     (arn:aws:states:REGION:ACCOUNT:activity:NAME), an integration such as \
     arn:aws:states:::lambda:invoke or arn:aws:states:::aws-sdk:SERVICE:ACTION, \
     or a ${Placeholder}";

const MAX_FUNCTION_NAME: usize = 64;
const MAX_QUALIFIER: usize = 128;
const MAX_ACTIVITY_NAME: usize = 80;

// ---------------------------------------------------------------------------------------------
// Splitting, with placeholders masked

/// Stands for one `${…}` placeholder while the ARN is split on `:`.
const MARK: char = '\u{E000}';

#[derive(Debug)]
enum Tokens {
    /// The string is exactly one placeholder.
    Whole,
    Arn(Arn),
}

/// One `:`-separated component.
#[derive(Debug)]
struct Comp {
    /// As written, placeholders restored.
    text: String,
    /// Holds at least one placeholder.
    marked: bool,
    /// With each placeholder as [`MARK`].
    masked: String,
}

#[derive(Debug)]
struct Arn {
    comps: Vec<Comp>,
}

impl Arn {
    fn comp(&self, i: usize) -> &Comp {
        &self.comps[i]
    }
    fn marked(&self, i: usize) -> bool {
        self.comps[i].marked
    }
    fn len(&self) -> usize {
        self.comps.len()
    }
    /// The partition as written, for suggestions.
    fn partition(&self) -> &str {
        &self.comps[1].text
    }
}

fn tokenize(resource: &str) -> Result<Tokens, ResourceProblem> {
    if resource.is_empty() {
        return Err(invalid(
            "the resource is empty".to_string(),
            Some(WHAT_A_RESOURCE_IS.to_string()),
        ));
    }
    if resource.contains(MARK) {
        return Err(invalid(
            format!(
                "`{}` holds a private-use character",
                resource.escape_debug()
            ),
            Some(WHAT_A_RESOURCE_IS.to_string()),
        ));
    }
    // Mask the placeholders.
    let mut masked = String::with_capacity(resource.len());
    let mut placeholders: Vec<&str> = Vec::new();
    let mut rest = resource;
    while let Some(start) = rest.find("${") {
        masked.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            return Err(invalid(
                format!("the placeholder `{}` is not closed", &rest[start..]),
                Some("a DefinitionSubstitutions placeholder is written ${Name}".to_string()),
            ));
        };
        if end == 0 {
            return Err(invalid(
                "`${}` is an empty placeholder".to_string(),
                Some("a DefinitionSubstitutions placeholder is written ${Name}".to_string()),
            ));
        }
        placeholders.push(&rest[start..start + 2 + end + 1]);
        masked.push(MARK);
        rest = &after[end + 1..];
    }
    masked.push_str(rest);
    if masked.len() == MARK.len_utf8() && placeholders.len() == 1 {
        return Ok(Tokens::Whole);
    }
    // Split, restoring each component's placeholders in order.
    let mut pending = placeholders.into_iter();
    let comps = masked
        .split(':')
        .map(|part| {
            let mut text = String::with_capacity(part.len());
            let mut marked = false;
            for c in part.chars() {
                if c == MARK {
                    marked = true;
                    text.push_str(pending.next().unwrap_or_default());
                } else {
                    text.push(c);
                }
            }
            Comp {
                text,
                marked,
                masked: part.to_string(),
            }
        })
        .collect::<Vec<_>>();
    let arn = Arn { comps };
    if arn.len() < 3 || arn.comp(0).text != "arn" {
        if resource.starts_with('$') {
            return Err(invalid(
                format!("`{resource}` is a path, not a resource"),
                Some(
                    "the Resource is fixed; to choose a Lambda function at run time, use \
                     arn:aws:states:::lambda:invoke with \"FunctionName.$\" in Parameters \
                     (or FunctionName in Arguments)"
                        .to_string(),
                ),
            ));
        }
        return Err(invalid(
            format!("`{resource}` is not an ARN"),
            Some(WHAT_A_RESOURCE_IS.to_string()),
        ));
    }
    if !arn.marked(1) && !PARTITIONS.contains(&arn.comp(1).text.as_str()) {
        let given = &arn.comp(1).text;
        let help = match closest(given, PARTITIONS.iter().copied()) {
            Some(p) => format!(
                "did you mean `{p}`? partitions are {}",
                PARTITIONS.join(", ")
            ),
            None => format!("partitions are {}", PARTITIONS.join(", ")),
        };
        return Err(invalid(
            format!("`{given}` is not an AWS partition"),
            Some(help),
        ));
    }
    Ok(Tokens::Arn(arn))
}

// ---------------------------------------------------------------------------------------------
// Lambda and activities

fn lambda(arn: &Arn) -> Result<ResourceKind, ResourceProblem> {
    let form = "a lambda function ARN is arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]";
    // REGION and ACCOUNT (components 3 and 4) are not checked: definitions in the wild use
    // `REGION`, `your-region`, `1234567890` or leave them empty, and the splitting already
    // guarantees they hold no ':'.
    if arn.len() < 7 || arn.len() > 8 {
        return Err(invalid(
            format!("`{}` is not a lambda function ARN", join(arn)),
            Some(form.to_string()),
        ));
    }
    if arn.marked(5) {
        return Ok(ResourceKind::Placeholder);
    }
    if arn.comp(5).text != "function" {
        return Err(invalid(
            format!(
                "a task can call a lambda function, not a lambda `{}`",
                arn.comp(5).text
            ),
            Some(form.to_string()),
        ));
    }
    let name = arn.comp(6);
    if !name.marked && !is_lambda_name(&name.text, MAX_FUNCTION_NAME) {
        return Err(invalid(
            format!("`{}` is not a lambda function name", name.text),
            Some(format!(
                "a function name is 1 to {MAX_FUNCTION_NAME} letters, digits, '-' and '_'"
            )),
        ));
    }
    if arn.len() == 8 {
        let q = arn.comp(7);
        if !q.marked && q.text != "$LATEST" && !is_lambda_name(&q.text, MAX_QUALIFIER) {
            let message = if q.text.is_empty() {
                format!("`{}` ends with an empty qualifier", join(arn))
            } else {
                format!("`{}` is not a lambda version or alias", q.text)
            };
            return Err(invalid(
                message,
                Some(format!(
                    "a qualifier is $LATEST, a version number or an alias of 1 to \
                     {MAX_QUALIFIER} letters, digits, '-' and '_'; drop the trailing ':' to \
                     call the unqualified function"
                )),
            ));
        }
    }
    Ok(ResourceKind::Lambda {
        function: name.text.clone(),
    })
}

fn is_lambda_name(s: &str, max: usize) -> bool {
    !s.is_empty()
        && s.len() <= max
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn activity(arn: &Arn) -> Result<ResourceKind, ResourceProblem> {
    let form = "an activity ARN is arn:aws:states:REGION:ACCOUNT:activity:NAME";
    if arn.len() != 7 {
        return Err(invalid(
            format!("`{}` is not an activity ARN", join(arn)),
            Some(form.to_string()),
        ));
    }
    let name = arn.comp(6);
    if !name.marked {
        let n = name.text.chars().count();
        let bad = name.text.chars().find(|&c| {
            c.is_whitespace() || c.is_control() || "<>{}[]?*\"#%\\^|~`$&,;:/".contains(c)
        });
        if n == 0 || n > MAX_ACTIVITY_NAME || bad.is_some() {
            return Err(invalid(
                format!("`{}` is not an activity name", name.text),
                Some(format!(
                    "an activity name is 1 to {MAX_ACTIVITY_NAME} characters, without \
                     whitespace, brackets, wildcards or punctuation such as \" # % \\ ^ | ~ ` $ & , ; : /"
                )),
            ));
        }
    }
    Ok(ResourceKind::Activity {
        name: name.text.clone(),
    })
}

// ---------------------------------------------------------------------------------------------
// arn:PARTITION:states:…

fn states(arn: &Arn) -> Result<ResourceKind, ResourceProblem> {
    if arn.len() < 6 {
        return Err(invalid(
            format!("`{}` is not a task resource", join(arn)),
            Some(WHAT_A_RESOURCE_IS.to_string()),
        ));
    }
    if arn.marked(5) {
        return Ok(ResourceKind::Placeholder);
    }
    match arn.comp(5).text.as_str() {
        "activity" => return activity(arn),
        "stateMachine" | "execution" | "express" | "mapRun" | "stateMachineAlias" => {
            return Err(invalid(
                format!("`{}` names a state machine, not a task resource", join(arn)),
                Some(format!(
                    "to run another state machine, use arn:{}:states:::states:startExecution \
                     (or .sync, .sync:2, .waitForTaskToken) with StateMachineArn",
                    arn.partition()
                )),
            ));
        }
        _ => {}
    }
    // A region or account on an integration is accepted by AWS (lint
    // `qualified-integration-arn`, see [`qualified_integration`]).
    let integ = integration(arn)?;
    if integ.sdk {
        return Ok(ResourceKind::AwsSdk {
            service: integ.service,
            action: integ.action,
            pattern: integ.pattern,
        });
    }
    let p = arn.partition();
    if integ.service == "s3" && S3_MAP_ACTIONS.contains(&integ.action.as_str()) {
        return Err(unsupported(
            format!(
                "s3:{} is a distributed map ItemReader/ResultWriter resource, not a task integration",
                integ.action
            ),
            Some(format!(
                "in a task, use arn:{p}:states:::aws-sdk:s3:{}",
                integ.action
            )),
        ));
    }
    if integ.action_marked {
        if catalog::service(&integ.service).is_none() {
            return Err(unknown_service(&integ.service, &integ.action, p));
        }
        return Ok(integration_kind(integ));
    }
    let Some(service) = catalog::service(&integ.service) else {
        return Err(unknown_service(&integ.service, &integ.action, p));
    };
    let Some(action) = service.actions.iter().find(|a| a.name == integ.action) else {
        let names = service.actions.iter().map(|a| a.name);
        let mut help = match closest(&integ.action, names.clone()) {
            Some(a) => format!("did you mean `{}:{a}`? ", integ.service),
            None => String::new(),
        };
        let _ = write!(
            help,
            "the optimized {} integration offers {}; call other actions through \
             arn:{p}:states:::aws-sdk:{}:{}",
            integ.service,
            names.collect::<Vec<_>>().join(", "),
            sdk_service_name(&integ.service),
            integ.action
        );
        return Err(unsupported(
            format!(
                "`{}:{}` is not an optimized integration",
                integ.service, integ.action
            ),
            Some(help),
        ));
    };
    if !action.supports(integ.pattern) {
        let offered = Pattern::ALL
            .into_iter()
            .filter(|pat| action.supports(*pat))
            .map(|pat| {
                format!(
                    "arn:{p}:states:::{}:{}{}",
                    integ.service,
                    integ.action,
                    pat.suffix()
                )
            })
            .collect::<Vec<_>>();
        let mut help = format!("use {}", offered.join(" or "));
        if integ.service == "lambda" && integ.pattern == Pattern::Sync {
            help.push_str(" (lambda:invoke already waits for the function to return)");
        }
        return Err(unsupported(
            format!(
                "{}:{} does not support the {} pattern; it supports {}",
                integ.service,
                integ.action,
                integ.pattern.name(),
                supported_names(action)
            ),
            Some(help),
        ));
    }
    Ok(integration_kind(integ))
}

#[derive(Debug)]
struct Integ {
    sdk: bool,
    service: String,
    action: String,
    action_marked: bool,
    pattern: Pattern,
}

fn integration_kind(integ: Integ) -> ResourceKind {
    if integ.service == "http" && integ.action == "invoke" {
        return ResourceKind::Http;
    }
    ResourceKind::Integration {
        service: integ.service,
        action: integ.action,
        pattern: integ.pattern,
    }
}

/// Reads `SERVICE:ACTION[.pattern]` or `aws-sdk:SERVICE:ACTION[.pattern]` from component 5
/// on; checks the syntax and, for the SDK, the pattern.
fn integration(arn: &Arn) -> Result<Integ, ResourceProblem> {
    let p = arn.partition();
    let service = arn.comp(5);
    let sdk = service.text == "aws-sdk";
    let first_action = if sdk { 7 } else { 6 };
    let form = if sdk {
        format!("an SDK integration is arn:{p}:states:::aws-sdk:SERVICE:ACTION[.waitForTaskToken]")
    } else {
        format!(
            "an optimized integration is arn:{p}:states:::SERVICE:ACTION[.sync|.sync:2|.waitForTaskToken]"
        )
    };
    let (service, action_index) = if sdk {
        if arn.len() <= 6 {
            return Err(invalid(
                format!("`{}` names no SDK service", join(arn)),
                Some(form),
            ));
        }
        (arn.comp(6), 7)
    } else {
        (service, 6)
    };
    if arn.len() <= first_action {
        return Err(invalid(
            format!("`{}` names no action", join(arn)),
            Some(form),
        ));
    }
    // The action is one component, except `ACTION.sync:2`, which spans two.
    let action_comp = arn.comp(action_index);
    let extra = arn.len() - action_index - 1;
    let sync2 = extra == 1 && arn.comp(action_index + 1).text == "2";
    if extra > 1 || (extra == 1 && !sync2) {
        return Err(invalid(
            format!("`{}` has too many ':'-separated parts", join(arn)),
            Some(form),
        ));
    }
    // Split the masked action at its first '.', placeholders can hold dots.
    let masked = action_comp.masked.as_str();
    let (name_masked, suffix_masked) = match masked.find('.') {
        Some(i) => (&masked[..i], Some(&masked[i + 1..])),
        None => (masked, None),
    };
    let name_len = action_comp.text.len() - action_comp.masked.len() + name_masked.len();
    let action_text = if suffix_masked.is_some() {
        // Placeholders in the suffix are not allowed (below), so the name is a prefix of the
        // text whose length is known.
        action_comp
            .text
            .get(..name_len)
            .unwrap_or(&action_comp.text)
            .to_string()
    } else {
        action_comp.text.clone()
    };
    let action_marked = name_masked.contains(MARK);
    let pattern = match (suffix_masked, sync2) {
        (None, false) => Pattern::RequestResponse,
        (Some("sync"), false) => Pattern::Sync,
        (Some("sync"), true) => Pattern::Sync2,
        (Some("waitForTaskToken"), false) => Pattern::WaitForTaskToken,
        (None, true) => {
            return Err(invalid(
                format!("`{}` has a `:2` without `.sync`", join(arn)),
                Some(form),
            ));
        }
        (Some(other), _) => {
            let other = if sync2 {
                format!("{other}:2")
            } else {
                other.to_string()
            };
            let shown = other.replace(MARK, "${…}");
            return Err(invalid(
                format!("`.{shown}` is not an integration pattern"),
                Some("the patterns are .sync, .sync:2 and .waitForTaskToken".to_string()),
            ));
        }
    };
    // Service syntax.
    if !service.marked {
        let s = service.text.as_str();
        let ok_chars: fn(u8) -> bool = if sdk {
            |b| b.is_ascii_lowercase() || b.is_ascii_digit()
        } else {
            |b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'
        };
        if s.is_empty() {
            return Err(invalid(
                format!("`{}` names no service", join(arn)),
                Some(form),
            ));
        }
        if !s.bytes().all(ok_chars) {
            let fixed: String = s
                .chars()
                .filter(|c| !sdk || *c != '-')
                .map(|c| c.to_ascii_lowercase())
                .collect();
            let plausible = fixed
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
            if plausible && !fixed.is_empty() {
                let what = if sdk {
                    "SDK service names are lowercase letters and digits, without '-'"
                } else {
                    "service names are lowercase"
                };
                let action_shown = &arn.comp(action_index).text;
                let prefix = if sdk { "aws-sdk:" } else { "" };
                return Err(unsupported(
                    format!("`{s}` is not a service name"),
                    Some(format!(
                        "{what}: arn:{p}:states:::{prefix}{fixed}:{action_shown}"
                    )),
                ));
            }
            return Err(invalid(format!("`{s}` is not a service name"), Some(form)));
        }
        if sdk && let Some((_, real)) = catalog::sdk::SERVICE_ALIASES.iter().find(|(a, _)| *a == s)
        {
            return Err(unsupported(
                format!("the SDK integrations have no service `{s}`"),
                Some(format!(
                    "the SDK integrations call it {real}: arn:{p}:states:::aws-sdk:{real}:{}",
                    arn.comp(action_index).text
                )),
            ));
        }
    }
    // Action syntax.
    if !action_marked {
        let a = action_text.as_str();
        if a.is_empty() || !a.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(invalid(
                format!("`{}` is not an action name", a.escape_debug()),
                Some(form),
            ));
        }
        if a.as_bytes()[0].is_ascii_uppercase() {
            let mut fixed = a.to_string();
            fixed[..1].make_ascii_lowercase();
            return Err(unsupported(
                format!("`{a}` is not an action name: integration actions are lowerCamelCase"),
                Some(format!(
                    "did you mean `{}:{fixed}{}`?",
                    service.text,
                    pattern.suffix()
                )),
            ));
        }
    }
    if sdk && matches!(pattern, Pattern::Sync | Pattern::Sync2) {
        return Err(unsupported(
            format!(
                "aws-sdk integrations do not support the {} pattern",
                pattern.name()
            ),
            Some(sdk_sync_help(p, &service.text, &action_text, &pattern)),
        ));
    }
    Ok(Integ {
        sdk,
        service: service.text.clone(),
        action: action_text,
        action_marked,
        pattern,
    })
}

/// Help for `aws-sdk:SERVICE:ACTION.sync`: the optimized integration that waits, if one does.
fn sdk_sync_help(partition: &str, service: &str, action: &str, pattern: &Pattern) -> String {
    let optimized = catalog::SERVICES.iter().find_map(|opt| {
        (opt.sdk_name == service)
            .then(|| {
                opt.actions
                    .iter()
                    .find(|a| a.name == action && a.supports(*pattern))
            })
            .flatten()
            .map(|a| {
                format!(
                    "arn:{partition}:states:::{}:{}{}",
                    opt.name,
                    a.name,
                    pattern.suffix()
                )
            })
    });
    match optimized {
        Some(arn) => format!("to wait for the job, use the optimized integration {arn}"),
        None => format!(
            "use arn:{partition}:states:::aws-sdk:{service}:{action} (request-response) or \
             …{action}.waitForTaskToken"
        ),
    }
}

fn unknown_service(service: &str, action: &str, partition: &str) -> ResourceProblem {
    let mut help = String::new();
    if let Some(s) = closest(service, catalog::SERVICES.iter().map(|s| s.name)) {
        let _ = write!(help, "did you mean `{s}`? ");
    }
    let _ = write!(
        help,
        "other services are called through arn:{partition}:states:::aws-sdk:{}:{action}",
        sdk_service_name(service)
    );
    ResourceProblem {
        unsupported_integration: true,
        message: format!("`{service}` is not an optimized integration service"),
        help: Some(help),
    }
}

// ---------------------------------------------------------------------------------------------
// ItemReader / ResultWriter

fn check_s3_field(resource: &str, field: &str, allowed: &[&str]) -> Result<(), ResourceProblem> {
    let arn = match tokenize(resource)? {
        Tokens::Whole => return Ok(()),
        Tokens::Arn(arn) => arn,
    };
    let p = arn.partition().to_string();
    let wanted = allowed
        .iter()
        .map(|a| format!("arn:{p}:states:::s3:{a}"))
        .collect::<Vec<_>>()
        .join(" or ");
    let is_s3 = arn.len() >= 7
        && (arn.comp(2).text == "states" || arn.marked(2))
        && (arn.comp(3).text.is_empty() || arn.marked(3))
        && (arn.comp(4).text.is_empty() || arn.marked(4))
        && (arn.comp(5).text == "s3" || arn.marked(5));
    if is_s3 {
        if arn.len() != 7 {
            return Err(invalid(
                format!("`{resource}` has too many ':'-separated parts"),
                Some(format!("{field} resource is {wanted}")),
            ));
        }
        let action = arn.comp(6);
        if action.marked {
            return Ok(());
        }
        if allowed.contains(&action.text.as_str()) {
            return Ok(());
        }
        if let Some((name, _)) = action.text.split_once('.')
            && allowed.contains(&name)
        {
            return Err(unsupported(
                format!("{field} resource takes no integration pattern"),
                Some(format!("use {wanted}")),
            ));
        }
        let mut help = match closest(&action.text, allowed.iter().copied()) {
            Some(a) => format!("did you mean `s3:{a}`? "),
            None => String::new(),
        };
        let _ = write!(help, "{field} resource is {wanted}");
        return Err(unsupported(
            format!("`s3:{}` is not {field} resource", action.text),
            Some(help),
        ));
    }
    // Not the s3 pseudo-integration: say what is wrong with it as a resource, if anything,
    // then that it does not belong here.
    match classify(resource) {
        Err(problem) if !problem.unsupported_integration => Err(problem),
        Ok(ResourceKind::Placeholder) if arn.marked(2) || arn.marked(5) => Ok(()),
        _ => {
            let hint = if arn.len() >= 8 && arn.comp(5).text == "aws-sdk" {
                " (SDK integrations are not accepted there)"
            } else {
                ""
            };
            Err(unsupported(
                format!("`{resource}` is not {field} resource{hint}"),
                Some(format!("{field} resource is {wanted}")),
            ))
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Helpers

fn invalid(message: String, help: Option<String>) -> ResourceProblem {
    ResourceProblem {
        unsupported_integration: false,
        message,
        help,
    }
}

fn unsupported(message: String, help: Option<String>) -> ResourceProblem {
    ResourceProblem {
        unsupported_integration: true,
        message,
        help,
    }
}

fn join(arn: &Arn) -> String {
    arn.comps
        .iter()
        .map(|c| c.text.as_str())
        .collect::<Vec<_>>()
        .join(":")
}

fn supported_names(action: &catalog::Action) -> String {
    let names = Pattern::ALL
        .into_iter()
        .filter(|p| action.supports(*p))
        .map(Pattern::name)
        .collect::<Vec<_>>();
    match names.as_slice() {
        [] => String::new(),
        [one] => format!("only {one}"),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn integ(service: &str, action: &str, pattern: Pattern) -> ResourceKind {
        ResourceKind::Integration {
            service: service.into(),
            action: action.into(),
            pattern,
        }
    }
    fn sdk(service: &str, action: &str, pattern: Pattern) -> ResourceKind {
        ResourceKind::AwsSdk {
            service: service.into(),
            action: action.into(),
            pattern,
        }
    }
    fn lambda(f: &str) -> ResourceKind {
        ResourceKind::Lambda { function: f.into() }
    }

    /// What a case expects: a kind, an `invalid-resource`, or an `unsupported-integration`
    /// whose message or help contains the text.
    enum Want {
        Ok(ResourceKind),
        Invalid,
        Unsupported(&'static str),
    }
    use Pattern::*;
    use Want::{Invalid, Unsupported};

    #[test]
    fn qualified_integrations_name_their_documented_form() {
        for (resource, documented) in [
            (
                "arn:aws:states:us-east-1:123456789012:aws-sdk:s3:putObject",
                Some("arn:aws:states:::aws-sdk:s3:putObject"),
            ),
            (
                "arn:aws:states:eu-west-1::lambda:invoke.waitForTaskToken",
                Some("arn:aws:states:::lambda:invoke.waitForTaskToken"),
            ),
            ("arn:aws:states:::aws-sdk:s3:putObject", None),
            ("arn:aws:states:us-east-1:123456789012:activity:Work", None),
            ("arn:aws:lambda:us-east-1:123456789012:function:F", None),
            ("${Arn}", None),
        ] {
            assert_eq!(
                qualified_integration(resource).as_deref(),
                documented,
                "{resource}"
            );
        }
    }

    #[test]
    fn classify_table() {
        let cases: Vec<(&str, Want)> = vec![
            // Lambda
            (
                "arn:aws:lambda:us-east-1:123456789012:function:HelloWorld",
                Want::Ok(lambda("HelloWorld")),
            ),
            (
                "arn:aws:lambda:REGION:ACCOUNT_ID:function:FUNCTION_NAME",
                Want::Ok(lambda("FUNCTION_NAME")),
            ),
            (
                "arn:aws:lambda:your-region:your-account-id:function:f",
                Want::Ok(lambda("f")),
            ),
            (
                "arn:aws:lambda:::function:publish-to-slack-lambda",
                Want::Ok(lambda("publish-to-slack-lambda")),
            ),
            (
                "arn:aws:lambda:region-1:1234567890:function:FUNCTION_NAME:$LATEST",
                Want::Ok(lambda("FUNCTION_NAME")),
            ),
            (
                "arn:aws:lambda:region-1:1234567890:function:FUNCTION_NAME:AZaz12-_",
                Want::Ok(lambda("FUNCTION_NAME")),
            ),
            (
                "arn:aws:lambda:region-1:1234567890:function:FUNCTION_NAME:",
                Invalid,
            ),
            (
                "arn:aws:lambda:region-1:1234567890:function:FUNCTION_NAME:$*#$7485",
                Invalid,
            ),
            ("arn:aws:lambda:us-east-1:1:function:has space", Invalid),
            ("arn:aws:lambda:us-east-1:1:function:x:1:2", Invalid),
            ("arn:aws:lambda:us-east-1:1:layer:x", Invalid),
            (
                "arn:aws-cn:lambda:cn-north-1:1:function:f",
                Want::Ok(lambda("f")),
            ),
            ("arn:aws-eusc:lambda:r:1:function:f", Want::Ok(lambda("f"))),
            // Activities
            (
                "arn:aws:states:us-west-2:42:activity:a-task",
                Want::Ok(ResourceKind::Activity {
                    name: "a-task".into(),
                }),
            ),
            ("arn:aws:states:us-east-1:1:activity:", Invalid),
            ("arn:aws:states:us-east-1:1:stateMachine:X", Invalid),
            // Optimized integrations
            (
                "arn:aws:states:::lambda:invoke",
                Want::Ok(integ("lambda", "invoke", RequestResponse)),
            ),
            (
                "arn:aws:states:::lambda:invoke.waitForTaskToken",
                Want::Ok(integ("lambda", "invoke", WaitForTaskToken)),
            ),
            (
                "arn:aws:states:::lambda:invoke.sync",
                Unsupported("does not support the .sync"),
            ),
            (
                "arn:aws:states:::batch:submitJob.sync",
                Want::Ok(integ("batch", "submitJob", Sync)),
            ),
            (
                "arn:aws:states:::ecs:runTask.waitForTaskToken",
                Want::Ok(integ("ecs", "runTask", WaitForTaskToken)),
            ),
            (
                "arn:aws:states:::dynamodb:putItem",
                Want::Ok(integ("dynamodb", "putItem", RequestResponse)),
            ),
            (
                "arn:aws:states:::dynamodb:query",
                Unsupported("aws-sdk:dynamodb:query"),
            ),
            (
                "arn:aws:states:::dynamodb:getItem.sync",
                Unsupported("only request-response"),
            ),
            (
                "arn:aws:states:::sns:publish.sync",
                Unsupported("request-response and .waitForTaskToken"),
            ),
            (
                "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                Want::Ok(integ("sqs", "sendMessage", WaitForTaskToken)),
            ),
            (
                "arn:aws:states:::states:startExecution.sync:2",
                Want::Ok(integ("states", "startExecution", Sync2)),
            ),
            (
                "arn:aws:states:::lambda:invoke.sync:2",
                Unsupported(".sync:2"),
            ),
            (
                "arn:aws:states:::athena:startQueryExecution.sync",
                Want::Ok(integ("athena", "startQueryExecution", Sync)),
            ),
            (
                "arn:aws:states:::athena:getQueryResults.sync",
                Unsupported("only request-response"),
            ),
            (
                "arn:aws:states:::emr-serverless:startJobRun.sync",
                Want::Ok(integ("emr-serverless", "startJobRun", Sync)),
            ),
            (
                "arn:aws:states:::elasticmapreduce:addStep.sync",
                Want::Ok(integ("elasticmapreduce", "addStep", Sync)),
            ),
            (
                "arn:aws:states:::lambda:listFunctions",
                Unsupported("aws-sdk:lambda:listFunctions"),
            ),
            (
                "arn:aws:states:::lambda:Invoke",
                Unsupported("lambda:invoke"),
            ),
            (
                "arn:aws:states:::lamda:invoke",
                Unsupported("did you mean `lambda`"),
            ),
            (
                "arn:aws:states:::kinesis:putRecord",
                Unsupported("aws-sdk:kinesis:putRecord"),
            ),
            (
                "arn:aws:states:::s3:getObject",
                Unsupported("aws-sdk:s3:getObject"),
            ),
            ("arn:aws:states:::lambda:invoke.async", Invalid),
            // AWS accepts a region and account (lint `qualified-integration-arn`).
            (
                "arn:aws:states:us-east-1:123:lambda:invoke",
                Want::Ok(integ("lambda", "invoke", Pattern::RequestResponse)),
            ),
            ("arn:aws:states:::lambda", Invalid),
            ("arn:aws:states:::lambda:invoke:extra", Invalid),
            ("arn:aws:states:::http:invoke", Want::Ok(ResourceKind::Http)),
            (
                "arn:aws:states:::http:invoke.waitForTaskToken",
                Unsupported("only request-response"),
            ),
            // aws-sdk
            (
                "arn:aws:states:::aws-sdk:dynamodb:query",
                Want::Ok(sdk("dynamodb", "query", RequestResponse)),
            ),
            (
                "arn:aws:states:::aws-sdk:s3:listBuckets.waitForTaskToken",
                Want::Ok(sdk("s3", "listBuckets", WaitForTaskToken)),
            ),
            (
                "arn:aws:states:::aws-sdk:cloudwatchlogs:getLogEvents",
                Want::Ok(sdk("cloudwatchlogs", "getLogEvents", RequestResponse)),
            ),
            (
                "arn:aws:states:::aws-sdk:mediapackagevod:listAssets",
                Want::Ok(sdk("mediapackagevod", "listAssets", RequestResponse)),
            ),
            (
                "arn:aws:states:::aws-sdk:ec2:describeInstances.sync",
                Unsupported("do not support the .sync"),
            ),
            (
                "arn:aws:states:::aws-sdk:s3:GetObject",
                Unsupported("s3:getObject"),
            ),
            (
                "arn:aws:states:::aws-sdk:emr-containers:listJobRuns",
                Unsupported("emrcontainers"),
            ),
            (
                "arn:aws:states:::aws-sdk:logs:getLogEvents",
                Unsupported("cloudwatchlogs"),
            ),
            ("arn:aws:states:::aws-sdk:s3", Invalid),
            ("arn:aws:states:::aws-sdk:s3:list_buckets", Invalid),
            // Placeholders
            ("${LambdaArn}", Want::Ok(ResourceKind::Placeholder)),
            (
                "${GetAtt:fn5FF616E3.Arn}",
                Want::Ok(ResourceKind::Placeholder),
            ),
            ("${lambdaArn", Invalid),
            ("${}", Invalid),
            ("${A}${B}", Invalid),
            (
                "arn:${AWS::Partition}:states:::lambda:invoke",
                Want::Ok(integ("lambda", "invoke", RequestResponse)),
            ),
            (
                "arn:${Ref:AWS::Partition}:states:::states:startExecution.sync:2",
                Want::Ok(integ("states", "startExecution", Sync2)),
            ),
            (
                "arn:${Ref:AWS::Partition}:states:::sns:publish.sync",
                Unsupported("arn:${Ref:AWS::Partition}:states:::sns:publish"),
            ),
            (
                "arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:${FnName}",
                Want::Ok(lambda("${FnName}")),
            ),
            (
                "arn:aws:lambda:us-east-1:1:function:my-${Stage}-fn:${Alias}",
                Want::Ok(lambda("my-${Stage}-fn")),
            ),
            (
                "arn:aws:states:::lambda:${Action}.waitForTaskToken",
                Want::Ok(integ("lambda", "${Action}", WaitForTaskToken)),
            ),
            (
                "arn:aws:states:::${Service}:invoke",
                Want::Ok(ResourceKind::Placeholder),
            ),
            (
                "arn:aws:states:${AWS::Region}:${AWS::AccountId}:activity:${Name}",
                Want::Ok(ResourceKind::Activity {
                    name: "${Name}".into(),
                }),
            ),
            ("%LAMBDA_FUNCTION_ARN_LITERAL_PLACEHOLDER%", Invalid),
            // Not ARNs
            ("", Invalid),
            ("InvalidArn", Invalid),
            ("foo:bar", Invalid),
            ("_tbd_", Invalid),
            ("module:hello", Invalid),
            ("$.FunctionName", Invalid),
            ("arn:aws:swf:us-east-1:123456789012:task:X", Invalid),
            ("arn:awss:states:::lambda:invoke", Invalid),
            ("arn:AWS:states:::lambda:invoke", Invalid),
            ("arn", Invalid),
            ("arn:aws:states:::lambda:invoke ", Invalid),
            ("arn:aws:lambda:us-east-1:1:function:ƒunction", Invalid),
            ("arn:aws:states:::ɑws-sdk:s3:x", Invalid),
        ];
        assert!(cases.len() >= 40);
        let mut failures = Vec::new();
        for (resource, want) in &cases {
            let got = classify(resource);
            let ok = match (want, &got) {
                (Want::Ok(k), Ok(g)) => k == g,
                (Invalid, Err(p)) => !p.unsupported_integration,
                (Unsupported(text), Err(p)) => {
                    p.unsupported_integration
                        && (p.message.contains(text)
                            || p.help.as_deref().is_some_and(|h| h.contains(text)))
                }
                _ => false,
            };
            if let Err(p) = &got {
                assert!(
                    !p.message.ends_with('.'),
                    "{resource}: trailing period: {}",
                    p.message
                );
                assert!(
                    !p.message.starts_with(|c: char| c.is_ascii_uppercase()),
                    "{resource}: capitalized: {}",
                    p.message
                );
            }
            if !ok {
                failures.push(format!("{resource:?}: got {got:?}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn map_resources() {
        for ok in [
            "arn:aws:states:::s3:getObject",
            "arn:aws:states:::s3:listObjectsV2",
            "arn:${AWS::Partition}:states:::s3:getObject",
            "${ReaderArn}",
        ] {
            assert_eq!(check_item_reader(ok), Ok(()), "{ok}");
        }
        for (bad, unsupported) in [
            ("arn:aws:states:::s3:putObject", true),
            ("arn:aws:states:::s3:getObject.sync", true),
            ("arn:aws:states:::aws-sdk:s3:getObject", true),
            ("arn:aws:states:::lambda:invoke", true),
            ("arn:aws:states:::dynamodb:query", true),
            ("foo", false),
            ("arn:aws:states:us-east-1:1:s3:getObject", true),
        ] {
            let p = check_item_reader(bad).expect_err(bad);
            assert_eq!(p.unsupported_integration, unsupported, "{bad}: {p:?}");
        }
        assert_eq!(check_result_writer("arn:aws:states:::s3:putObject"), Ok(()));
        let p = check_result_writer("arn:aws:states:::s3:putObjects").unwrap_err();
        assert!(p.help.unwrap().contains("did you mean `s3:putObject`"));
        assert!(check_result_writer("arn:aws:states:::s3:getObject").is_err());
    }

    #[test]
    fn no_panics_on_odd_input() {
        let odd = [
            "${",
            "$",
            "}",
            "${a",
            "${a}}",
            "::::::::",
            "arn:",
            "arn::",
            "arn:aws:",
            "arn:aws:states:",
            "arn:aws:states:::",
            "arn:aws:states::::",
            "arn:aws:states:::aws-sdk:",
            "arn:aws:states:::aws-sdk::",
            "arn:aws:states:::aws-sdk:s3:.sync",
            "arn:aws:states:::lambda:.",
            "arn:aws:states:::lambda:invoke.",
            "arn:aws:states:::lambda:invoke.sync:",
            "arn:aws:states:::lambda:invoke:2",
            "arn:aws:states:::x:é.sync",
            "arn:aws:states:::lambda:${é}.${x}",
            "arn:aws:states:::lambda:${a.b}.sync",
            "\u{E000}",
            "arn:aws:lambda:::function:\u{1F600}",
            "arn:aws:states:::Ü:invoke",
            "arn:aws:states:::aws-sdk:Ü:x",
            "arn:aws:states:::aws-sdk:s3:Ü",
        ];
        for s in odd {
            let _ = classify(s);
            let _ = check_item_reader(s);
            let _ = check_result_writer(s);
        }
        // Every short sequence of tricky pieces, and no panic.
        let pieces = [
            "arn", ":", "${", "}", "aws", "states", "lambda", ".sync", "é", "$", "2", "aws-sdk",
            "s3", "function", "activity", ".", "x", "${A}",
        ];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20_000 {
            let mut s = String::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let n = (seed % 12) as usize;
            let mut r = seed;
            for _ in 0..n {
                s.push_str(pieces[(r % pieces.len() as u64) as usize]);
                r = r / pieces.len() as u64
                    + 0x2545_F491_4F6C_DD1D_u64.wrapping_mul(r | 1) % 1_000_003;
            }
            let _ = classify(&s);
            let _ = check_item_reader(&s);
            let _ = check_result_writer(&s);
        }
        assert_eq!(
            classify("arn:aws:states:::lambda:${a.b}.sync"),
            Ok(integ("lambda", "${a.b}", Sync))
        );
    }
}
