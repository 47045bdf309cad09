//! The ARNs of each kind of resource, read from parameter values: functions, state machines,
//! queues, roles, task definitions, API routes, S3 objects. The template interpreter's
//! transforms ([`super::template`]) and the aws-sdk derivation call them.

use super::reasons::*;
use super::sdk;
use super::values::*;

/// `arn:${AWS::Partition}:SERVICE:${AWS::Region}:${AWS::AccountId}:RESOURCE`.
pub(super) fn arn(service: &str, resource: &str) -> String {
    format!("arn:${{AWS::Partition}}:{service}:${{AWS::Region}}:${{AWS::AccountId}}:{resource}")
}

/// `arn:${AWS::Partition}:s3:::RESOURCE`.
pub(super) fn s3(resource: &str) -> String {
    format!("arn:${{AWS::Partition}}:s3:::{resource}")
}

/// `arn:${AWS::Partition}:iam::${AWS::AccountId}:role/NAME`, or the ARN as written.
pub(super) fn role(name_or_arn: &str) -> String {
    if name_or_arn.starts_with("arn:") || is_whole_placeholder(name_or_arn) {
        name_or_arn.to_string()
    } else {
        format!("arn:${{AWS::Partition}}:iam::${{AWS::AccountId}}:role/{name_or_arn}")
    }
}

pub(super) fn any_role() -> String {
    role("*")
}

pub(super) fn star() -> Vec<String> {
    vec!["*".to_string()]
}

/// A statement id from an IAM action: `s3:GetObject` → `S3GetObject`, `execute-api:Invoke` →
/// `ExecuteApiInvoke`.
pub(super) fn sid_of(action: &str) -> String {
    action
        .split([':', '-'])
        .map(sdk::pascal_case)
        .collect::<String>()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

/// A function name, partial ARN, ARN (qualifier dropped) or placeholder → the function and its
/// versions and aliases.
pub(super) fn function_arns(s: &str) -> Vec<String> {
    let base = if s.starts_with("arn:") {
        let c = split_outside(s, ':');
        if c.len() >= 7 {
            c[..7].join(":")
        } else {
            s.to_string()
        }
    } else if is_whole_placeholder(s) && placeholder_is_arn(s) {
        s.to_string()
    } else {
        let c = split_outside(s, ':');
        if c.len() >= 3 && c[1] == "function" {
            format!(
                "arn:${{AWS::Partition}}:lambda:${{AWS::Region}}:{}:function:{}",
                c[0], c[2]
            )
        } else {
            arn("lambda", &format!("function:{}", c[0]))
        }
    };
    vec![base.clone(), format!("{base}:*")]
}

pub(super) fn function_resources(v: &Val<'_>) -> Res {
    match v {
        Val::Lit(s) => (function_arns(s), None),
        _ => wide(v, arn("lambda", "function:*"), R_FUNCTION_DYNAMIC),
    }
}

pub(super) fn table_resources(v: &Val<'_>) -> Res {
    match v {
        Val::Lit(s) if s.starts_with("arn:") => (vec![s.clone()], None),
        Val::Lit(s) => (vec![arn("dynamodb", &format!("table/{s}"))], None),
        _ => wide(v, arn("dynamodb", "table/*"), R_DYNAMIC),
    }
}

pub(super) fn topic_resources(v: &Val<'_>) -> Res {
    match v {
        Val::Lit(s) => (vec![s.clone()], None),
        _ => wide(v, arn("sns", "*"), R_DYNAMIC),
    }
}

/// `https://sqs.REGION.amazonaws.com/ACCOUNT/NAME` (or the legacy
/// `https://REGION.queue.amazonaws.com/…`) → `arn:${AWS::Partition}:sqs:REGION:ACCOUNT:NAME`; a
/// placeholder URL by convention (`${GetAtt:Q.QueueUrl}` / `${Ref:Q}` → `${GetAtt:Q.Arn}`,
/// `${NameUrl}` → `${NameArn}`).
pub(super) fn queue_resources(v: &Val<'_>) -> Res {
    let Val::Lit(url) = v else {
        return wide(v, arn("sqs", "*"), R_DYNAMIC);
    };
    if is_whole_placeholder(url) {
        let name = placeholder_name(url);
        let arn_placeholder = if (name.starts_with("GetAtt:") && name.ends_with(".QueueUrl"))
            || name.starts_with("Ref:")
        {
            cfn_sibling(url, "Arn")
        } else {
            ["Url", "URL", "url"]
                .iter()
                .find_map(|suffix| name.strip_suffix(suffix))
                .map(|stem| format!("${{{stem}Arn}}"))
        };
        return match arn_placeholder {
            Some(a) => (vec![a], None),
            None => (vec![arn("sqs", "*")], Some(R_QUEUE_PLACEHOLDER)),
        };
    }
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(url);
    let parts = split_outside(rest, '/');
    if let [host, account, name] = parts.as_slice()
        && !account.is_empty()
        && !name.is_empty()
    {
        let labels = split_outside(host, '.');
        let region = match labels.as_slice() {
            ["sqs", region, ..] => Some(region.to_string()),
            ["queue", "amazonaws", ..] => Some("us-east-1".to_string()),
            [region, "queue", ..] => Some(region.to_string()),
            _ => None,
        };
        if let Some(region) = region {
            return (
                vec![format!(
                    "arn:${{AWS::Partition}}:sqs:{region}:{account}:{name}"
                )],
                None,
            );
        }
    }
    (vec![arn("sqs", "*")], Some(R_QUEUE_URL))
}

pub(super) fn secret_resources(v: &Val<'_>) -> Res {
    match v {
        Val::Lit(s) if s.starts_with("arn:") || is_whole_placeholder(s) => (vec![s.clone()], None),
        Val::Lit(s) => (
            vec![arn("secretsmanager", &format!("secret:{s}-??????"))],
            None,
        ),
        _ => wide(v, arn("secretsmanager", "secret:*"), R_DYNAMIC),
    }
}

pub(super) fn role_resources(v: &Val<'_>) -> Res {
    match v {
        Val::Lit(s) => (vec![role(s)], None),
        _ => (vec![any_role()], Some(R_ROLE_DYNAMIC)),
    }
}

/// An ECS task definition (family, family:revision, ARN or placeholder) → its ARN; a family
/// without revision covers every revision.
pub(super) fn task_definition_arns(s: &str) -> Vec<String> {
    if s.starts_with("arn:") {
        if split_outside(s, ':').len() >= 7 {
            vec![s.to_string()]
        } else {
            vec![format!("{s}:*")]
        }
    } else if is_whole_placeholder(s) && (placeholder_is_arn(s) || s.starts_with("${Ref:")) {
        // `Ref` of an AWS::ECS::TaskDefinition is its ARN, revision included.
        vec![s.to_string()]
    } else if split_outside(s, ':').len() >= 2 {
        vec![arn("ecs", &format!("task-definition/{s}"))]
    } else {
        vec![arn("ecs", &format!("task-definition/{s}:*"))]
    }
}

pub(super) fn cond(op: &str, key: &str, value: &str) -> (String, String, String) {
    (op.to_string(), key.to_string(), value.to_string())
}

/// API Gateway `invoke`: `arn:${AWS::Partition}:execute-api:REGION:${AWS::AccountId}:API/STAGE/METHOD/PATH`
/// from `ApiEndpoint` (`API.execute-api.REGION.amazonaws.com`), `Stage`, `Method` and `Path`.
pub(super) fn api_resources(p: &Val<'_>) -> Res {
    let Val::Lit(endpoint) = get(p, "ApiEndpoint") else {
        return (vec![arn("execute-api", "*")], Some(R_API));
    };
    let host = endpoint
        .strip_prefix("https://")
        .unwrap_or(&endpoint)
        .split('/')
        .next()
        .unwrap_or_default()
        .to_string();
    let labels = split_outside(&host, '.');
    let [api, "execute-api", region, "amazonaws", ..] = labels.as_slice() else {
        return (vec![arn("execute-api", "*")], Some(R_API));
    };
    let mut wild = false;
    let mut part = |key: &str, absent: &str| match get(p, key) {
        Val::Lit(s) => s,
        Val::Absent if !absent.is_empty() => absent.to_string(),
        _ => {
            wild = true;
            "*".to_string()
        }
    };
    let stage = part("Stage", "");
    let method = part("Method", "");
    let path = match get(p, "Path") {
        Val::Absent => String::new(),
        _ => part("Path", "").trim_start_matches('/').to_string(),
    };
    let resource = format!(
        "arn:${{AWS::Partition}}:execute-api:{region}:${{AWS::AccountId}}:{api}/{stage}/{method}/{path}"
    );
    (vec![resource], wild.then_some(R_API))
}

/// `bucket/key` (`bucket/*` when the key is not fixed), from `Bucket` and `Key`.
pub(super) fn s3_object_resources(bucket: &Val<'_>, key: &Val<'_>, absent: &'static str) -> Res {
    match (bucket, key) {
        (Val::Lit(b), Val::Lit(k)) => (vec![s3(&format!("{b}/{k}"))], None),
        (Val::Lit(b), Val::Absent) => (vec![s3(&format!("{b}/*"))], Some(absent)),
        (Val::Lit(b), _) => (vec![s3(&format!("{b}/*"))], Some(R_DYNAMIC)),
        (Val::Absent, _) => (star(), Some(absent)),
        _ => (vec![s3("*")], Some(R_DYNAMIC)),
    }
}

/// The bucket, with an `s3:prefix` condition when `Prefix` is fixed.
pub(super) fn s3_bucket_resources(
    bucket: &Val<'_>,
    prefix: &Val<'_>,
    absent: &'static str,
) -> (Res, Conditions) {
    let res = match bucket {
        Val::Lit(b) => (vec![s3(b)], None),
        Val::Absent => (star(), Some(absent)),
        _ => (vec![s3("*")], Some(R_DYNAMIC)),
    };
    let conditions = match prefix {
        Val::Lit(p) if !p.is_empty() => vec![cond("StringLike", "s3:prefix", &format!("{p}*"))],
        _ => Vec::new(),
    };
    (res, conditions)
}

/// A state machine name, ARN or placeholder → its ARN.
pub(super) fn state_machine_resources(v: &Val<'_>) -> Res {
    match v {
        Val::Lit(s) if s.starts_with("arn:") || is_whole_placeholder(s) => (vec![s.clone()], None),
        Val::Lit(name) => (vec![arn("states", &format!("stateMachine:{name}"))], None),
        _ => wide(v, arn("states", "stateMachine:*"), R_DYNAMIC),
    }
}

/// The executions of a state machine named by name, ARN or CloudFormation placeholder
/// (`${GetAtt:Child.Arn}` → `execution:${GetAtt:Child.Name}:*`).
pub(super) fn execution_resources(v: &Val<'_>) -> Res {
    let any = || (vec![arn("states", "execution:*")], Some(R_CHILD_EXECUTIONS));
    match v {
        Val::Lit(s) if s.starts_with("arn:") => {
            let c = split_outside(s, ':');
            if c.len() >= 7 {
                let exec = format!("arn:{}:states:{}:{}:execution:{}:*", c[1], c[3], c[4], c[6]);
                (vec![exec], None)
            } else {
                any()
            }
        }
        Val::Lit(s) if is_whole_placeholder(s) => match cfn_sibling(s, "Name") {
            Some(name) => (vec![arn("states", &format!("execution:{name}:*"))], None),
            None => any(),
        },
        Val::Lit(name) => (vec![arn("states", &format!("execution:{name}:*"))], None),
        _ => wide(v, arn("states", "execution:*"), R_DYNAMIC),
    }
}

/// The event bus of each of EventBridge's `Entries` (the `default` bus when an entry names
/// none).
pub(super) fn event_bus_resources(entries: &Val<'_>) -> Res {
    let any_bus = || arn("events", "event-bus/*");
    let Val::Arr(entries) = entries else {
        return wide(entries, any_bus(), R_DYNAMIC);
    };
    let mut buses = Vec::new();
    let mut reason = None;
    for entry in *entries {
        match get(&val(Some(entry)), "EventBusName") {
            Val::Absent => buses.push(arn("events", "event-bus/default")),
            Val::Lit(b) if b.starts_with("arn:") => buses.push(b),
            Val::Lit(b) => buses.push(arn("events", &format!("event-bus/{b}"))),
            _ => {
                buses.push(any_bus());
                reason = Some(R_DYNAMIC);
            }
        }
    }
    (buses, reason)
}

/// The Secrets Manager secret an EventBridge connection keeps its credentials in:
/// `secret:events!connection/NAME/*` of the connection's account and region.
pub(super) fn connection_secret_resources(connection: &Val<'_>) -> Res {
    let secret = match connection {
        Val::Lit(c) => match split_outside(c, ':').as_slice() {
            ["arn", partition, "events", region, account, resource, ..] => resource
                .strip_prefix("connection/")
                .and_then(|r| split_outside(r, '/').first().copied())
                .filter(|name| !name.is_empty())
                .map(|name| {
                    format!(
                        "arn:{partition}:secretsmanager:{region}:{account}:secret:events!connection/{name}/*"
                    )
                }),
            _ if is_whole_placeholder(c) && placeholder_is_arn(c) => cfn_sibling(c, "SecretArn"),
            _ => None,
        },
        _ => None,
    };
    match secret {
        Some(s) => (vec![s], None),
        None => (
            vec![arn("secretsmanager", "secret:events!connection/*")],
            Some(R_CONNECTION_SECRET),
        ),
    }
}
