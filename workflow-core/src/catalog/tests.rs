//! The catalog agrees with itself, with the validator and with the IAM derivation.

use super::*;
use crate::iam::{IamOptions, execution_role_statements};
use crate::validate::resource::{ResourceKind, classify};

/// Every (service, action, pattern) the catalog lists.
fn every_pattern() -> impl Iterator<Item = (&'static Service, &'static Action, Pattern)> {
    SERVICES.iter().flat_map(|s| {
        s.actions
            .iter()
            .flat_map(move |a| a.patterns.iter().map(move |p| (*s, a, *p)))
    })
}

/// The role derived from the action's example request, called with `pattern`.
fn derive(service: &Service, action: &Action, pattern: Pattern) -> Vec<crate::iam::Statement> {
    let resource = format!(
        "arn:aws:states:::{}:{}{}",
        service.name,
        action.name,
        pattern.suffix()
    );
    derive_resource(&resource, action.example)
}

/// The role of one Task calling `resource` with `parameters`.
fn derive_resource(resource: &str, parameters: &str) -> Vec<crate::iam::Statement> {
    let text = format!(
        r#"{{"StartAt": "T", "States": {{"T": {{"Type": "Task", "Resource": "{resource}", "Parameters": {parameters}, "End": true}}}}}}"#
    );
    let machine = crate::stack::iam::tests::machine(&text);
    let options = IamOptions {
        state_machine_name: Some("Orders".into()),
        ..IamOptions::default()
    };
    execution_role_statements(&machine, &options)
}

#[test]
fn services_are_sorted_and_unique() {
    let names: Vec<&str> = SERVICES.iter().map(|s| s.name).collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(names, sorted);
    for s in SERVICES {
        let mut actions: Vec<&str> = s.actions.iter().map(|a| a.name).collect();
        actions.sort_unstable();
        let n = actions.len();
        actions.dedup();
        assert_eq!(n, actions.len(), "{}: an action twice", s.name);
    }
}

#[test]
fn the_validator_accepts_exactly_the_catalog() {
    let mut pairs = 0;
    for s in SERVICES {
        for a in s.actions {
            pairs += 1;
            for p in Pattern::ALL {
                let resource = format!("arn:aws:states:::{}:{}{}", s.name, a.name, p.suffix());
                let got = classify(&resource);
                if a.supports(p) {
                    let ok = matches!(
                        got,
                        Ok(ResourceKind::Integration { .. }) | Ok(ResourceKind::Http)
                    );
                    assert!(ok, "{resource}: {got:?}");
                } else {
                    let problem = got.expect_err(&resource);
                    assert!(problem.unsupported_integration, "{resource}: {problem:?}");
                }
            }
        }
    }
    assert!(pairs >= 63, "{pairs} service/action pairs");
}

#[test]
fn the_dsl_names_every_service_and_action() {
    for s in SERVICES {
        assert_eq!(
            dsl_service(&s.name.replace('-', "_")).map(|x| x.name),
            Some(s.name)
        );
        for alias in s.dsl_aliases {
            assert_eq!(dsl_service(alias).map(|x| x.name), Some(s.name), "{alias}");
        }
        for a in s.actions {
            let dsl = a.dsl_name();
            assert!(
                dsl.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
                "{dsl}"
            );
        }
    }
    assert_eq!(dsl_service("emr").map(|s| s.name), Some("elasticmapreduce"));
    assert_eq!(
        dsl_service("emr_serverless").map(|s| s.name),
        Some("emr-serverless")
    );
    assert_eq!(
        snake_case("modifyInstanceFleetByName"),
        "modify_instance_fleet_by_name"
    );
    assert_eq!(snake_case("listObjectsV2"), "list_objects_v2");
    assert_eq!(sdk_service_name("states"), "sfn");
    assert_eq!(sdk_service_name("emr-containers"), "emrcontainers");
}

#[test]
fn entries_are_well_formed() {
    for (s, a, _) in every_pattern() {
        let at = format!("{}:{}", s.name, a.name);
        let waits = a.patterns.iter().any(|p| p.waits_for_job());
        assert_eq!(
            a.sync.is_some(),
            waits,
            "{at}: `sync` is given exactly for .sync actions"
        );
        let results = [Some(a.result.response), a.result.sync];
        for json in results.into_iter().flatten().chain([a.example]) {
            assert!(
                serde_json::from_str::<serde_json::Value>(json).is_ok(),
                "{at}: {json}"
            );
        }
        if let Some(main) = a.main_parameter {
            assert!(
                a.example.contains(&format!("\"{main}\"")),
                "{at}: the example sets {main}"
            );
        }
        let table = a.grants;
        let polling = a.sync.as_ref().map_or(&[][..], |r| r.polling);
        for g in table.iter().chain(polling) {
            grant_is_well_formed(&at, g);
        }
    }
}

/// A statement of the catalog: an IAM statement id, some actions, and a reason exactly where
/// it is wider than the request.
fn grant_is_well_formed(at: &str, g: &Grant) {
    assert!(
        !g.sid.is_empty() && g.sid.bytes().all(|b| b.is_ascii_alphanumeric()),
        "{at}: sid {}",
        g.sid
    );
    assert!(!g.actions.is_empty(), "{at}: {} grants nothing", g.sid);
    let wild = g.resources.iter().any(|r| r.contains('*'))
        || g.conditions
            .iter()
            .any(|(_, _, value)| value.starts_with('{'));
    assert_eq!(
        wild,
        g.wildcard.is_some(),
        "{at}: {}: a wildcard or a condition read from the request, and only those, says why",
        g.sid
    );
}

/// The `aws-sdk:` roles the catalog holds are well formed, sorted, and derived from their
/// examples by the catalog's statements alone.
#[test]
fn sdk_roles_are_well_formed() {
    let names: Vec<(&str, &str)> = sdk::ROLES.iter().map(|r| (r.service, r.action)).collect();
    let mut sorted = names.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(names, sorted, "sorted by service and action, each once");
    for r in sdk::ROLES {
        let at = format!("aws-sdk:{}:{}", r.service, r.action);
        assert!(
            serde_json::from_str::<serde_json::Value>(r.example).is_ok(),
            "{at}"
        );
        assert!(!r.grants.is_empty(), "{at}");
        for g in r.grants {
            grant_is_well_formed(&at, g);
        }
        let statements = derive_resource(&format!("arn:aws:states:::{at}"), r.example);
        let sids: Vec<&str> = statements.iter().map(|s| s.sid.as_str()).collect();
        for g in r.grants {
            assert!(
                sids.contains(&g.sid),
                "{at}: {} not derived: {statements:#?}",
                g.sid
            );
        }
        assert!(
            statements.iter().all(|s| s.wildcard_reason.is_none()),
            "{at}: {statements:#?}"
        );
    }
}

/// Every `.sync` pattern grants its polling actions and its managed events rule, or the
/// catalog says why it has none.
#[test]
fn every_sync_pattern_can_watch_its_job() {
    let mut checked = 0;
    for (s, a, p) in every_pattern().filter(|(_, _, p)| p.waits_for_job()) {
        let at = format!("{}:{}{}", s.name, a.name, p.suffix());
        let role = a.sync.as_ref().expect(&at);
        let statements = derive(s, a, p);
        let granted: Vec<&str> = statements
            .iter()
            .flat_map(|st| st.actions.iter().map(String::as_str))
            .collect();
        for g in role.polling {
            for action in g.actions {
                assert!(
                    granted.contains(action),
                    "{at}: {action} is not granted\n{statements:#?}"
                );
            }
        }
        match role.events_rule {
            EventsRule::Managed(rule) => {
                let rule_arn = format!(
                    "arn:${{AWS::Partition}}:events:${{AWS::Region}}:${{AWS::AccountId}}:rule/{rule}"
                );
                let found = statements.iter().any(|st| {
                    st.resources.contains(&rule_arn)
                        && EVENTS_RULE_ACTIONS
                            .iter()
                            .all(|x| st.actions.iter().any(|y| y == x))
                });
                assert!(found, "{at}: no {rule}\n{statements:#?}");
            }
            EventsRule::Polled(why) => {
                assert!(why.len() > 20, "{at}: say why there is no events rule");
                assert!(
                    !statements.iter().any(|st| st.sid == "EventsManagedRules"),
                    "{at}: an events rule the catalog does not list"
                );
            }
        }
        if role.polling.is_empty() {
            assert!(
                matches!(role.events_rule, EventsRule::Polled(_)),
                "{at}: nothing to watch the job with"
            );
        }
        checked += 1;
    }
    assert!(checked >= 30, "{checked} .sync patterns");
}

/// Every pattern of every action derives a role whose `*` resources all say why.
#[test]
fn every_pattern_derives_a_role() {
    for (s, a, p) in every_pattern() {
        for st in derive(s, a, p) {
            if st.resources.iter().any(|r| r == "*") {
                assert!(
                    st.wildcard_reason.is_some(),
                    "{}:{}: {st:?}",
                    s.name,
                    a.name
                );
            }
        }
    }
}

#[test]
fn payload_members_are_members_of_their_results() {
    for (s, a, pattern) in every_pattern() {
        let at = format!("{}:{}{}", s.name, a.name, pattern.suffix());
        let Some((example, payload)) = a.result.of(pattern) else {
            assert_eq!(pattern, Pattern::WaitForTaskToken, "{at}");
            continue;
        };
        let example: serde_json::Value = serde_json::from_str(example).unwrap();
        assert!(example.is_object(), "{at}: a result is an object");
        if let Some(member) = payload {
            assert!(example.get(member).is_some(), "{at}: no member {member}");
        }
    }
    assert!(
        SERVICES
            .iter()
            .flat_map(|s| s.actions)
            .all(|a| a.result.sync_payload.is_none() || a.result.sync.is_some()),
        "a `.sync` payload member needs a `.sync` result"
    );
    let lambda = action("lambda", "invoke").unwrap();
    assert_eq!(
        lambda.result.of(Pattern::RequestResponse).unwrap().1,
        Some("Payload")
    );
    let child = action("states", "startExecution").unwrap();
    assert_eq!(child.result.of(Pattern::Sync2).unwrap().1, Some("Output"));
    assert_eq!(child.result.of(Pattern::RequestResponse).unwrap().1, None);
}
