//! Who may do what on a model, field by field: the model's rules apply to every field, a
//! field's own rules replace them on that field. The schema's auth directives and the
//! resolvers' checks are both read from here.

use std::collections::{BTreeMap, BTreeSet};

use super::{AuthRule, AuthRuleKind, Model, ModelOperation};
use crate::stack::appsync::model::AuthMode;

/// A rule reduced to who it lets in: rules for the same callers are one role.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Role {
    pub mode: AuthMode,
    pub kind: AuthRuleKind,
}

/// Roles, in rule order, with the operations each has on each field.
#[derive(Debug, Default)]
pub(crate) struct Access {
    pub roles: Vec<(Role, BTreeMap<String, BTreeSet<ModelOperation>>)>,
    fields: Vec<String>,
}

fn roles_of(rule: &AuthRule) -> Vec<Role> {
    match &rule.kind {
        // A group rule is one role per group.
        AuthRuleKind::Groups { groups } => groups
            .iter()
            .map(|g| Role {
                mode: rule.mode,
                kind: AuthRuleKind::Groups {
                    groups: vec![g.clone()],
                },
            })
            .collect(),
        kind => vec![Role {
            mode: rule.mode,
            kind: kind.clone(),
        }],
    }
}

impl Access {
    pub fn of(model: &Model) -> Access {
        let mut fields = vec![model.key.clone()];
        fields.extend(model.fields.iter().map(|f| f.name.clone()));
        let mut access = Access {
            roles: Vec::new(),
            fields,
        };
        for rule in &model.rules {
            for role in roles_of(rule) {
                let fields = access.fields.clone();
                let grants = access.role(role);
                for field in fields {
                    grants
                        .entry(field)
                        .or_default()
                        .extend(rule.operations.iter().copied());
                }
            }
        }
        for field in model.fields.iter().filter(|f| !f.rules.is_empty()) {
            for (_, grants) in &mut access.roles {
                grants.remove(&field.name);
            }
            for rule in &field.rules {
                for role in roles_of(rule) {
                    access
                        .role(role)
                        .entry(field.name.clone())
                        .or_default()
                        .extend(rule.operations.iter().copied());
                }
            }
        }
        access
    }

    fn role(&mut self, role: Role) -> &mut BTreeMap<String, BTreeSet<ModelOperation>> {
        let at = match self.roles.iter().position(|(r, _)| *r == role) {
            Some(at) => at,
            None => {
                self.roles.push((role, BTreeMap::new()));
                self.roles.len() - 1
            }
        };
        &mut self.roles[at].1
    }

    /// The roles allowed `operation` on some field; for delete, on every field (an item is
    /// deleted whole).
    pub fn roles_for(&self, operation: ModelOperation) -> Vec<&Role> {
        let has = |grants: &BTreeMap<String, BTreeSet<ModelOperation>>, field: &String| {
            grants
                .get(field)
                .is_some_and(|ops| ops.contains(&operation))
        };
        self.roles
            .iter()
            .filter(|(_, grants)| {
                if operation == ModelOperation::Delete {
                    self.fields.iter().all(|f| has(grants, f))
                } else {
                    self.fields.iter().any(|f| has(grants, f))
                }
            })
            .map(|(role, _)| role)
            .collect()
    }

    /// The roles allowed `operation` on `field`.
    pub fn roles_on(&self, field: &str, operation: ModelOperation) -> Vec<&Role> {
        self.roles
            .iter()
            .filter(|(_, grants)| {
                grants
                    .get(field)
                    .is_some_and(|ops| ops.contains(&operation))
            })
            .map(|(role, _)| role)
            .collect()
    }

    /// Every mode of every role.
    pub fn modes(&self) -> BTreeSet<AuthMode> {
        self.roles.iter().map(|(r, _)| r.mode).collect()
    }
}

/// The directives that open a type or field to `modes`: none when only the default mode is
/// needed (AppSync lets it in anyway), else one per mode, the default's included (a type-level
/// directive shuts the default mode out).
pub(crate) fn directives(
    modes: &BTreeSet<AuthMode>,
    default: Option<AuthMode>,
) -> Vec<&'static str> {
    if modes.iter().all(|m| Some(*m) == default) {
        return Vec::new();
    }
    let mut out: Vec<&'static str> = modes.iter().map(|m| m.directive()).collect();
    out.dedup();
    out
}

/// The modes of these roles.
pub(crate) fn modes<'a>(roles: impl IntoIterator<Item = &'a Role>) -> BTreeSet<AuthMode> {
    roles.into_iter().map(|r| r.mode).collect()
}
