//! `arn:aws:states:::aws-sdk:SERVICE:action`: the catalog's statements where it holds the
//! action's role ([`crate::catalog::sdk::ROLES`]); otherwise the IAM actions
//! [`sdk::sdk_iam_actions`] names, on resources read from the obvious parameters (S3 buckets and
//! keys, DynamoDB tables, queues, topics, functions, state machines, secrets), else `*`.

use super::derive::Cx;
use super::reasons::*;
use super::resources::*;
use super::sdk;
use super::values::*;

impl Cx<'_> {
    /// `arn:aws:states:::aws-sdk:SERVICE:action`: the IAM actions from [`sdk::sdk_iam_actions`],
    /// on resources read from the obvious parameters, else `*`.
    pub(super) fn sdk(&mut self, service: &str, action: &str, p: &Val<'_>) {
        if service.contains("${") || action.contains("${") {
            return;
        }
        if let Some(role) = crate::catalog::sdk::role(service, action) {
            self.table(role.grants, p);
            return;
        }
        let mut actions = sdk::sdk_iam_actions(service, action);
        // (action, resources, reason, conditions), combined below.
        let mut parts: Vec<(String, Res, Conditions)> = Vec::new();
        let not_named = || (star(), Some(R_SDK));
        match service {
            "s3" => {
                for a in &actions {
                    let (res, conditions) = s3_sdk_resources(action, a, p);
                    parts.push((a.clone(), res, conditions));
                }
            }
            "dynamodb" => {
                if action == "transactWriteItems"
                    && let Val::Arr(items) = get(p, "TransactItems")
                {
                    let mut derived = Vec::new();
                    for item in items {
                        match val(Some(item)) {
                            Val::Obj([(op, _)]) => derived.push(match op.as_str() {
                                "Put" => "dynamodb:PutItem",
                                "Update" => "dynamodb:UpdateItem",
                                "Delete" => "dynamodb:DeleteItem",
                                _ => "dynamodb:ConditionCheckItem",
                            }),
                            _ => {
                                derived.clear();
                                break;
                            }
                        }
                    }
                    if !derived.is_empty() {
                        actions = derived.into_iter().map(String::from).collect();
                    }
                }
                let res = if actions.iter().any(|a| a.contains(":PartiQL")) {
                    (vec![arn("dynamodb", "table/*")], Some(R_SDK))
                } else {
                    dynamodb_sdk_resources(action, p)
                };
                for a in &actions {
                    parts.push((a.clone(), res.clone(), Vec::new()));
                }
            }
            _ => {
                let res = match service {
                    "sqs" => match get(p, "QueueUrl") {
                        Val::Absent => not_named(),
                        v => queue_resources(&v),
                    },
                    "sns" => match (get(p, "TopicArn"), get(p, "TargetArn")) {
                        (Val::Absent, Val::Absent) => not_named(),
                        (Val::Absent, v) | (v, _) => topic_resources(&v),
                    },
                    "lambda" => match get(p, "FunctionName") {
                        Val::Absent => not_named(),
                        v => function_resources(&v),
                    },
                    "sfn" => match (get(p, "StateMachineArn"), get(p, "ExecutionArn")) {
                        (Val::Lit(s), _) | (_, Val::Lit(s)) => (vec![s], None),
                        (Val::Absent, Val::Absent) => not_named(),
                        (Val::Absent, _) => (vec![arn("states", "execution:*")], Some(R_DYNAMIC)),
                        _ => (vec![arn("states", "stateMachine:*")], Some(R_DYNAMIC)),
                    },
                    "secretsmanager" => match get(p, "SecretId") {
                        Val::Absent => not_named(),
                        v => secret_resources(&v),
                    },
                    _ => not_named(),
                };
                for a in &actions {
                    parts.push((a.clone(), res.clone(), Vec::new()));
                }
            }
        }
        // One statement per distinct (resources, conditions), holding every action on them.
        let mut combined: Vec<(Vec<String>, Res, Conditions)> = Vec::new();
        for (a, res, conditions) in parts {
            match combined
                .iter_mut()
                .find(|(_, r, c)| *r == res && *c == conditions)
            {
                Some((acts, _, _)) => acts.push(a),
                None => combined.push((vec![a], res, conditions)),
            }
        }
        for (acts, res, conditions) in combined {
            let refs: Vec<&str> = acts.iter().map(String::as_str).collect();
            self.push_if(&sid_of(&acts[0]), &refs, res, conditions);
        }
    }
}

/// The resources of one IAM action of an `aws-sdk:s3:*` task.
fn s3_sdk_resources(sdk_action: &str, iam_action: &str, p: &Val<'_>) -> (Res, Conditions) {
    let name = iam_action.trim_start_matches("s3:");
    if name == "ListAllMyBuckets" {
        return ((star(), Some(R_SDK)), Vec::new());
    }
    let bucket = get(p, "Bucket");
    let object_level = name.contains("Object")
        || name == "AbortMultipartUpload"
        || name == "ListMultipartUploadParts";
    if object_level {
        let copies = matches!(sdk_action, "copyObject" | "uploadPartCopy");
        if copies && name == "GetObject" {
            // CopySource is BUCKET/KEY[?versionId=…], URL-encoded.
            return match get(p, "CopySource") {
                Val::Lit(src) => {
                    let src = src.trim_start_matches('/');
                    let src = src.split('?').next().unwrap_or(src);
                    ((vec![s3(src)], None), Vec::new())
                }
                v => (wide(&v, s3("*"), R_DYNAMIC), Vec::new()),
            };
        }
        let key = get(p, "Key");
        let res = s3_object_resources(&bucket, &key, R_SDK);
        return (res, Vec::new());
    }
    let prefix = if name == "ListBucket" {
        get(p, "Prefix")
    } else {
        Val::Absent
    };
    s3_bucket_resources(&bucket, &prefix, R_SDK)
}

/// Tables named by `TableName`, the keys of `RequestItems` or the `TableName`s of
/// `TransactItems`; indexes for `query`/`scan` with `IndexName`.
fn dynamodb_sdk_resources(action: &str, p: &Val<'_>) -> Res {
    let mut tables: Vec<Val<'_>> = Vec::new();
    match get(p, "TableName") {
        Val::Absent => {}
        v => tables.push(v),
    }
    match get(p, "RequestItems") {
        Val::Obj(members) => tables.extend(members.iter().map(|(k, _)| Val::Lit(k.clone()))),
        Val::Absent => {}
        _ => tables.push(Val::Dyn),
    }
    match get(p, "TransactItems") {
        Val::Arr(items) => {
            for item in items {
                match val(Some(item)) {
                    Val::Obj([(_, inner)]) => tables.push(get(&val(Some(inner)), "TableName")),
                    _ => tables.push(Val::Dyn),
                }
            }
        }
        Val::Absent => {}
        _ => tables.push(Val::Dyn),
    }
    if tables.is_empty() {
        return (star(), Some(R_SDK));
    }
    let mut resources = Vec::new();
    let mut reason = None;
    for t in &tables {
        let (r, why) = table_resources(t);
        reason = reason.or(why);
        resources.extend(r);
    }
    if matches!(action, "query" | "scan") {
        match get(p, "IndexName") {
            Val::Absent => {}
            Val::Lit(index) => {
                for r in &mut resources {
                    *r = format!("{r}/index/{index}");
                }
            }
            _ => {
                let indexes: Vec<String> =
                    resources.iter().map(|r| format!("{r}/index/*")).collect();
                resources.extend(indexes);
                reason = reason.or(Some(R_DYNAMIC));
            }
        }
    }
    (resources, reason)
}
