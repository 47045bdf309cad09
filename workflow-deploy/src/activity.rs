//! Activities: the queues of work that [`crate::worker`] serves. Created idempotently by name.
//!
//! ```no_run
//! # async fn demo() -> workflow_deploy::Result<()> {
//! let deployer = workflow_deploy::Deployer::from_env().await;
//! let activity = deployer.create_activity("resize-image").await?;
//! println!("{} {}", activity.name, activity.arn);
//! for a in deployer.list_activities().await? {
//!     println!("{}", a.name);
//! }
//! deployer.delete_activity(&activity.arn).await?;
//! # Ok(())
//! # }
//! ```

use crate::{Deployer, Result};

/// An activity as the API describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Activity {
    /// The activity ARN, which a Task state names as its `Resource`.
    pub arn: String,
    /// The activity name.
    pub name: String,
}

impl Deployer {
    /// The activity named `name`, created when there is none (no write call when it exists).
    pub async fn create_activity(&self, name: &str) -> Result<Activity> {
        if let Some(existing) = self.find_activity(name).await? {
            return Ok(existing);
        }
        self.wrote();
        let out = self
            .client
            .create_activity()
            .name(name)
            .send()
            .await
            .map_err(|e| self.sdk_error_on("CreateActivity", name, e))?;
        Ok(Activity {
            arn: out.activity_arn().to_owned(),
            name: name.to_owned(),
        })
    }

    /// The activity named `name`, if any.
    pub async fn find_activity(&self, name: &str) -> Result<Option<Activity>> {
        Ok(self
            .list_activities()
            .await?
            .into_iter()
            .find(|a| a.name == name))
    }

    /// Describes the activity `arn`.
    pub async fn describe_activity(&self, arn: &str) -> Result<Activity> {
        let out = self
            .client
            .describe_activity()
            .activity_arn(arn)
            .send()
            .await
            .map_err(|e| self.sdk_error_on("DescribeActivity", arn, e))?;
        Ok(Activity {
            arn: out.activity_arn().to_owned(),
            name: out.name().to_owned(),
        })
    }

    /// Deletes the activity `arn`.
    pub async fn delete_activity(&self, arn: &str) -> Result<()> {
        self.wrote();
        self.client
            .delete_activity()
            .activity_arn(arn)
            .send()
            .await
            .map_err(|e| self.sdk_error_on("DeleteActivity", arn, e))?;
        Ok(())
    }

    /// Every activity of the account and region (ListActivities, every page).
    pub async fn list_activities(&self) -> Result<Vec<Activity>> {
        let activities = self
            .client
            .list_activities()
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
            .map_err(|e| self.sdk_error("ListActivities", e))?;
        Ok(activities
            .iter()
            .map(|a| Activity {
                arn: a.activity_arn().to_owned(),
                name: a.name().to_owned(),
            })
            .collect())
    }
}
