//! Interprets the catalog's tables: fills each [`crate::catalog::Grant`]'s resource templates
//! and conditions from a task's request, in the forms [`crate::catalog::TEMPLATE_VALUES`] lists.
//! This is the one place that reads them; the transforms' ARN rules live in
//! [`super::resources`].

use super::derive::Cx;
use super::reasons::*;
use super::resources::*;
use super::values::*;
use crate::catalog::Grant;
use crate::model::Template;

/// One `{…}` of a template: `First[,Second][=default][?][!][|transform]`.
#[derive(Debug, PartialEq)]
struct Slot<'t> {
    /// Dotted parameter paths; the first the request sets is read.
    names: Vec<&'t str>,
    default: Option<&'t str>,
    /// `?`: absent, the template yields no resource.
    optional: bool,
    /// `!`: the value is an ARN (or placeholder) as written, replacing the whole template.
    as_written: bool,
    transform: Option<&'t str>,
}

impl<'t> Slot<'t> {
    fn parse(inner: &'t str) -> Slot<'t> {
        let (mut spec, transform) = match inner.split_once('|') {
            Some((spec, transform)) => (spec, Some(transform)),
            None => (inner, None),
        };
        let (mut optional, mut as_written) = (false, false);
        loop {
            if let Some(rest) = spec.strip_suffix('?') {
                optional = true;
                spec = rest;
            } else if let Some(rest) = spec.strip_suffix('!') {
                as_written = true;
                spec = rest;
            } else {
                break;
            }
        }
        let (spec, default) = match spec.split_once('=') {
            Some((spec, default)) => (spec, Some(default)),
            None => (spec, None),
        };
        Slot {
            names: spec.split(',').collect(),
            default,
            optional,
            as_written,
            transform,
        }
    }

    /// The value the slot reads: the first alternative the request sets, else the default.
    fn value<'a>(&self, p: &Val<'a>) -> Val<'a> {
        for name in &self.names {
            let v = path(p, name);
            if !matches!(v, Val::Absent) {
                return v;
            }
        }
        self.default
            .map_or(Val::Absent, |default| Val::Lit(default.to_string()))
    }

    /// The raw template of the first alternative the request sets (for its fixed start).
    fn raw<'a>(&self, p: &Val<'a>) -> Option<&'a Template> {
        self.names.iter().find_map(|name| {
            let (parent, last) = match name.rsplit_once('.') {
                Some((parent, last)) => (path(p, parent), last),
                None => (p.clone(), *name),
            };
            match parent {
                Val::Obj(members) => raw(members, last),
                _ => None,
            }
        })
    }
}

/// What a slot yields: text to put in its place (several pieces make several resources), or
/// a resource that replaces the whole template.
enum Filled {
    Pieces(Res),
    Whole(String),
}

/// `a.b.c` of the request.
fn path<'a>(p: &Val<'a>, dotted: &str) -> Val<'a> {
    dotted.split('.').fold(p.clone(), |v, key| get(&v, key))
}

/// What the table interpreter knows beyond the request.
pub(super) struct Context<'o> {
    /// The state machine's own name (`{@name}`), if given.
    pub own_name: Option<&'o str>,
}

fn fill_slot(slot: &Slot<'_>, p: &Val<'_>, cx: &Context<'_>) -> Filled {
    if slot.names == ["@name"] {
        return Filled::Pieces(match cx.own_name {
            Some(name) => (vec![name.to_string()], None),
            None => (star(), Some(R_OWN_NAME)),
        });
    }
    let v = slot.value(p);
    if slot.optional && matches!(v, Val::Absent) {
        return Filled::Pieces((Vec::new(), None));
    }
    if let Some(name) = slot.transform {
        return Filled::Pieces(transform(name, &v, p));
    }
    match v {
        Val::Lit(s)
            if slot.as_written
                || s.starts_with("arn:")
                || (is_whole_placeholder(&s) && placeholder_is_arn(&s)) =>
        {
            Filled::Whole(s)
        }
        Val::Lit(s) => Filled::Pieces((vec![s], None)),
        Val::Absent => Filled::Pieces((star(), Some(R_MISSING))),
        _ => Filled::Pieces((star(), Some(R_DYNAMIC))),
    }
}

/// The transform `name` applied to the value `v` of the request `p`.
fn transform(name: &str, v: &Val<'_>, p: &Val<'_>) -> Res {
    match name {
        "function" => function_resources(v),
        "state_machine" => state_machine_resources(v),
        "executions" => execution_resources(v),
        "task_definition" => match v {
            Val::Lit(s) => (task_definition_arns(s), None),
            _ => wide(v, arn("ecs", "task-definition/*"), R_DYNAMIC),
        },
        "cluster_name" => match v {
            Val::Lit(c) => (
                vec![
                    c.rsplit_once("cluster/")
                        .map_or(c.clone(), |(_, n)| n.into()),
                ],
                None,
            ),
            _ => (star(), None),
        },
        "queue" => queue_resources(v),
        "sms" => (star(), Some(R_SMS)),
        "event_buses" => event_bus_resources(v),
        "role" => role_resources(v),
        "build_project" => match v {
            // A build id is PROJECT:UUID.
            Val::Lit(id) if !id.starts_with("arn:") && id.contains(':') => {
                (vec![split_outside(id, ':')[0].to_string()], None)
            }
            _ => (star(), Some(R_BUILD_ID)),
        },
        "execute_api" => api_resources(p),
        "connection_secret" => connection_secret_resources(v),
        // The catalog's tests keep every transform known.
        _ => (star(), Some(R_UNKNOWN)),
    }
}

/// `SERVICE:RESOURCE` → the regional ARN of this account; `arn:…`, `{…}` and `*` as written.
fn expand(template: &str) -> String {
    if template.starts_with("arn:") || template.starts_with('{') || template == "*" {
        return template.to_string();
    }
    match template.split_once(':') {
        Some((service, resource)) => arn(service, resource),
        None => template.to_string(),
    }
}

/// A catalog resource template filled from the request: the resources it yields (none, one or
/// several) and why they are wider than the definition says.
fn fill(template: &str, p: &Val<'_>, cx: &Context<'_>) -> Res {
    let full = expand(template);
    let mut out = vec![String::new()];
    let mut reason = None;
    let mut rest = full.as_str();
    let append = |out: &mut Vec<String>, text: &str| out.iter_mut().for_each(|o| o.push_str(text));
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        if rest[..open].ends_with('$') {
            // A `${…}` placeholder or pseudo parameter, kept for CloudFormation.
            append(&mut out, &rest[..=close]);
        } else {
            append(&mut out, &rest[..open]);
            let (pieces, why) = match fill_slot(&Slot::parse(&rest[open + 1..close]), p, cx) {
                Filled::Whole(resource) => return (vec![resource], None),
                Filled::Pieces(res) => res,
            };
            reason = reason.or(why);
            out = out
                .iter()
                .flat_map(|o| pieces.iter().map(move |piece| format!("{o}{piece}")))
                .collect();
        }
        rest = &rest[close + 1..];
    }
    append(&mut out, rest);
    for resource in &mut out {
        while resource.contains("**") {
            *resource = resource.replace("**", "*");
        }
    }
    (out, reason)
}

/// A grant's conditions, values `{…}` filled from the request. A condition whose value is
/// chosen at run time is left out, except that a `StringEquals` on a value with a fixed start
/// (`States.Format('https://host/{}', …)`, `{% 'https://host/' & … %}`) becomes a `StringLike`
/// on that start; either way the statement is wider than written, which the result says.
fn fill_conditions(g: &Grant, p: &Val<'_>) -> (Conditions, bool) {
    let mut conditions = Vec::new();
    let mut widened = false;
    for (op, key, value) in g.conditions {
        let Some(inner) = value.strip_prefix('{').and_then(|v| v.strip_suffix('}')) else {
            conditions.push(cond(op, key, value));
            continue;
        };
        let slot = Slot::parse(inner);
        match slot.value(p) {
            Val::Lit(v) => conditions.push(cond(op, key, &v)),
            _ => {
                widened = true;
                if *op == "StringEquals"
                    && let Some(prefix) = literal_prefix(slot.raw(p))
                {
                    conditions.push(cond("StringLike", key, &format!("{prefix}*")));
                }
            }
        }
    }
    (conditions, widened)
}

impl Cx<'_> {
    /// The statements of a catalog table, filled from the request `p`.
    pub(super) fn table<'g>(&mut self, grants: impl IntoIterator<Item = &'g Grant>, p: &Val<'_>) {
        let cx = Context {
            own_name: self.options.state_machine_name.as_deref(),
        };
        for g in grants {
            let mut resources = Vec::with_capacity(g.resources.len());
            let mut reason = None;
            let mut star_reason = None;
            for template in g.resources {
                let (filled, why) = fill(template, p, &cx);
                let why = why.or(g.wildcard.filter(|_| template.contains('*')));
                if filled.iter().any(|r| r == "*") {
                    // `*` covers the statement's other resources, so its reason is the one.
                    star_reason = star_reason.or(why);
                }
                reason = reason.or(why);
                resources.extend(filled);
            }
            let (conditions, widened) = fill_conditions(g, p);
            let reason = star_reason.or(reason).or(g.wildcard.filter(|_| widened));
            self.push_if(g.sid, g.actions, (resources, reason), conditions);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog;
    use crate::model::{Io, StateKind};

    /// The transforms [`transform`] knows, as [`catalog::TEMPLATE_VALUES`] documents them.
    const TRANSFORMS: &[&str] = &[
        "function",
        "state_machine",
        "executions",
        "task_definition",
        "cluster_name",
        "queue",
        "sms",
        "event_buses",
        "role",
        "build_project",
        "execute_api",
        "connection_secret",
    ];

    /// Every transform a catalog template names is one [`transform`] knows.
    fn unknown_transforms() -> Vec<String> {
        let optimized = catalog::SERVICES.iter().flat_map(|s| {
            s.actions.iter().flat_map(move |a| {
                let polling = a.sync.as_ref().map_or(&[][..], |r| r.polling);
                let at = format!("{}:{}", s.name, a.name);
                a.grants.iter().chain(polling).map(move |g| (at.clone(), g))
            })
        });
        let sdk = catalog::sdk::ROLES.iter().flat_map(|r| {
            let at = format!("aws-sdk:{}:{}", r.service, r.action);
            r.grants.iter().map(move |g| (at.clone(), g))
        });
        let mut unknown = Vec::new();
        for (at, g) in optimized.chain(sdk) {
            for template in g.resources {
                let mut rest = *template;
                while let Some(open) = rest.find('{') {
                    let close = open + rest[open..].find('}').unwrap_or(0);
                    if let Some(t) = Slot::parse(&rest[open + 1..close]).transform
                        && !TRANSFORMS.contains(&t)
                    {
                        unknown.push(format!("{at}: {template}"));
                    }
                    rest = &rest[close + 1..];
                }
            }
        }
        unknown
    }

    /// The `Parameters` of an activity Task, as the model reads them.
    fn request(json: &str) -> Template {
        let text = format!(
            r#"{{"StartAt": "T", "States": {{"T": {{"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:a", "Parameters": {json}, "End": true}}}}}}"#
        );
        let machine = crate::check(&text, crate::Format::Json, &crate::Options::default())
            .machine
            .unwrap();
        let StateKind::Task(task) = &machine.scope.states[0].state.kind else {
            unreachable!("one Task state")
        };
        match &task.io {
            Io::JsonPath(io) => io.parameters.clone().unwrap(),
            Io::Jsonata(_) => unreachable!("a JSONPath state"),
        }
    }

    fn filled(template: &str, json: &str) -> Res {
        let t = request(json);
        fill(template, &val(Some(&t)), &Context { own_name: None })
    }

    #[test]
    fn slots_parse_alternatives_defaults_flags_and_transforms() {
        assert_eq!(
            Slot::parse("A.B,C=x?|role"),
            Slot {
                names: vec!["A.B", "C"],
                default: Some("x"),
                optional: true,
                as_written: false,
                transform: Some("role"),
            }
        );
        assert!(Slot::parse("TopicArn!").as_written);
        assert!(
            unknown_transforms().is_empty(),
            "{:?}",
            unknown_transforms()
        );
        let documented: Vec<&str> = catalog::TEMPLATE_VALUES
            .iter()
            .filter_map(|(form, _)| form.strip_prefix("{Name|")?.strip_suffix('}'))
            .collect();
        assert_eq!(
            documented, TRANSFORMS,
            "each transform is documented once, in order"
        );
    }

    #[test]
    fn templates_fill_from_the_request() {
        let a = |r: &str| arn("glue", r);
        assert_eq!(
            filled("glue:job/{Name}", r#"{"Name": "n"}"#),
            (vec![a("job/n")], None)
        );
        assert_eq!(
            filled("glue:job/{Name}", "{}"),
            (vec![a("job/*")], Some(R_MISSING))
        );
        assert_eq!(
            filled("glue:job/{Name}", r#"{"Name.$": "$.n"}"#),
            (vec![a("job/*")], Some(R_DYNAMIC))
        );
        assert_eq!(
            filled("glue:job/{Name}", r#"{"Name": "arn:aws:glue:r:1:job/x"}"#),
            (vec!["arn:aws:glue:r:1:job/x".to_string()], None)
        );
        assert_eq!(
            filled("glue:workgroup/{W=primary}", "{}"),
            (vec![a("workgroup/primary")], None)
        );
        assert_eq!(filled("{Role?|role}", "{}"), (vec![], None));
        assert_eq!(
            filled("glue:x/{A,B}", r#"{"B": "b"}"#),
            (vec![a("x/b")], None)
        );
        assert_eq!(
            filled("sns:{T!}", r#"{"T": "${Topic}"}"#),
            (vec!["${Topic}".to_string()], None)
        );
        assert_eq!(
            filled("glue:job/{Name}*", "{}"),
            (vec![a("job/*")], Some(R_MISSING)),
            "`**` is written `*`"
        );
        assert_eq!(
            filled("{F|function}", r#"{"F": "f"}"#).0,
            [arn("lambda", "function:f"), arn("lambda", "function:f:*")]
        );
        assert_eq!(
            fill(
                "states:stateMachine:{@name}",
                &Val::Absent,
                &Context {
                    own_name: Some("Orders")
                }
            ),
            (vec![arn("states", "stateMachine:Orders")], None)
        );
    }

    #[test]
    fn conditions_fill_or_widen() {
        let g = Grant::new("S", &["states:InvokeHTTPEndpoint"], &["*"]).when(&[
            ("StringEquals", "states:HTTPMethod", "{Method}"),
            ("StringEquals", "states:HTTPEndpoint", "{ApiEndpoint}"),
        ]);
        let t = request(
            r#"{"Method": "GET", "ApiEndpoint.$": "States.Format('https://api.example.com/{}', $.id)"}"#,
        );
        let (conditions, widened) = fill_conditions(&g, &val(Some(&t)));
        assert!(widened);
        assert_eq!(
            conditions,
            [
                cond("StringEquals", "states:HTTPMethod", "GET"),
                cond(
                    "StringLike",
                    "states:HTTPEndpoint",
                    "https://api.example.com/*"
                ),
            ]
        );
    }
}
