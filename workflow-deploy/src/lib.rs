//! Deploying workflows to AWS (issue: workflow-deploy). Nothing is exported yet.
