//! App → template tree.

use std::collections::{BTreeMap, BTreeSet};

use super::TemplateError;
use super::app::{
    ActivitySpec, ApiAuthorization, ApiTrigger, App, Component, Definition, EventRuleTrigger,
    LogLevel, ScheduleTrigger, StateMachineSpec, Value,
};
use super::part::StackNames;
use crate::iam::{Effect, IamOptions, Statement, execution_role_statements};
use crate::model::{MachineType, Resource, Scope, StateKind, StateMachine};
use crate::placeholder::{self, Placeholder};
use crate::tree::Tree;
use crate::validate::{Options, Validated};

const POLICY_VERSION: &str = "2012-10-17";
/// `RetentionInDays` values CloudWatch Logs accepts.
const RETENTION_DAYS: &[u32] = &[
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
    3288, 3653,
];

type Result<T> = std::result::Result<T, TemplateError>;

/// The names `Ref`, `Fn::GetAtt` and `Fn::Sub` may use: parameters and resources.
#[derive(Debug)]
pub(super) struct Names {
    pub(super) parameters: BTreeSet<String>,
    pub(super) resources: BTreeSet<String>,
    activities: BTreeSet<String>,
}

impl Names {
    fn is_ref_target(&self, name: &str) -> bool {
        name.starts_with("AWS::") || self.parameters.contains(name) || self.resources.contains(name)
    }

    fn check_ref(&self, context: &str, name: &str) -> Result<()> {
        if self.is_ref_target(name) {
            Ok(())
        } else {
            Err(unknown(context, name))
        }
    }

    fn check_get_att(&self, context: &str, resource: &str) -> Result<()> {
        if self.resources.contains(resource) {
            Ok(())
        } else {
            Err(unknown(context, resource))
        }
    }

    /// Every `${X}` / `${X.Attr}` of a `Fn::Sub` text names something of the stack.
    fn check_sub(&self, context: &str, text: &str) -> Result<()> {
        for Placeholder { name, .. } in placeholder::scan(text) {
            if name.starts_with('!') {
                continue;
            }
            match name.split_once('.') {
                Some((resource, _)) => self.check_get_att(context, resource)?,
                None => self.check_ref(context, name)?,
            }
        }
        Ok(())
    }

    pub(super) fn check_value(&self, context: &str, value: &Value) -> Result<()> {
        match value {
            Value::Literal(_) | Value::Intrinsic(_) => Ok(()),
            Value::Ref(name) => self.check_ref(context, name),
            Value::GetAtt(resource, _) => self.check_get_att(context, resource),
            Value::Sub(text) => self.check_sub(context, text),
        }
    }
}

fn unknown(context: &str, name: &str) -> TemplateError {
    TemplateError::UnknownReference {
        context: context.to_string(),
        name: name.to_string(),
    }
}

pub(super) fn render(app: &App) -> Result<Tree> {
    let names = collect_names(app)?;

    // The ARN each trigger starts: the alias when the machine publishes one.
    let mut targets: BTreeMap<&str, Tree> = BTreeMap::new();
    for c in &app.components {
        if let Component::StateMachine(m) = c {
            let target = if m.publish.is_some() {
                format!("{}Alias", m.id)
            } else {
                m.id.clone()
            };
            targets.insert(&m.id, Tree::reference(&target));
        }
    }

    let mut resources: Vec<(String, Tree)> = Vec::new();
    let mut wildcards: Vec<(String, Tree)> = Vec::new();
    for c in &app.components {
        match c {
            Component::StateMachine(m) => state_machine(m, &names, &mut resources, &mut wildcards)?,
            Component::Activity(a) => activity(a, &names, &mut resources)?,
            Component::EventRule(t) => {
                let target = target_of(&targets, &t.id, &t.machine)?;
                event_rule(t, target, &names, &mut resources)?
            }
            Component::Schedule(t) => {
                let target = target_of(&targets, &t.id, &t.machine)?;
                schedule(t, target, &mut resources)?
            }
            Component::Api(t) => {
                let target = target_of(&targets, &t.id, &t.machine)?;
                api(t, target, &mut resources)?
            }
            Component::Part(part) => {
                let stack = StackNames {
                    names: &names,
                    machine_targets: &targets,
                };
                let declared = part.logical_ids();
                let rendered = part.resources(&stack)?;
                let ids: Vec<&String> = rendered.iter().map(|(id, _)| id).collect();
                if ids != declared.iter().collect::<Vec<_>>() {
                    return Err(TemplateError::Part {
                        part: part.name(),
                        reason: format!("rendered the resources {ids:?} but declared {declared:?}"),
                    });
                }
                resources.extend(rendered);
            }
        }
    }

    let mut top: Vec<(String, Tree)> =
        vec![("AWSTemplateFormatVersion".into(), Tree::from("2010-09-09"))];
    if let Some(d) = &app.description {
        top.push(("Description".into(), d.as_str().into()));
    }
    if !wildcards.is_empty() {
        top.push((
            "Metadata".into(),
            Tree::object([(
                "WorkflowRs",
                Tree::object([("WildcardResources", Tree::Object(wildcards))]),
            )]),
        ));
    }
    if !app.parameters.is_empty() {
        let params = app.parameters.iter().map(|p| {
            let mut o = Obj::default();
            o.put("Type", "String".into());
            o.put_opt("Description", p.description.as_deref());
            o.put_opt("Default", p.default.as_deref());
            o.put_opt("AllowedPattern", p.allowed_pattern.as_deref());
            o.put_opt("ConstraintDescription", p.constraint_description.as_deref());
            (p.name.clone(), o.done())
        });
        top.push(("Parameters".into(), Tree::Object(params.collect())));
    }
    top.push(("Resources".into(), Tree::Object(resources)));
    if !app.outputs.is_empty() {
        let mut outputs = Vec::new();
        for out in &app.outputs {
            let context = format!("output `{}`", out.name);
            names.check_value(&context, &out.value)?;
            let mut o = Obj::default();
            o.put_opt("Description", out.description.as_deref());
            o.put("Value", out.value.to_tree());
            if let Some(export) = &out.export_name {
                names.check_value(&context, export)?;
                o.put("Export", Tree::object([("Name", export.to_tree())]));
            }
            outputs.push((out.name.clone(), o.done()));
        }
        top.push(("Outputs".into(), Tree::Object(outputs)));
    }
    Ok(Tree::Object(top))
}

fn target_of<'a>(
    targets: &'a BTreeMap<&str, Tree>,
    trigger: &str,
    machine: &str,
) -> Result<&'a Tree> {
    targets
        .get(machine)
        .ok_or_else(|| TemplateError::UnknownStateMachine {
            trigger: trigger.to_string(),
            machine: machine.to_string(),
        })
}

/// Every logical id the template will have (checked: alphanumeric, unique), and the
/// parameters.
fn collect_names(app: &App) -> Result<Names> {
    let mut ids: Vec<String> = app.parameters.iter().map(|p| p.name.clone()).collect();
    for c in &app.components {
        match c {
            Component::StateMachine(m) => {
                check_id(&m.id)?;
                ids.push(format!("{}Role", m.id));
                if m.logging.as_ref().is_some_and(|l| l.level != LogLevel::Off) {
                    ids.push(format!("{}Logs", m.id));
                }
                ids.push(m.id.clone());
                if m.publish.is_some() {
                    ids.push(format!("{}Version", m.id));
                    ids.push(format!("{}Alias", m.id));
                }
            }
            Component::Activity(a) => ids.push(a.id.clone()),
            Component::EventRule(EventRuleTrigger { id, .. })
            | Component::Schedule(ScheduleTrigger { id, .. }) => {
                check_id(id)?;
                ids.push(format!("{id}Role"));
                ids.push(id.clone());
            }
            Component::Part(part) => ids.extend(part.logical_ids()),
            Component::Api(t) => {
                check_id(&t.id)?;
                // The deployment's id ends with a hash, see `api`.
                for suffix in ["Role", "", "Resource", "Method", "Stage"] {
                    ids.push(format!("{}{suffix}", t.id));
                }
            }
        }
    }
    let mut seen = BTreeSet::new();
    for id in &ids {
        check_id(id)?;
        if !seen.insert(id.clone()) {
            return Err(TemplateError::DuplicateLogicalId { id: id.clone() });
        }
    }
    let parameters: BTreeSet<String> = app.parameters.iter().map(|p| p.name.clone()).collect();
    let resources = seen.difference(&parameters).cloned().collect();
    let activities = app
        .components
        .iter()
        .filter_map(|c| match c {
            Component::Activity(a) => Some(a.id.clone()),
            _ => None,
        })
        .collect();
    Ok(Names {
        parameters,
        resources,
        activities,
    })
}

fn check_id(id: &str) -> Result<()> {
    if id.is_empty() || id.len() > 255 || !id.chars().all(|c| c.is_ascii_alphanumeric()) {
        Err(TemplateError::InvalidLogicalId { id: id.to_string() })
    } else {
        Ok(())
    }
}

/// An object under construction.
#[derive(Default)]
pub(crate) struct Obj(Vec<(String, Tree)>);

impl Obj {
    pub(crate) fn put(&mut self, key: &str, value: Tree) {
        self.0.push((key.to_string(), value));
    }

    fn put_opt(&mut self, key: &str, value: Option<&str>) {
        if let Some(v) = value {
            self.put(key, v.into());
        }
    }

    pub(crate) fn done(self) -> Tree {
        Tree::Object(self.0)
    }
}

fn resource(type_name: &str, properties: Obj) -> Tree {
    Tree::object([
        ("Type", type_name.into()),
        ("Properties", properties.done()),
    ])
}

fn tags(tags: &[(String, String)]) -> Tree {
    Tree::Array(
        tags.iter()
            .map(|(k, v)| Tree::object([("Key", k.as_str().into()), ("Value", v.as_str().into())]))
            .collect(),
    )
}

// ---------------------------------------------------------------------------------------------
// State machines.
// ---------------------------------------------------------------------------------------------

fn state_machine(
    spec: &StateMachineSpec,
    names: &Names,
    resources: &mut Vec<(String, Tree)>,
    wildcards: &mut Vec<(String, Tree)>,
) -> Result<()> {
    let id = spec.id.as_str();
    let mut machine = definition(spec)?;
    let machine_type = spec
        .machine_type
        .or(machine.machine_type)
        .unwrap_or(MachineType::Standard);
    machine.machine_type = Some(machine_type);

    // CloudFormation intrinsics as a Resource become placeholders: a DefinitionString is text.
    let mut taken: BTreeSet<String> = {
        let text = serde_json::to_string(&crate::emit::to_json_value(&machine)).unwrap_or_default();
        placeholder::names(&text)
            .into_iter()
            .map(str::to_string)
            .collect()
    };
    taken.extend(spec.substitutions.iter().map(|(n, _)| n.clone()));
    let mut lifter = Lifter {
        taken,
        activities: &names.activities,
        out: Vec::new(),
    };
    lifter.scope(&mut machine.scope);
    let lifted = lifter.out;

    let options = Options {
        machine_type: Some(machine_type),
    };
    let validated = Validated::new(&machine, &options).map_err(|diagnostics| {
        TemplateError::InvalidDefinition {
            machine: id.to_string(),
            diagnostics: diagnostics.into_iter().filter(|d| d.is_error()).collect(),
        }
    })?;
    let asl = validated.to_json_string();

    // Bind every placeholder.
    let mut bound: BTreeMap<String, Tree> = BTreeMap::new();
    for (name, value) in &spec.substitutions {
        let context = format!("state machine `{id}`, substitution `{name}`");
        names.check_value(&context, value)?;
        if let Value::Literal(text) = value
            && let Some(c) = text
                .chars()
                .find(|c| matches!(c, '"' | '\\') || c.is_control())
        {
            return Err(TemplateError::InvalidSubstitution {
                machine: id.to_string(),
                name: name.clone(),
                reason: format!(
                    "a literal value cannot hold {c:?}, which DefinitionSubstitutions would \
                     insert into the JSON text unescaped"
                ),
            });
        }
        if bound.insert(name.clone(), value.to_tree()).is_some() {
            return Err(TemplateError::DuplicateSubstitution {
                machine: id.to_string(),
                name: name.clone(),
            });
        }
    }
    bound.extend(lifted);
    let used: BTreeSet<&str> = placeholder::names(&asl).into_iter().collect();
    let mut substitutions = Vec::new();
    for name in &used {
        let value = match (bound.get(*name), builtin(name)) {
            (Some(v), _) => v.clone(),
            (None, Some(Builtin::Ref(target))) => {
                names.check_ref(&format!("state machine `{id}`"), target)?;
                Tree::reference(target)
            }
            (None, Some(Builtin::GetAtt(target, attr))) => {
                names.check_get_att(&format!("state machine `{id}`"), target)?;
                Tree::get_att(target, attr)
            }
            (None, None) => {
                return Err(TemplateError::UnboundPlaceholder {
                    machine: id.to_string(),
                    placeholder: name.to_string(),
                });
            }
        };
        substitutions.push((name.to_string(), value));
    }
    // Names.
    if let Some(name) = &spec.name {
        names.check_value(&format!("state machine `{id}`, name"), name)?;
        if let Value::Literal(n) = name {
            check_length(id, "StateMachineName", n, 80)?;
        }
    }
    let logging = spec.logging.as_ref().filter(|l| l.level != LogLevel::Off);
    if let Some(l) = logging
        && !RETENTION_DAYS.contains(&l.retention_days)
    {
        return Err(TemplateError::InvalidProperty {
            resource: format!("{id}Logs"),
            property: "RetentionInDays",
            reason: format!(
                "is {}; CloudWatch Logs accepts only {RETENTION_DAYS:?}",
                l.retention_days
            ),
        });
    }

    // The execution role.
    let iam = IamOptions {
        logging: logging.is_some(),
        tracing: spec.tracing,
        state_machine_name: spec.name.as_ref().and_then(name_for_iam),
    };
    let statements = crate::iam::merge(
        execution_role_statements(&machine, &iam),
        &spec.statement_overrides,
        &spec.extra_statements,
    );
    // A substitution must be used by the definition or by the policy (which may ask for
    // placeholders of its own, e.g. `${ReviewQueueArn}` beside the definition's
    // `${ReviewQueueUrl}`).
    let in_policy: BTreeSet<&str> = statements
        .iter()
        .flat_map(|s| {
            let conditions = s.conditions.iter().map(|(_, _, v)| v);
            s.resources.iter().chain(conditions)
        })
        .flat_map(|text| placeholder::names(text))
        .collect();
    if let Some(unused) = bound
        .keys()
        .find(|n| !used.contains(n.as_str()) && !in_policy.contains(n.as_str()))
    {
        return Err(TemplateError::UnusedSubstitution {
            machine: id.to_string(),
            name: unused.clone(),
        });
    }
    let role_id = format!("{id}Role");
    let sub_names = SubNames {
        machine: id,
        bound: &bound,
        names,
    };
    let mut policy = Vec::new();
    let mut reasons = Vec::new();
    for s in &statements {
        // Every statement wider than the definition pins down says why; `*` must.
        match s.wildcard_reason {
            Some(reason) => reasons.push((s.sid.clone(), Tree::from(reason))),
            None if s.resources.iter().any(|r| r == "*") => {
                return Err(TemplateError::UnexplainedWildcard {
                    machine: id.to_string(),
                    sid: s.sid.clone(),
                });
            }
            None => {}
        }
        policy.push(statement(s, &sub_names)?);
    }
    if !reasons.is_empty() {
        wildcards.push((role_id.clone(), Tree::Object(reasons)));
    }
    let mut role = role_properties(
        &format!("Execution role of the state machine {id}"),
        "states.amazonaws.com",
    );
    if !policy.is_empty() {
        role.put(
            "Policies",
            Tree::Array(vec![Tree::object([
                ("PolicyName", Tree::from(format!("{id}Execution"))),
                ("PolicyDocument", policy_document(policy)),
            ])]),
        );
    }
    if !spec.tags.is_empty() {
        role.put("Tags", tags(&spec.tags));
    }
    resources.push((role_id.clone(), resource("AWS::IAM::Role", role)));

    // The log group.
    let logs_id = format!("{id}Logs");
    if let Some(l) = logging {
        let mut group = Obj::default();
        group.put(
            "LogGroupName",
            Tree::sub(&format!("/aws/vendedlogs/states/${{AWS::StackName}}-{id}")),
        );
        group.put("RetentionInDays", l.retention_days.into());
        if let Some(key) = &l.kms_key {
            names.check_value(&format!("state machine `{id}`, log group key"), key)?;
            group.put("KmsKeyId", key.to_tree());
        }
        if !spec.tags.is_empty() {
            group.put("Tags", tags(&spec.tags));
        }
        resources.push((logs_id.clone(), resource("AWS::Logs::LogGroup", group)));
    }

    // The state machine.
    let mut props = Obj::default();
    if let Some(name) = &spec.name {
        props.put("StateMachineName", name.to_tree());
    }
    props.put("StateMachineType", machine_type.as_str().into());
    props.put("DefinitionString", asl.into());
    if !substitutions.is_empty() {
        props.put("DefinitionSubstitutions", Tree::Object(substitutions));
    }
    props.put("RoleArn", Tree::get_att(&role_id, "Arn"));
    if let Some(l) = &spec.logging {
        let mut config = Obj::default();
        config.put("Level", l.level.as_str().into());
        if logging.is_some() {
            config.put("IncludeExecutionData", l.include_execution_data.into());
            config.put(
                "Destinations",
                Tree::Array(vec![Tree::object([(
                    "CloudWatchLogsLogGroup",
                    Tree::object([("LogGroupArn", Tree::get_att(&logs_id, "Arn"))]),
                )])]),
            );
        }
        props.put("LoggingConfiguration", config.done());
    }
    if spec.tracing {
        props.put(
            "TracingConfiguration",
            Tree::object([("Enabled", Tree::from(true))]),
        );
    }
    if !spec.tags.is_empty() {
        props.put("Tags", tags(&spec.tags));
    }
    resources.push((
        id.to_string(),
        resource("AWS::StepFunctions::StateMachine", props),
    ));

    // Version and alias.
    if let Some(publish) = &spec.publish {
        let alias_ok = !publish.alias.is_empty()
            && publish.alias.len() <= 80
            && publish
                .alias
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c))
            && publish.alias.chars().any(|c| !c.is_ascii_digit());
        if !alias_ok {
            return Err(TemplateError::InvalidProperty {
                resource: format!("{id}Alias"),
                property: "Name",
                reason: format!(
                    "`{}` is not an alias name (1 to 80 letters, digits, `_`, `-`, `.`, not \
                     only digits)",
                    publish.alias
                ),
            });
        }
        let version_id = format!("{id}Version");
        let mut version = Obj::default();
        version.put("StateMachineArn", Tree::reference(id));
        version.put(
            "StateMachineRevisionId",
            Tree::get_att(id, "StateMachineRevisionId"),
        );
        version.put_opt("Description", publish.description.as_deref());
        resources.push((
            version_id.clone(),
            resource("AWS::StepFunctions::StateMachineVersion", version),
        ));
        let mut alias = Obj::default();
        alias.put("Name", publish.alias.as_str().into());
        alias.put_opt("Description", publish.description.as_deref());
        alias.put(
            "RoutingConfiguration",
            Tree::Array(vec![Tree::object([
                ("StateMachineVersionArn", Tree::reference(&version_id)),
                ("Weight", Tree::from(100u32)),
            ])]),
        );
        resources.push((
            format!("{id}Alias"),
            resource("AWS::StepFunctions::StateMachineAlias", alias),
        ));
    }
    Ok(())
}

fn check_length(resource: &str, property: &'static str, value: &str, max: usize) -> Result<()> {
    if value.is_empty() || value.chars().count() > max {
        Err(TemplateError::InvalidProperty {
            resource: resource.to_string(),
            property,
            reason: format!("`{value}` must be 1 to {max} characters"),
        })
    } else {
        Ok(())
    }
}

/// The machine's model, from the spec's definition.
fn definition(spec: &StateMachineSpec) -> Result<StateMachine> {
    let invalid = |diagnostics: Vec<crate::Diagnostic>| TemplateError::InvalidDefinition {
        machine: spec.id.clone(),
        diagnostics: diagnostics.into_iter().filter(|d| d.is_error()).collect(),
    };
    match &spec.definition {
        Definition::Model(m) => Ok(m.clone()),
        Definition::Asl { text, format } => {
            let options = Options {
                machine_type: spec.machine_type,
            };
            let report = crate::check(text, *format, &options);
            match report.machine {
                Some(m) if report.is_valid() => Ok(m),
                _ => Err(invalid(report.diagnostics)),
            }
        }
    }
}

/// The machine's name as the IAM statements see it: a literal, or `${…}` that `Fn::Sub`
/// resolves.
fn name_for_iam(name: &Value) -> Option<String> {
    match name {
        Value::Literal(s) => Some(s.clone()),
        Value::Ref(p) => Some(format!("${{{p}}}")),
        Value::Sub(text) => Some(text.clone()),
        Value::GetAtt(..) | Value::Intrinsic(_) => None,
    }
}

/// Turns the CloudFormation intrinsics written as a `Resource` into placeholders, collecting
/// the ones that need a substitution of their own.
struct Lifter<'a> {
    /// Placeholder names already in use.
    taken: BTreeSet<String>,
    /// The activities of the stack.
    activities: &'a BTreeSet<String>,
    /// New placeholders and their values.
    out: Vec<(String, Tree)>,
}

impl Lifter<'_> {
    fn scope(&mut self, scope: &mut Scope) {
        for named in &mut scope.states {
            let base: String = named
                .name
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .collect();
            let base = if base.is_empty() {
                "State".into()
            } else {
                base
            };
            match &mut named.state.kind {
                StateKind::Task(task) => self.lift(&mut task.resource, &format!("{base}Resource")),
                StateKind::Parallel(p) => {
                    for branch in &mut p.branches {
                        self.scope(branch);
                    }
                }
                StateKind::Map(map) => {
                    if let Some(reader) = &mut map.item_reader {
                        self.lift(&mut reader.resource, &format!("{base}Reader"));
                    }
                    if let Some(writer) = &mut map.result_writer
                        && let Some(r) = &mut writer.resource
                    {
                        self.lift(r, &format!("{base}Writer"));
                    }
                    self.scope(&mut map.processor.scope);
                }
                _ => {}
            }
        }
    }

    fn lift(&mut self, resource: &mut Resource, base: &str) {
        let Resource::Cfn(json) = resource else {
            return;
        };
        let tree = Tree::from(&*json);
        // `Ref` and `Fn::GetAtt` take the `${Ref:X}` / `${GetAtt:X.Attr}` form that the
        // validator and `crate::iam` read. An activity of the stack whose id does not say
        // "activity" gets a `${<Id>ActivityArn}` placeholder instead, because `crate::iam`
        // takes any other whole placeholder for a Lambda function. Any other intrinsic gets a
        // placeholder of its own.
        let (target, builtin) = match &tree {
            Tree::Object(m) if m.len() == 1 => match (&m[0].0[..], &m[0].1) {
                ("Ref", Tree::String(target)) => {
                    (Some(target.clone()), Some(format!("Ref:{target}")))
                }
                ("Fn::GetAtt", Tree::String(dotted)) if dotted.contains('.') => (
                    dotted.split('.').next().map(str::to_string),
                    Some(format!("GetAtt:{dotted}")),
                ),
                ("Fn::GetAtt", Tree::Array(parts)) => match &parts[..] {
                    [Tree::String(target), Tree::String(attr)] => (
                        Some(target.clone()),
                        Some(format!("GetAtt:{target}.{attr}")),
                    ),
                    _ => (None, None),
                },
                _ => (None, None),
            },
            _ => (None, None),
        };
        let activity = target.filter(|t| {
            self.activities.contains(t) && !t.to_ascii_lowercase().contains("activity")
        });
        let name = match (activity, builtin) {
            (None, Some(n)) if placeholder::is_name(&n) => n,
            _ if let Some((name, _)) = self.out.iter().find(|(_, t)| *t == tree) => name.clone(),
            (activity, _) => {
                let base = match activity {
                    Some(id) => format!("{id}ActivityArn"),
                    None => base.to_string(),
                };
                let mut name = base.clone();
                let mut n = 2;
                while self.taken.contains(&name) {
                    name = format!("{base}{n}");
                    n += 1;
                }
                self.taken.insert(name.clone());
                self.out.push((name.clone(), tree));
                name
            }
        };
        *resource = Resource::Arn(format!("${{{name}}}"));
    }
}

/// The placeholders that bind themselves.
enum Builtin<'a> {
    Ref(&'a str),
    GetAtt(&'a str, &'a str),
}

fn builtin(name: &str) -> Option<Builtin<'_>> {
    if name.starts_with("AWS::") {
        Some(Builtin::Ref(name))
    } else if let Some(target) = name.strip_prefix("Ref:") {
        Some(Builtin::Ref(target))
    } else if let Some(rest) = name.strip_prefix("GetAtt:") {
        let (target, attr) = rest.split_once('.')?;
        Some(Builtin::GetAtt(target, attr))
    } else {
        None
    }
}

// ---------------------------------------------------------------------------------------------
// IAM.
// ---------------------------------------------------------------------------------------------

/// How `${…}` in a policy string is resolved.
struct SubNames<'a> {
    machine: &'a str,
    /// The definition's substitutions.
    bound: &'a BTreeMap<String, Tree>,
    names: &'a Names,
}

impl SubNames<'_> {
    /// `text` as is when it holds no placeholder, else as `Fn::Sub`: pseudo parameters and
    /// names of the stack stay `${…}`, the definition's placeholders become variables bound to
    /// their substitution values.
    fn sub(&self, text: &str) -> Result<Tree> {
        let found = placeholder::scan(text);
        if found.is_empty() {
            return Ok(text.into());
        }
        // The whole string is one placeholder: its value, no `Fn::Sub`.
        if let Some(name) = placeholder::whole(text) {
            if let Some(value) = self.bound.get(name) {
                return Ok(value.clone());
            }
            let context = format!("state machine `{}`, execution role", self.machine);
            match builtin(name) {
                Some(Builtin::Ref(target)) => {
                    self.names.check_ref(&context, target)?;
                    return Ok(Tree::reference(target));
                }
                Some(Builtin::GetAtt(target, attr)) => {
                    self.names.check_get_att(&context, target)?;
                    return Ok(Tree::get_att(target, attr));
                }
                None => {}
            }
        }
        let mut out = String::new();
        let mut vars: Vec<(String, Tree)> = Vec::new();
        let mut copied = 0;
        for Placeholder { start, end, name } in found {
            out.push_str(&text[copied..start]);
            copied = end;
            let written = if let Some(value) = self.bound.get(name) {
                let var = if name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                    name.to_string()
                } else {
                    let clean: String = name.chars().filter(char::is_ascii_alphanumeric).collect();
                    format!("Var{}{clean}", vars.len() + 1)
                };
                if !vars.iter().any(|(v, _)| *v == var) {
                    vars.push((var.clone(), value.clone()));
                }
                var
            } else {
                let context = format!("state machine `{}`, execution role", self.machine);
                match builtin(name) {
                    Some(Builtin::Ref(target)) if name.starts_with("AWS::") => target.to_string(),
                    Some(Builtin::Ref(target)) => {
                        self.names.check_ref(&context, target)?;
                        target.to_string()
                    }
                    Some(Builtin::GetAtt(target, attr)) => {
                        self.names.check_get_att(&context, target)?;
                        format!("{target}.{attr}")
                    }
                    None if self.names.is_ref_target(name) => name.to_string(),
                    None => match name.split_once('.') {
                        Some((target, _)) if self.names.resources.contains(target) => {
                            name.to_string()
                        }
                        _ => {
                            return Err(TemplateError::UnboundPlaceholder {
                                machine: self.machine.to_string(),
                                placeholder: name.to_string(),
                            });
                        }
                    },
                }
            };
            out.push_str("${");
            out.push_str(&written);
            out.push('}');
        }
        out.push_str(&text[copied..]);
        Ok(if vars.is_empty() {
            Tree::sub(&out)
        } else {
            Tree::object([(
                "Fn::Sub",
                Tree::Array(vec![Tree::from(out), Tree::Object(vars)]),
            )])
        })
    }
}

fn statement(s: &Statement, subs: &SubNames<'_>) -> Result<Tree> {
    let mut o = Obj::default();
    o.put("Sid", s.sid.as_str().into());
    o.put(
        "Effect",
        match s.effect {
            Effect::Allow => "Allow",
            Effect::Deny => "Deny",
        }
        .into(),
    );
    o.put(
        "Action",
        Tree::Array(s.actions.iter().map(|a| a.as_str().into()).collect()),
    );
    let resources = s
        .resources
        .iter()
        .map(|r| subs.sub(r))
        .collect::<Result<Vec<_>>>()?;
    o.put("Resource", Tree::Array(resources));
    if !s.conditions.is_empty() {
        // operator → {key: value}, operators in the order first seen (each (operator, key)
        // appears once).
        let mut ops: Vec<(String, Vec<(String, Tree)>)> = Vec::new();
        for (op, key, value) in &s.conditions {
            let value = subs.sub(value)?;
            match ops.iter_mut().find(|(o, _)| o == op) {
                Some((_, keys)) => keys.push((key.clone(), value)),
                None => ops.push((op.clone(), vec![(key.clone(), value)])),
            }
        }
        let condition = ops.into_iter().map(|(op, keys)| (op, Tree::Object(keys)));
        o.put("Condition", Tree::Object(condition.collect()));
    }
    Ok(o.done())
}

pub(crate) fn policy_document(statements: Vec<Tree>) -> Tree {
    Tree::object([
        ("Version", Tree::from(POLICY_VERSION)),
        ("Statement", Tree::Array(statements)),
    ])
}

/// A role `service` may assume, for this account only.
pub(crate) fn role_properties(description: &str, service: &str) -> Obj {
    let trust = Tree::object([
        ("Effect", Tree::from("Allow")),
        (
            "Principal",
            Tree::object([("Service", Tree::from(service))]),
        ),
        ("Action", Tree::from("sts:AssumeRole")),
        (
            "Condition",
            Tree::object([(
                "StringEquals",
                Tree::object([("aws:SourceAccount", Tree::reference("AWS::AccountId"))]),
            )]),
        ),
    ]);
    let mut role = Obj::default();
    role.put("Description", description.into());
    role.put("AssumeRolePolicyDocument", policy_document(vec![trust]));
    role
}

/// A role for `service` that may only start `target`.
fn start_execution_role(description: &str, service: &str, policy_name: &str, target: &Tree) -> Obj {
    let mut role = role_properties(description, service);
    let allow = Tree::object([
        ("Sid", Tree::from("StartExecution")),
        ("Effect", Tree::from("Allow")),
        (
            "Action",
            Tree::Array(vec![Tree::from("states:StartExecution")]),
        ),
        ("Resource", Tree::Array(vec![target.clone()])),
    ]);
    role.put(
        "Policies",
        Tree::Array(vec![Tree::object([
            ("PolicyName", Tree::from(policy_name)),
            ("PolicyDocument", policy_document(vec![allow])),
        ])]),
    );
    role
}

// ---------------------------------------------------------------------------------------------
// Activities and triggers.
// ---------------------------------------------------------------------------------------------

fn activity(a: &ActivitySpec, names: &Names, resources: &mut Vec<(String, Tree)>) -> Result<()> {
    let mut props = Obj::default();
    let name = match &a.name {
        Some(n) => {
            names.check_value(&format!("activity `{}`, name", a.id), n)?;
            if let Value::Literal(text) = n {
                check_length(&a.id, "Name", text, 80)?;
            }
            n.to_tree()
        }
        None => Tree::sub(&format!("${{AWS::StackName}}-{}", a.id)),
    };
    props.put("Name", name);
    if !a.tags.is_empty() {
        props.put("Tags", tags(&a.tags));
    }
    resources.push((
        a.id.clone(),
        resource("AWS::StepFunctions::Activity", props),
    ));
    Ok(())
}

fn event_rule(
    t: &EventRuleTrigger,
    target: &Tree,
    names: &Names,
    resources: &mut Vec<(String, Tree)>,
) -> Result<()> {
    let role_id = format!("{}Role", t.id);
    let role = start_execution_role(
        &format!("Lets the EventBridge rule {} start {}", t.id, t.machine),
        "events.amazonaws.com",
        "StartExecution",
        target,
    );
    resources.push((role_id.clone(), resource("AWS::IAM::Role", role)));
    let mut props = Obj::default();
    props.put_opt("Description", t.description.as_deref());
    if let Some(bus) = &t.event_bus {
        names.check_value(&format!("event rule `{}`, event bus", t.id), bus)?;
        props.put("EventBusName", bus.to_tree());
    }
    props.put("EventPattern", t.pattern.clone());
    props.put("State", "ENABLED".into());
    props.put(
        "Targets",
        Tree::Array(vec![Tree::object([
            ("Id", Tree::from(t.machine.as_str())),
            ("Arn", target.clone()),
            ("RoleArn", Tree::get_att(&role_id, "Arn")),
        ])]),
    );
    resources.push((t.id.clone(), resource("AWS::Events::Rule", props)));
    Ok(())
}

fn schedule(t: &ScheduleTrigger, target: &Tree, resources: &mut Vec<(String, Tree)>) -> Result<()> {
    let role_id = format!("{}Role", t.id);
    let role = start_execution_role(
        &format!("Lets the schedule {} start {}", t.id, t.machine),
        "scheduler.amazonaws.com",
        "StartExecution",
        target,
    );
    resources.push((role_id.clone(), resource("AWS::IAM::Role", role)));
    let mut props = Obj::default();
    props.put_opt("Description", t.description.as_deref());
    props.put("ScheduleExpression", t.expression.as_str().into());
    props.put_opt("ScheduleExpressionTimezone", t.timezone.as_deref());
    props.put(
        "FlexibleTimeWindow",
        Tree::object([("Mode", Tree::from("OFF"))]),
    );
    props.put("State", "ENABLED".into());
    let mut target_props = Obj::default();
    target_props.put("Arn", target.clone());
    target_props.put("RoleArn", Tree::get_att(&role_id, "Arn"));
    target_props.put_opt("Input", t.input.as_deref());
    props.put("Target", target_props.done());
    resources.push((t.id.clone(), resource("AWS::Scheduler::Schedule", props)));
    Ok(())
}

fn api(t: &ApiTrigger, target: &Tree, resources: &mut Vec<(String, Tree)>) -> Result<()> {
    let id = t.id.as_str();
    let path_ok = !t.path.is_empty()
        && t.path
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
    if !path_ok {
        return Err(TemplateError::InvalidProperty {
            resource: format!("{id}Resource"),
            property: "PathPart",
            reason: format!("`{}` is not a path part (letters, digits, `-_.`)", t.path),
        });
    }
    let stage_ok = !t.stage.is_empty()
        && t.stage.len() <= 128
        && t.stage
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_".contains(c));
    if !stage_ok {
        return Err(TemplateError::InvalidProperty {
            resource: format!("{id}Stage"),
            property: "StageName",
            reason: format!("`{}` is not a stage name (letters, digits, `-_`)", t.stage),
        });
    }
    let role_id = format!("{id}Role");
    let role = start_execution_role(
        &format!("Lets the API {id} start {}", t.machine),
        "apigateway.amazonaws.com",
        "StartExecution",
        target,
    );
    resources.push((role_id.clone(), resource("AWS::IAM::Role", role)));

    let mut api = Obj::default();
    api.put("Name", Tree::sub(&format!("${{AWS::StackName}}-{id}")));
    api.put_opt("Description", t.description.as_deref());
    api.put(
        "EndpointConfiguration",
        Tree::object([("Types", Tree::Array(vec![Tree::from("REGIONAL")]))]),
    );
    resources.push((id.to_string(), resource("AWS::ApiGateway::RestApi", api)));

    let resource_id = format!("{id}Resource");
    let mut res = Obj::default();
    res.put("RestApiId", Tree::reference(id));
    res.put("ParentId", Tree::get_att(id, "RootResourceId"));
    res.put("PathPart", t.path.as_str().into());
    resources.push((
        resource_id.clone(),
        resource("AWS::ApiGateway::Resource", res),
    ));

    let method_id = format!("{id}Method");
    // The request body becomes the execution input; the response is StartExecution's.
    let request = Tree::object([(
        "Fn::Sub",
        Tree::Array(vec![
            Tree::from(
                "{\"input\": \"$util.escapeJavaScript($input.json('$'))\", \
                 \"stateMachineArn\": \"${StateMachineArn}\"}",
            ),
            Tree::object([("StateMachineArn", target.clone())]),
        ]),
    )]);
    let integration = Tree::object([
        ("Type", Tree::from("AWS")),
        ("IntegrationHttpMethod", Tree::from("POST")),
        (
            "Uri",
            Tree::sub(
                "arn:${AWS::Partition}:apigateway:${AWS::Region}:states:action/StartExecution",
            ),
        ),
        ("Credentials", Tree::get_att(&role_id, "Arn")),
        ("PassthroughBehavior", Tree::from("NEVER")),
        (
            "RequestTemplates",
            Tree::object([("application/json", request)]),
        ),
        (
            "IntegrationResponses",
            Tree::Array(vec![Tree::object([("StatusCode", Tree::from("200"))])]),
        ),
    ]);
    let mut method = Obj::default();
    method.put("RestApiId", Tree::reference(id));
    method.put("ResourceId", Tree::reference(&resource_id));
    method.put("HttpMethod", "POST".into());
    method.put(
        "AuthorizationType",
        match t.authorization {
            ApiAuthorization::Iam => "AWS_IAM",
            ApiAuthorization::None => "NONE",
        }
        .into(),
    );
    method.put("Integration", integration);
    method.put(
        "MethodResponses",
        Tree::Array(vec![Tree::object([("StatusCode", Tree::from("200"))])]),
    );
    let method = resource("AWS::ApiGateway::Method", method);

    // A deployment is a snapshot: its logical id carries a hash of what it deploys, so a
    // changed method gets a new deployment instead of silently keeping the old one.
    let snapshot = format!("{}{}", t.path, method.to_json_string());
    let deployment_id = format!("{id}Deployment{:08X}", fnv1a(snapshot.as_bytes()) as u32);
    resources.push((method_id.clone(), method));
    let mut deployment = Obj::default();
    deployment.put("RestApiId", Tree::reference(id));
    deployment.put_opt("Description", t.description.as_deref());
    resources.push((
        deployment_id.clone(),
        Tree::object([
            ("Type", Tree::from("AWS::ApiGateway::Deployment")),
            ("DependsOn", Tree::Array(vec![Tree::from(method_id)])),
            ("Properties", deployment.done()),
        ]),
    ));

    let mut stage = Obj::default();
    stage.put("RestApiId", Tree::reference(id));
    stage.put("DeploymentId", Tree::reference(&deployment_id));
    stage.put("StageName", t.stage.as_str().into());
    stage.put("TracingEnabled", true.into());
    resources.push((
        format!("{id}Stage"),
        resource("AWS::ApiGateway::Stage", stage),
    ));
    Ok(())
}

/// 64-bit FNV-1a: a small, stable hash (not for security).
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}
