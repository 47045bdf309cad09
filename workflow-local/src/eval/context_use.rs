//! Whether an expression can read the context object (`$$`). The executor builds the context
//! object (ARNs, ISO timestamps, the execution input) only for the expressions that can, which
//! most payload templates, paths and Choice rules cannot.

use workflow_core::expr::{Arg, Dynamic, Intrinsic, Path, PathRoot};
use workflow_core::model::{Condition, Operand, Template};

/// Whether `path` starts at `$$`.
pub(crate) fn path_reads_context(path: &Path) -> bool {
    path.root == PathRoot::Context
}

/// Whether a template can read `$$`. A JSONata expression always can: `$states.context`, and
/// `$now()` reads the state's entered time from it.
pub(crate) fn template_reads_context(template: &Template) -> bool {
    match template {
        Template::Null | Template::Bool(_) | Template::Number(_) | Template::String(_) => false,
        Template::Expr(_) => true,
        Template::Array(items) => items.iter().any(template_reads_context),
        Template::Object(members) => members.iter().any(|(_, m)| template_reads_context(m)),
        Template::Dynamic(dynamic) => dynamic_reads_context(dynamic),
    }
}

/// Whether a `key.$` value can read `$$`.
pub(crate) fn dynamic_reads_context(dynamic: &Dynamic) -> bool {
    match dynamic {
        Dynamic::Path(path) => path_reads_context(path),
        Dynamic::Intrinsic(call) => intrinsic_reads_context(call),
    }
}

fn intrinsic_reads_context(call: &Intrinsic) -> bool {
    call.args.iter().any(|arg| match arg {
        Arg::Path(path) => path_reads_context(path),
        Arg::Call(inner) => intrinsic_reads_context(inner),
        Arg::String(_) | Arg::Number(_) | Arg::Bool(_) | Arg::Null => false,
    })
}

/// Whether a Choice rule can read `$$`.
pub(crate) fn condition_reads_context(condition: &Condition) -> bool {
    match condition {
        Condition::Compare(comparison) => {
            path_reads_context(&comparison.variable)
                || matches!(&comparison.operand, Operand::Path(p) if path_reads_context(p))
        }
        Condition::And(rules) | Condition::Or(rules) => rules.iter().any(condition_reads_context),
        Condition::Not(rule) | Condition::Commented { rule, .. } => condition_reads_context(rule),
        Condition::Jsonata(template) => template_reads_context(template),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use workflow_core::model::Template;

    fn dynamic(text: &str) -> Template {
        Template::Dynamic(Dynamic::parse(text).expect("a valid path or call"))
    }

    #[test]
    fn finds_the_context_root_in_paths_and_nested_calls() {
        assert!(!template_reads_context(&dynamic("$.a")));
        assert!(template_reads_context(&dynamic("$$.Execution.Id")));
        assert!(!template_reads_context(&dynamic(
            "States.Format('{}', $.a)"
        )));
        assert!(template_reads_context(&dynamic(
            "States.Format('{}', States.ArrayLength($$.Execution.Input.items))"
        )));
        let members = Template::Object(vec![
            ("plain".into(), Template::String("$$".into())),
            (
                "nested".into(),
                Template::Array(vec![dynamic("$$.State.Name")]),
            ),
        ]);
        assert!(template_reads_context(&members));
        assert!(!template_reads_context(&Template::String(
            "$$.Execution.Id".into()
        )));
    }
}
