//! `arn:aws:states:::aws-sdk:SERVICE:action` → IAM actions, from the tables of
//! [`crate::catalog::sdk`].

use crate::catalog::sdk::{ACTIONS, PREFIXES};

/// The IAM service prefix of an `aws-sdk` service: `sfn` → `states`, `cloudwatchlogs` →
/// `logs`, `sesv2` → `ses`, `elasticloadbalancingv2` → `elasticloadbalancing`, …; the SDK name
/// itself for services whose prefix is the same (`s3`, `dynamodb`, `ec2`, …).
pub fn iam_prefix(sdk_service: &str) -> &str {
    PREFIXES
        .iter()
        .find(|(s, _)| *s == sdk_service)
        .map_or(sdk_service, |(_, p)| p)
}

/// The first letter upper-cased: `listObjectsV2` → `ListObjectsV2`, `getObject` → `GetObject`.
pub fn pascal_case(action: &str) -> String {
    let mut chars = action.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The IAM actions (`prefix:Action`) that authorize `arn:aws:states:::aws-sdk:SERVICE:ACTION`:
/// the prefix from [`iam_prefix`] and the PascalCase action, except where the API action is
/// authorized by differently named IAM actions (`s3:listObjectsV2` → `s3:ListBucket`,
/// `s3:headObject` → `s3:GetObject`, `lambda:invoke` → `lambda:InvokeFunction`,
/// `sqs:sendMessageBatch` → `sqs:SendMessage`, …). API Gateway's management API is authorized
/// by HTTP verbs (`apigateway:GET`, `apigateway:POST`, …).
pub fn sdk_iam_actions(sdk_service: &str, action: &str) -> Vec<String> {
    let prefix = iam_prefix(sdk_service);
    if let Some((_, _, actions)) = ACTIONS
        .iter()
        .find(|(s, a, _)| *s == sdk_service && *a == action)
    {
        return actions.iter().map(|a| format!("{prefix}:{a}")).collect();
    }
    if prefix == "apigateway" {
        let verb = [
            ("get", "GET"),
            ("list", "GET"),
            ("create", "POST"),
            ("import", "PUT"),
            ("put", "PUT"),
            ("update", "PATCH"),
            ("delete", "DELETE"),
            ("reset", "DELETE"),
            ("flush", "DELETE"),
            ("tag", "PUT"),
            ("untag", "DELETE"),
        ]
        .iter()
        .find(|(start, _)| action.starts_with(start))
        .map_or("POST", |(_, verb)| verb);
        return vec![format!("apigateway:{verb}")];
    }
    vec![format!("{prefix}:{}", pascal_case(action))]
}
