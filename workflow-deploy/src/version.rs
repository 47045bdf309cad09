//! The full direct deploy: validate, create or update idempotently (definition, role, type,
//! logging, tracing, tags), publish a version and create or move an alias.
//!
//! ```no_run
//! # async fn demo() -> workflow_deploy::Result<()> {
//! use workflow_deploy::{DeployOptions, Deployer, StateMachineDeployment};
//!
//! let deployer = Deployer::from_env().await;
//! let deployment = StateMachineDeployment {
//!     name: "orders".into(),
//!     definition_json: r#"{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}"#.into(),
//!     role_arn: "arn:aws:iam::123456789012:role/orders".into(),
//!     machine_type: workflow_core::MachineType::Standard,
//!     tags: Default::default(),
//! };
//! let options = DeployOptions {
//!     tracing_enabled: Some(true),
//!     publish: true,
//!     alias: Some("live".into()),
//!     server_validation: true,
//!     ..DeployOptions::default()
//! };
//! let outcome = deployer.deploy(&deployment, &options).await?;
//! println!("{:?} {} -> {:?}", outcome.action, outcome.arn, outcome.version_arn);
//! println!("{}", outcome.validation);
//! # Ok(())
//! # }
//! ```

use std::collections::BTreeMap;

use aws_sdk_sfn::types::{
    LogLevel, LoggingConfiguration, RoutingConfigurationListItem, StateMachineType, Tag,
    TracingConfiguration,
};

use crate::fault;
use crate::validate::validate_locally;
use crate::{
    DeployAction, DeployOutcome, Deployer, Error, Result, ServerValidation, StateMachineDeployment,
};

/// What [`Deployer::deploy`] does beyond creating or updating the machine.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DeployOptions {
    /// The logging configuration to enforce; `None` leaves the deployed one as it is.
    pub logging: Option<LoggingConfiguration>,
    /// X-Ray tracing on or off; `None` leaves the deployed setting as it is.
    pub tracing_enabled: Option<bool>,
    /// Publish a version of each new revision (and of the current one, when the alias needs
    /// a version and none is known).
    pub publish: bool,
    /// A description for published versions.
    pub version_description: Option<String>,
    /// An alias to create, or move to the published version (implies `publish`).
    pub alias: Option<String>,
    /// Ask the server to validate the definition (`ValidateStateMachineDefinition`) before
    /// writing; a server without that operation is reported, not fatal.
    pub server_validation: bool,
}

/// Logging as compared: `None` and the service's default (OFF, no execution data, no
/// destination) are the same.
fn logging_key(logging: Option<&LoggingConfiguration>) -> (String, bool, Vec<String>) {
    let Some(logging) = logging else {
        return (LogLevel::Off.as_str().to_owned(), false, Vec::new());
    };
    let level = logging
        .level()
        .unwrap_or(&LogLevel::Off)
        .as_str()
        .to_owned();
    let mut groups: Vec<String> = logging
        .destinations()
        .iter()
        .filter_map(|d| d.cloud_watch_logs_log_group()?.log_group_arn())
        .map(str::to_owned)
        .collect();
    groups.sort();
    (level, logging.include_execution_data(), groups)
}

fn tags_of(tags: &BTreeMap<String, String>) -> Vec<Tag> {
    tags.iter()
        .map(|(k, v)| Tag::builder().key(k).value(v).build())
        .collect()
}

impl Deployer {
    /// Validates the definition locally (errors: [`Error::InvalidDefinition`], before any call),
    /// optionally on the server, then creates the machine or updates what differs, publishes a
    /// version and creates or moves the alias. A machine, version and alias that already match
    /// cause no write call.
    pub async fn deploy(
        &self,
        deployment: &StateMachineDeployment,
        options: &DeployOptions,
    ) -> Result<DeployOutcome> {
        let name = deployment.name.as_str();
        let wanted: serde_json::Value =
            serde_json::from_str(&deployment.definition_json).map_err(|source| Error::Json {
                what: "the definition",
                source,
            })?;
        validate_locally(name, &deployment.definition_json)?;
        let machine_type = StateMachineType::from(deployment.machine_type.as_str());
        let validation = if options.server_validation {
            self.validate_on_server(name, &deployment.definition_json, machine_type.clone())
                .await?
        } else {
            ServerValidation::NotRequested
        };
        let publish = options.publish || options.alias.is_some();
        let version_description = options.version_description.clone().filter(|_| publish);

        let Some(arn) = self.find_state_machine(name).await? else {
            self.wrote();
            let out = self
                .client
                .create_state_machine()
                .name(name)
                .definition(&deployment.definition_json)
                .role_arn(&deployment.role_arn)
                .r#type(machine_type)
                .set_tags(Some(tags_of(&deployment.tags)))
                .set_logging_configuration(options.logging.clone())
                .set_tracing_configuration(
                    options
                        .tracing_enabled
                        .map(|on| TracingConfiguration::builder().enabled(on).build()),
                )
                .publish(publish)
                .set_version_description(version_description)
                .send()
                .await
                .map_err(|e| self.sdk_error_on("CreateStateMachine", name, e))?;
            let arn = out.state_machine_arn().to_owned();
            let version_arn = out.state_machine_version_arn().map(str::to_owned);
            let alias_arn = self
                .point_alias(&arn, options, version_arn.as_deref())
                .await?;
            return Ok(DeployOutcome {
                arn,
                action: DeployAction::Created,
                version_arn,
                alias_arn,
                validation,
            });
        };

        let current = self
            .client
            .describe_state_machine()
            .state_machine_arn(&arn)
            .send()
            .await
            .map_err(|e| self.sdk_error_on("DescribeStateMachine", name, e))?;
        if *current.r#type() != machine_type {
            return Err(Error::TypeChange {
                name: name.to_owned(),
                existing: current.r#type().as_str().to_owned(),
                wanted: machine_type.as_str().to_owned(),
            });
        }
        // A deployed definition that does not parse counts as different.
        let definition_same = serde_json::from_str::<serde_json::Value>(current.definition())
            .is_ok_and(|deployed| deployed == wanted);
        let role_same = current.role_arn() == deployment.role_arn;
        let logging_same = options.logging.as_ref().is_none_or(|logging| {
            logging_key(Some(logging)) == logging_key(current.logging_configuration())
        });
        let tracing_same = options.tracing_enabled.is_none_or(|on| {
            current
                .tracing_configuration()
                .map(|t| t.enabled())
                .unwrap_or(false)
                == on
        });
        let mut changed = false;
        let mut version_arn = None;
        if !(definition_same && role_same && logging_same && tracing_same) {
            self.wrote();
            let out = self
                .client
                .update_state_machine()
                .state_machine_arn(&arn)
                // Always sent: some servers (moto) refuse an update whose only change is
                // tracing turned off, which the SDK serializes as an empty object.
                .definition(&deployment.definition_json)
                .set_role_arn((!role_same).then(|| deployment.role_arn.clone()))
                .set_logging_configuration(options.logging.clone().filter(|_| !logging_same))
                .set_tracing_configuration(
                    options
                        .tracing_enabled
                        .filter(|_| !tracing_same)
                        .map(|on| TracingConfiguration::builder().enabled(on).build()),
                )
                .publish(publish)
                .set_version_description(version_description.clone())
                .send()
                .await
                .map_err(|e| self.sdk_error_on("UpdateStateMachine", name, e))?;
            version_arn = out.state_machine_version_arn().map(str::to_owned);
            changed = true;
        }
        changed |= self.converge_tags(&arn, name, &deployment.tags).await?;
        if publish && version_arn.is_none() {
            version_arn = self
                .current_version(
                    &arn,
                    options,
                    &deployment.definition_json,
                    version_description,
                )
                .await?;
        }
        let alias_before = match &options.alias {
            Some(alias) => self.alias_target(&arn, alias).await?,
            None => None,
        };
        let alias_arn =
            if options.alias.is_some() && alias_before.as_deref() != version_arn.as_deref() {
                changed = true;
                self.point_alias(&arn, options, version_arn.as_deref())
                    .await?
            } else {
                options.alias.as_ref().map(|alias| format!("{arn}:{alias}"))
            };
        Ok(DeployOutcome {
            arn,
            action: if changed {
                DeployAction::Updated
            } else {
                DeployAction::Unchanged
            },
            version_arn,
            alias_arn,
            validation,
        })
    }

    /// Removes tags that are not wanted and sets those that differ; true when it wrote.
    async fn converge_tags(
        &self,
        arn: &str,
        name: &str,
        wanted: &BTreeMap<String, String>,
    ) -> Result<bool> {
        let tags = self.tags_of(arn).await?;
        let mut changed = false;
        let stale: Vec<String> = tags
            .keys()
            .filter(|k| !wanted.contains_key(*k))
            .cloned()
            .collect();
        if !stale.is_empty() {
            self.wrote();
            self.client
                .untag_resource()
                .resource_arn(arn)
                .set_tag_keys(Some(stale))
                .send()
                .await
                .map_err(|e| self.sdk_error_on("UntagResource", name, e))?;
            changed = true;
        }
        let new_tags: Vec<Tag> = wanted
            .iter()
            .filter(|(k, v)| tags.get(*k) != Some(*v))
            .map(|(k, v)| Tag::builder().key(k).value(v).build())
            .collect();
        if !new_tags.is_empty() {
            self.wrote();
            self.client
                .tag_resource()
                .resource_arn(arn)
                .set_tags(Some(new_tags))
                .send()
                .await
                .map_err(|e| self.sdk_error_on("TagResource", name, e))?;
            changed = true;
        }
        Ok(changed)
    }

    /// The version of the unchanged current revision: the one the alias already points at,
    /// else a newly published one (`PublishStateMachineVersion` is idempotent per revision).
    async fn current_version(
        &self,
        arn: &str,
        options: &DeployOptions,
        definition_json: &str,
        description: Option<String>,
    ) -> Result<Option<String>> {
        if let Some(alias) = &options.alias
            && let Some(target) = self.alias_target(arn, alias).await?
        {
            return Ok(Some(target));
        }
        self.wrote();
        let answer = self
            .client
            .publish_state_machine_version()
            .state_machine_arn(arn)
            .set_description(description.clone())
            .send()
            .await;
        match answer {
            Ok(out) => Ok(Some(out.state_machine_version_arn().to_owned())),
            // Servers without PublishStateMachineVersion (moto) publish through an update
            // that changes nothing else.
            Err(err) if fault::is_unsupported(&err) => {
                let out = self
                    .client
                    .update_state_machine()
                    .state_machine_arn(arn)
                    .definition(definition_json)
                    .publish(true)
                    .set_version_description(description)
                    .send()
                    .await
                    .map_err(|e| self.sdk_error_on("UpdateStateMachine", arn, e))?;
                Ok(out.state_machine_version_arn().map(str::to_owned))
            }
            Err(err) => Err(self.sdk_error_on("PublishStateMachineVersion", arn, err)),
        }
    }

    /// The version the alias `alias` of machine `arn` routes all traffic to, if it exists.
    pub async fn alias_target(&self, arn: &str, alias: &str) -> Result<Option<String>> {
        let alias_arn = format!("{arn}:{alias}");
        match self
            .client
            .describe_state_machine_alias()
            .state_machine_alias_arn(&alias_arn)
            .send()
            .await
        {
            Ok(out) => Ok(out
                .routing_configuration()
                .iter()
                .max_by_key(|r| r.weight())
                .map(|r| r.state_machine_version_arn().to_owned())),
            Err(err)
                if err
                    .as_service_error()
                    .is_some_and(|e| e.is_resource_not_found()) =>
            {
                Ok(None)
            }
            Err(err) => Err(self.sdk_error_on("DescribeStateMachineAlias", &alias_arn, err)),
        }
    }

    /// Creates the alias, or moves it to `version_arn`; returns its ARN.
    async fn point_alias(
        &self,
        arn: &str,
        options: &DeployOptions,
        version_arn: Option<&str>,
    ) -> Result<Option<String>> {
        let (Some(alias), Some(version_arn)) = (&options.alias, version_arn) else {
            return Ok(None);
        };
        let route = RoutingConfigurationListItem::builder()
            .state_machine_version_arn(version_arn)
            .weight(100)
            .build()
            .map_err(|e| Error::Invalid {
                what: "the alias routing",
                message: e.to_string(),
            })?;
        let alias_arn = format!("{arn}:{alias}");
        let exists = self.alias_target(arn, alias).await?.is_some();
        self.wrote();
        if exists {
            self.client
                .update_state_machine_alias()
                .state_machine_alias_arn(&alias_arn)
                .routing_configuration(route)
                .send()
                .await
                .map_err(|e| self.sdk_error_on("UpdateStateMachineAlias", &alias_arn, e))?;
            Ok(Some(alias_arn))
        } else {
            let out = self
                .client
                .create_state_machine_alias()
                .name(alias)
                .routing_configuration(route)
                .send()
                .await
                .map_err(|e| self.sdk_error_on("CreateStateMachineAlias", &alias_arn, e))?;
            Ok(Some(out.state_machine_alias_arn().to_owned()))
        }
    }
}
