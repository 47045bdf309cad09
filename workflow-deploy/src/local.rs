//! A program's stack deployed straight to a Step Functions endpoint, without CloudFormation:
//! the state machines and activities of its template, each created or updated idempotently
//! through [`Deployer`] (a published version and an alias when the template has them). This is
//! what the `--local` commands of [`crate::cli`] deploy to a local endpoint.
//!
//! The template's values are resolved as CloudFormation would resolve them, with what a local
//! endpoint has: parameters from `--parameter` or their defaults, pseudo parameters, and the
//! ARNs and names of the activities, machines, versions and aliases deployed. Resources a Step
//! Functions endpoint does not hold (Lambda functions, queues, tables, roles, …) get stand-in
//! names and ARNs made from the stack and logical id: the tasks that would call them are
//! answered by the endpoint's mocks or fail naming their resource.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;
use workflow_core::MachineType;
use workflow_core::placeholder;

use crate::{DeployAction, DeployOptions, Deployer, StateMachineDeployment};

/// What cannot be deployed locally: the error names the resource and the value.
#[derive(Debug, thiserror::Error)]
pub enum LocalError {
    /// The template is not the JSON shape CloudFormation reads.
    #[error("the template cannot be read: {0}")]
    Template(String),
    /// Parameters with neither a `--parameter` value nor a default.
    #[error(
        "the template parameter(s) {} have no value; pass --parameter NAME=VALUE for each (locally any value of the right shape does: the tasks that use them are mocked)",
        .0.join(", ")
    )]
    MissingParameters(Vec<String>),
    /// A value the local deploy cannot work out.
    #[error("{resource}: {message}")]
    Unresolvable {
        /// The logical id of the resource whose property holds the value.
        resource: String,
        /// What could not be resolved, and why.
        message: String,
    },
    /// Resources that refer to each other in a circle.
    #[error(
        "the state machines {0:?} refer to each other in a circle; CloudFormation refuses that too"
    )]
    Cycle(Vec<String>),
    /// A call to the endpoint failed.
    #[error(transparent)]
    Deploy(#[from] crate::Error),
}

/// A resource the local deploy created or found, by its logical id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deployed {
    /// The logical id in the template.
    pub logical_id: String,
    /// `AWS::StepFunctions::Activity`, `…::StateMachine`, `…::StateMachineVersion` or
    /// `…::StateMachineAlias`.
    pub resource_type: String,
    /// Its name.
    pub name: String,
    /// Its ARN.
    pub arn: String,
    /// What the deploy did to it.
    pub action: DeployAction,
}

/// The template's Step Functions resources, ready to deploy.
#[derive(Debug, Clone)]
pub struct LocalStack {
    stack: String,
    region: String,
    account: String,
    parameters: BTreeMap<String, String>,
    /// Every resource's type, by logical id.
    types: BTreeMap<String, String>,
    resources: BTreeMap<String, Value>,
    /// Logical ids in the template's order.
    order: Vec<String>,
}

const ACTIVITY: &str = "AWS::StepFunctions::Activity";
const MACHINE: &str = "AWS::StepFunctions::StateMachine";
const VERSION: &str = "AWS::StepFunctions::StateMachineVersion";
const ALIAS: &str = "AWS::StepFunctions::StateMachineAlias";

impl LocalStack {
    /// Reads the template JSON of stack `stack` with the `--parameter` values `parameters`, for
    /// an endpoint in `region` and `account`.
    ///
    /// # Errors
    ///
    /// The template is not a JSON object with `Resources`, or a parameter has no value.
    pub fn new(
        template_json: &str,
        stack: &str,
        region: &str,
        account: &str,
        parameters: &[(String, String)],
    ) -> Result<LocalStack, LocalError> {
        let template: Value = serde_json::from_str(template_json)
            .map_err(|e| LocalError::Template(format!("not JSON: {e}")))?;
        let resources = template
            .get("Resources")
            .and_then(Value::as_object)
            .ok_or_else(|| LocalError::Template("no Resources object".into()))?;
        let mut values: BTreeMap<String, String> = parameters.iter().cloned().collect();
        let mut missing = Vec::new();
        for (name, declaration) in template
            .get("Parameters")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            if values.contains_key(name) {
                continue;
            }
            match declaration.get("Default").and_then(Value::as_str) {
                Some(default) => {
                    values.insert(name.clone(), default.to_owned());
                }
                None => missing.push(name.clone()),
            }
        }
        if !missing.is_empty() {
            return Err(LocalError::MissingParameters(missing));
        }
        Ok(LocalStack {
            stack: stack.to_owned(),
            region: region.to_owned(),
            account: account.to_owned(),
            parameters: values,
            types: resources
                .iter()
                .map(|(id, r)| {
                    let kind = r.get("Type").and_then(Value::as_str).unwrap_or_default();
                    (id.clone(), kind.to_owned())
                })
                .collect(),
            order: resources.keys().cloned().collect(),
            resources: resources.clone().into_iter().collect(),
        })
    }

    fn ids_of(&self, resource_type: &str) -> Vec<&str> {
        self.order
            .iter()
            .filter(|id| self.types[id.as_str()] == resource_type)
            .map(String::as_str)
            .collect()
    }

    /// The logical ids of the state machines, in the template's order.
    pub fn machine_ids(&self) -> Vec<&str> {
        self.ids_of(MACHINE)
    }

    /// The logical ids of the activities, in the template's order.
    pub fn activity_ids(&self) -> Vec<&str> {
        self.ids_of(ACTIVITY)
    }

    fn property<'a>(&'a self, id: &str, name: &str) -> Option<&'a Value> {
        self.resources.get(id)?.get("Properties")?.get(name)
    }

    /// The name a resource gets: its `Name`/`StateMachineName` property, else
    /// `<stack>-<logical id>` (CloudFormation makes up a unique name; a stable one lets a
    /// later command find the resource again).
    pub fn name_of(&self, id: &str) -> Result<String, LocalError> {
        let property = match self.types.get(id).map(String::as_str) {
            Some(MACHINE) => "StateMachineName",
            _ => "Name",
        };
        match self.property(id, property) {
            Some(value) => self.resolve(id, value, &BTreeMap::new()),
            None => Ok(format!("{}-{id}", self.stack)),
        }
    }

    /// Resolves a template value: a string, `Ref`, `Fn::GetAtt` or `Fn::Sub`, with the
    /// resources deployed so far (`deployed`, by logical id).
    fn resolve(
        &self,
        resource: &str,
        value: &Value,
        deployed: &BTreeMap<String, Deployed>,
    ) -> Result<String, LocalError> {
        let unresolvable = |message: String| LocalError::Unresolvable {
            resource: resource.to_owned(),
            message,
        };
        if let Some(text) = value.as_str() {
            return Ok(text.to_owned());
        }
        let Some((function, argument)) = value
            .as_object()
            .filter(|o| o.len() == 1)
            .and_then(|o| o.iter().next())
        else {
            return Err(unresolvable(format!("{value} is not a value")));
        };
        match (function.as_str(), argument) {
            ("Ref", Value::String(name)) => self.reference(resource, name, None, deployed),
            ("Fn::GetAtt", Value::Array(parts)) => match &parts[..] {
                [Value::String(id), Value::String(attribute)] => {
                    self.reference(resource, id, Some(attribute), deployed)
                }
                _ => Err(unresolvable(format!(
                    "{value}: Fn::GetAtt takes [id, attribute]"
                ))),
            },
            ("Fn::GetAtt", Value::String(path)) => match path.split_once('.') {
                Some((id, attribute)) => self.reference(resource, id, Some(attribute), deployed),
                None => Err(unresolvable(format!(
                    "{value}: Fn::GetAtt takes id.attribute"
                ))),
            },
            ("Fn::Sub", Value::String(text)) => self.sub(resource, text, deployed),
            _ => Err(unresolvable(format!(
                "{value} cannot be resolved without CloudFormation"
            ))),
        }
    }

    /// `${Name}`, `${Id.Attribute}` and `${!Literal}` of an `Fn::Sub` text.
    fn sub(
        &self,
        resource: &str,
        text: &str,
        deployed: &BTreeMap<String, Deployed>,
    ) -> Result<String, LocalError> {
        let mut out = String::with_capacity(text.len());
        let mut copied = 0;
        for found in placeholder::scan(text) {
            out.push_str(&text[copied..found.start]);
            copied = found.end;
            let value = match found.name.strip_prefix('!') {
                Some(literal) => format!("${{{literal}}}"),
                None => match found.name.split_once('.') {
                    Some((id, attribute)) => {
                        self.reference(resource, id, Some(attribute), deployed)?
                    }
                    None => self.reference(resource, found.name, None, deployed)?,
                },
            };
            out.push_str(&value);
        }
        out.push_str(&text[copied..]);
        Ok(out)
    }

    /// `Ref` (no attribute) or `Fn::GetAtt` of a parameter, pseudo parameter or resource.
    fn reference(
        &self,
        resource: &str,
        id: &str,
        attribute: Option<&str>,
        deployed: &BTreeMap<String, Deployed>,
    ) -> Result<String, LocalError> {
        if attribute.is_none() {
            match id {
                "AWS::StackName" => return Ok(self.stack.clone()),
                "AWS::Region" => return Ok(self.region.clone()),
                "AWS::AccountId" => return Ok(self.account.clone()),
                "AWS::Partition" => return Ok("aws".into()),
                "AWS::URLSuffix" => return Ok("amazonaws.com".into()),
                _ => {}
            }
            if let Some(value) = self.parameters.get(id) {
                return Ok(value.clone());
            }
        }
        let Some(resource_type) = self.types.get(id) else {
            return Err(LocalError::Unresolvable {
                resource: resource.to_owned(),
                message: format!(
                    "refers to {id:?}, which is no parameter or resource of the stack"
                ),
            });
        };
        if let Some(found) = deployed.get(id) {
            return match attribute {
                None | Some("Arn") => Ok(found.arn.clone()),
                Some("Name" | "StateMachineName") => Ok(found.name.clone()),
                Some(other) => Err(LocalError::Unresolvable {
                    resource: resource.to_owned(),
                    message: format!("{id} has no attribute {other} on a local endpoint"),
                }),
            };
        }
        if [ACTIVITY, MACHINE, VERSION, ALIAS].contains(&resource_type.as_str()) {
            return Err(LocalError::Unresolvable {
                resource: resource.to_owned(),
                message: format!("refers to {id}, which is not deployed yet"),
            });
        }
        // A resource the endpoint does not hold: a stand-in named after the stack.
        let name = format!("{}-{id}", self.stack);
        Ok(match (resource_type.as_str(), attribute) {
            ("AWS::IAM::Role", Some("Arn")) => {
                format!("arn:aws:iam::{}:role/{name}", self.account)
            }
            (_, Some("Arn")) => {
                let service = resource_type
                    .strip_prefix("AWS::")
                    .and_then(|rest| rest.split("::").next())
                    .unwrap_or("local")
                    .to_ascii_lowercase();
                format!("arn:aws:{service}:{}:{}:{name}", self.region, self.account)
            }
            (_, None) => name,
            (_, Some(other)) => format!("{name}.{other}"),
        })
    }

    /// The logical ids a machine's definition substitutions refer to.
    fn references_of(&self, id: &str) -> BTreeSet<String> {
        let mut found = BTreeSet::new();
        let mut pending: Vec<&Value> = self
            .property(id, "DefinitionSubstitutions")
            .into_iter()
            .collect();
        while let Some(value) = pending.pop() {
            match value {
                Value::Object(o) => {
                    for (key, inner) in o {
                        match (key.as_str(), inner) {
                            ("Ref", Value::String(name)) => {
                                found.insert(name.clone());
                            }
                            ("Fn::GetAtt", Value::Array(parts)) => {
                                if let Some(Value::String(name)) = parts.first() {
                                    found.insert(name.clone());
                                }
                            }
                            ("Fn::Sub", Value::String(text)) => {
                                for p in placeholder::scan(text) {
                                    found.insert(p.name.split('.').next().unwrap_or("").to_owned());
                                }
                            }
                            _ => pending.push(inner),
                        }
                    }
                }
                Value::Array(items) => pending.extend(items),
                _ => {}
            }
        }
        found
    }

    /// The machine that owns a version or alias: the one a version names, or the one the
    /// alias's first route's version names.
    fn owner_machine(&self, id: &str) -> Option<String> {
        let reference = |value: &Value| value.get("Ref").and_then(Value::as_str).map(str::to_owned);
        match self.types.get(id).map(String::as_str) {
            Some(VERSION) => reference(self.property(id, "StateMachineArn")?),
            Some(ALIAS) => {
                let route = self.property(id, "RoutingConfiguration")?.get(0)?;
                self.owner_machine(&reference(route.get("StateMachineVersionArn")?)?)
            }
            _ => None,
        }
    }

    /// The machines in an order that deploys each after the machines (and their versions and
    /// aliases) its substitutions refer to.
    fn machine_order(&self) -> Result<Vec<String>, LocalError> {
        let machines = self.machine_ids();
        let depends: BTreeMap<&str, BTreeSet<String>> = machines
            .iter()
            .map(|id| {
                let on = self
                    .references_of(id)
                    .into_iter()
                    .filter_map(|r| match self.types.get(&r).map(String::as_str) {
                        Some(MACHINE) => Some(r),
                        Some(VERSION | ALIAS) => self.owner_machine(&r),
                        _ => None,
                    })
                    .filter(|r| r != id)
                    .collect();
                (*id, on)
            })
            .collect();
        let mut ordered: Vec<String> = Vec::new();
        while ordered.len() < machines.len() {
            let ready = machines.iter().find(|id| {
                !ordered.iter().any(|o| o == *id)
                    && depends[*id].iter().all(|d| ordered.contains(d))
            });
            match ready {
                Some(id) => ordered.push((*id).to_owned()),
                None => {
                    let rest = machines
                        .iter()
                        .filter(|id| !ordered.iter().any(|o| o == *id))
                        .map(|id| (*id).to_owned())
                        .collect();
                    return Err(LocalError::Cycle(rest));
                }
            }
        }
        Ok(ordered)
    }

    /// The alias (and version description) the template publishes for machine `id`.
    fn alias_of(&self, id: &str) -> Option<(String, Option<String>)> {
        self.ids_of(ALIAS).into_iter().find_map(|alias| {
            if self.owner_machine(alias).as_deref() != Some(id) {
                return None;
            }
            let name = self.property(alias, "Name")?.as_str()?.to_owned();
            let version = self
                .ids_of(VERSION)
                .into_iter()
                .find(|v| self.owner_machine(v).as_deref() == Some(id));
            let description = version
                .and_then(|v| self.property(v, "Description"))
                .and_then(Value::as_str)
                .map(str::to_owned);
            Some((name, description))
        })
    }

    /// The state machine `id` as it is deployed, with the resources deployed so far.
    fn machine(
        &self,
        id: &str,
        deployed: &BTreeMap<String, Deployed>,
    ) -> Result<StateMachineDeployment, LocalError> {
        let definition = self
            .property(id, "DefinitionString")
            .and_then(Value::as_str)
            .ok_or_else(|| LocalError::Unresolvable {
                resource: id.to_owned(),
                message: "has no DefinitionString".into(),
            })?;
        let mut substitutions = Vec::new();
        for (key, value) in self
            .property(id, "DefinitionSubstitutions")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            substitutions.push((key.as_str(), self.resolve(id, value, deployed)?));
        }
        let pairs: Vec<(&str, &str)> = substitutions
            .iter()
            .map(|(k, v)| (*k, v.as_str()))
            .collect();
        let definition_json =
            workflow::substitute_placeholders(definition, &pairs).map_err(|e| {
                LocalError::Unresolvable {
                    resource: id.to_owned(),
                    message: e.to_string(),
                }
            })?;
        let machine_type = match self
            .property(id, "StateMachineType")
            .and_then(Value::as_str)
        {
            Some("EXPRESS") => MachineType::Express,
            _ => MachineType::Standard,
        };
        let role_arn = match self.property(id, "RoleArn") {
            Some(value) => self.resolve(id, value, deployed)?,
            None => format!("arn:aws:iam::{}:role/{}-{id}", self.account, self.stack),
        };
        Ok(StateMachineDeployment {
            name: self.name_of(id)?,
            definition_json,
            role_arn,
            machine_type,
            tags: self.tags_of(id),
        })
    }

    fn tags_of(&self, id: &str) -> BTreeMap<String, String> {
        self.property(id, "Tags")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|tag| {
                let key = tag.get("Key")?.as_str()?;
                let value = tag.get("Value")?.as_str()?;
                Some((key.to_owned(), value.to_owned()))
            })
            .collect()
    }

    /// Creates or updates every activity, then every state machine (with its version and
    /// alias), in dependency order; unchanged ones are left as they are. Returns what was
    /// deployed, activities first.
    ///
    /// # Errors
    ///
    /// A value cannot be resolved, a definition is invalid, or the endpoint refused a call.
    pub async fn deploy(&self, deployer: &Deployer) -> Result<Vec<Deployed>, LocalError> {
        let mut deployed: BTreeMap<String, Deployed> = BTreeMap::new();
        let mut report = Vec::new();
        for id in self.activity_ids() {
            let name = self.name_of(id)?;
            let existing = deployer.find_activity(&name).await?;
            let action = if existing.is_some() {
                DeployAction::Unchanged
            } else {
                DeployAction::Created
            };
            let activity = match existing {
                Some(activity) => activity,
                None => deployer.create_activity(&name).await?,
            };
            let entry = Deployed {
                logical_id: id.to_owned(),
                resource_type: ACTIVITY.into(),
                name,
                arn: activity.arn,
                action,
            };
            deployed.insert(id.to_owned(), entry.clone());
            report.push(entry);
        }
        for id in self.machine_order()? {
            let deployment = self.machine(&id, &deployed)?;
            let alias = self.alias_of(&id);
            let options = DeployOptions {
                publish: alias.is_some(),
                alias: alias.as_ref().map(|(name, _)| name.clone()),
                version_description: alias.as_ref().and_then(|(_, d)| d.clone()),
                ..DeployOptions::default()
            };
            let outcome = deployer.deploy(&deployment, &options).await?;
            let entry = Deployed {
                logical_id: id.clone(),
                resource_type: MACHINE.into(),
                name: deployment.name.clone(),
                arn: outcome.arn.clone(),
                action: outcome.action,
            };
            deployed.insert(id.clone(), entry.clone());
            report.push(entry);
            let published = [
                (VERSION, outcome.version_arn.as_ref()),
                (ALIAS, outcome.alias_arn.as_ref()),
            ];
            for (kind, arn) in published {
                let (Some(arn), Some(logical_id)) = (
                    arn,
                    self.ids_of(kind)
                        .into_iter()
                        .find(|v| self.owner_machine(v).as_deref() == Some(id.as_str())),
                ) else {
                    continue;
                };
                let entry = Deployed {
                    logical_id: logical_id.to_owned(),
                    resource_type: kind.into(),
                    name: arn.rsplit(':').next().unwrap_or_default().to_owned(),
                    arn: arn.clone(),
                    action: outcome.action,
                };
                deployed.insert(logical_id.to_owned(), entry.clone());
                report.push(entry);
            }
        }
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn stack(template: &Value, parameters: &[(&str, &str)]) -> Result<LocalStack, LocalError> {
        let parameters: Vec<(String, String)> = parameters
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        LocalStack::new(
            &template.to_string(),
            "shop",
            "us-east-1",
            "123456789012",
            &parameters,
        )
    }

    fn template() -> Value {
        json!({
            "Parameters": {
                "FnArn": {"Type": "String"},
                "Table": {"Type": "String", "Default": "orders"}
            },
            "Resources": {
                "Review": {"Type": ACTIVITY, "Properties": {"Name": {"Fn::Sub": "${AWS::StackName}-Review"}}},
                "Role": {"Type": "AWS::IAM::Role"},
                "Queue": {"Type": "AWS::SQS::Queue"},
                "Main": {"Type": MACHINE, "Properties": {
                    "DefinitionString": "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::states:startExecution\",\"Parameters\":{\"StateMachineArn\":\"${Child}\",\"Input\":{\"fn\":\"${Fn}\",\"t\":\"${T}\",\"q\":\"${Q}\"}},\"End\":true}}}",
                    "DefinitionSubstitutions": {
                        "Child": {"Ref": "Child"},
                        "Fn": {"Ref": "FnArn"},
                        "T": {"Fn::Sub": "${Table}-${AWS::Region}-${!Kept}"},
                        "Q": {"Fn::GetAtt": ["Queue", "Arn"]}
                    },
                    "RoleArn": {"Fn::GetAtt": ["Role", "Arn"]}
                }},
                "Child": {"Type": MACHINE, "Properties": {
                    "StateMachineName": "child",
                    "DefinitionString": "{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Task\",\"Resource\":\"${Work}\",\"End\":true}}}",
                    "DefinitionSubstitutions": {"Work": {"Ref": "Review"}}
                }}
            }
        })
    }

    #[test]
    fn parameters_without_value_or_default_are_named() {
        let err = stack(&template(), &[]).unwrap_err().to_string();
        assert!(err.contains("FnArn"), "{err}");
        assert!(!err.contains("Table"), "{err}");
        assert!(err.contains("--parameter NAME=VALUE"), "{err}");
    }

    #[test]
    fn machines_come_after_the_machines_they_refer_to_and_values_resolve() {
        let local = stack(&template(), &[("FnArn", "arn:fn")]).unwrap();
        assert_eq!(local.machine_order().unwrap(), ["Child", "Main"]);
        assert_eq!(local.name_of("Review").unwrap(), "shop-Review");
        assert_eq!(local.name_of("Main").unwrap(), "shop-Main");
        assert_eq!(local.name_of("Child").unwrap(), "child");
        let err = local.machine("Main", &BTreeMap::new()).unwrap_err();
        assert!(
            err.to_string().contains("Child, which is not deployed yet"),
            "{err}"
        );

        let child = Deployed {
            logical_id: "Child".into(),
            resource_type: MACHINE.into(),
            name: "child".into(),
            arn: "arn:aws:states:us-east-1:123456789012:stateMachine:child".into(),
            action: DeployAction::Created,
        };
        let deployed = BTreeMap::from([("Child".to_owned(), child)]);
        let main = local.machine("Main", &deployed).unwrap();
        let definition: Value = serde_json::from_str(&main.definition_json).unwrap();
        let parameters = &definition["States"]["A"]["Parameters"];
        assert_eq!(
            parameters["StateMachineArn"],
            "arn:aws:states:us-east-1:123456789012:stateMachine:child"
        );
        assert_eq!(parameters["Input"]["fn"], "arn:fn");
        assert_eq!(parameters["Input"]["t"], "orders-us-east-1-${Kept}");
        assert_eq!(
            parameters["Input"]["q"],
            "arn:aws:sqs:us-east-1:123456789012:shop-Queue"
        );
        assert_eq!(main.role_arn, "arn:aws:iam::123456789012:role/shop-Role");
    }

    #[test]
    fn circles_and_unknown_references_are_errors() {
        let mut circle = template();
        circle["Resources"]["Child"]["Properties"]["DefinitionSubstitutions"] =
            json!({"Work": {"Ref": "Main"}});
        let local = stack(&circle, &[("FnArn", "x")]).unwrap();
        assert!(
            matches!(local.machine_order(), Err(LocalError::Cycle(ids)) if ids == ["Main", "Child"])
        );

        let mut unknown = template();
        unknown["Resources"]["Child"]["Properties"]["DefinitionSubstitutions"] =
            json!({"Work": {"Fn::ImportValue": "elsewhere"}});
        let local = stack(&unknown, &[("FnArn", "x")]).unwrap();
        let err = local
            .machine("Child", &BTreeMap::new())
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("Child: "), "{err}");
        assert!(err.contains("without CloudFormation"), "{err}");
    }
}
