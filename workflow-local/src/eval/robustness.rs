//! No input makes an evaluator panic: arbitrary paths, filters, slices, intrinsic calls,
//! timestamps and `StringMatches` patterns against a fixed document.

use super::*;
use proptest::prelude::*;
use serde_json::{Map, json};
use workflow_core::expr::{Intrinsic, Path};

fn document() -> Value {
    json!({
        "a": [1, 2.5, "x", null, {"b": [true, {"c": 1}]}],
        "n": -9_223_372_036_854_775_807i64,
        "s": "text",
        "o": {"k": {"l": []}}
    })
}

fn with_env<T>(f: impl FnOnce(&Env<'_>) -> T) -> T {
    let input = document();
    let variables: Map<String, Value> = [("v".to_string(), document())].into_iter().collect();
    let context = json!({"Execution": {"Input": document()}});
    let env = Env {
        input: &input,
        context: &context,
        variables: &variables,
        seed: 3,
    };
    f(&env)
}

proptest! {
    #[test]
    fn paths_never_panic(s in "\\$(\\$|v)?([.][a-z*]{1,2}|\\[(-?[0-9]{1,20}|\\*|-?[0-9]{0,20}:-?[0-9]{0,20}(:-?[0-9]{1,20})?|\\?\\(@[.a-z]{0,4} ?(==|<|>=|=~|in|size) ?[0-9'a-z/\\[\\]]{0,6}\\)|\\(@.length-[0-9]{1,20}\\)|'[a-z]'(,'[a-z]')?)\\]|\\.\\.[a-z*]){0,5}") {
        if let Ok(path) = Path::parse(&s) {
            with_env(|env| {
                let _ = read_path(&path, env);
                let result_path = workflow_core::model::NullablePath::Path(path.clone());
                let _ = apply_result_path(Some(&result_path), env.input, json!(1));
            });
        }
    }

    #[test]
    fn intrinsics_never_panic(
        name in "(Format|StringToJson|JsonToString|Array|ArrayPartition|ArrayContains|ArrayRange|ArrayGetItem|ArrayLength|ArrayUnique|Base64Encode|Base64Decode|Hash|JsonMerge|MathRandom|MathAdd|StringSplit|UUID)",
        args in proptest::collection::vec("(\\$\\.a|\\$\\.n|\\$\\.s|\\$\\.o|\\$v|-?[0-9]{1,20}(\\.[0-9])?|'[a-z{}]{0,4}'|true|false|null)", 0..4),
    ) {
        let text = format!("States.{name}({})", args.join(", "));
        if let Ok(call) = Intrinsic::parse(&text) {
            with_env(|env| {
                let _ = evaluate_intrinsic(&call, env);
            });
        }
    }

    #[test]
    fn filters_never_panic(s in "[@$.a-z0-9 '\"/\\=!<>&|~()\\[\\],*?:-]{0,30}") {
        if let Ok(filter) = super::filter::Filter::parse(&s) {
            let _ = filter.matches(&document(), &document());
        }
    }

    #[test]
    fn string_matches_never_panics(text in "\\PC{0,12}", pattern in "[a*\\\\]{0,8}") {
        let _ = super::choice::string_matches(&text, &pattern);
    }

    #[test]
    fn timestamps_never_panic(s in "[0-9]{0,5}-?[0-9]{0,3}-?[0-9]{0,3}T?[0-9]{0,3}:?[0-9]{0,3}:?[0-9]{0,3}\\.?[0-9]{0,12}(Z|[+-][0-9]{2}:[0-9]{2})?") {
        let _ = timestamp::parse_timestamp(&s);
    }

    #[test]
    fn any_text_as_timestamp_never_panics(s in "\\PC{0,40}") {
        let _ = timestamp::parse_timestamp(&s);
    }
}
