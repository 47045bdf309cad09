//! The JSON shapes `#[derive(JsonShape)]` gives serde types, and the checks `workflow!` runs on
//! them. The checks are `const fn`s; called at run time here, a failed check is a panic whose
//! message is the compile error a user would see.

use std::collections::HashMap;

use workflow::JsonShape;
use workflow::shape::{Expect, Shape, Step, check_output, check_path};

#[derive(serde::Serialize, serde::Deserialize, JsonShape)]
#[serde(rename_all = "camelCase")]
struct Order {
    order_id: String,
    #[serde(rename = "detail-type")]
    detail_type: String,
    customer: Option<Option<Customer>>,
    #[serde(flatten)]
    audit: Audit,
    #[serde(skip)]
    #[allow(dead_code)]
    cache: Vec<u8>,
    #[serde(default)]
    tags: Vec<String>,
    prices: HashMap<String, f64>,
    pair: (String, u32),
    event: Event,
    kind: Kind,
    either: Either,
}

#[derive(serde::Serialize, serde::Deserialize, JsonShape)]
struct Customer {
    email: String,
}

#[derive(serde::Serialize, serde::Deserialize, JsonShape)]
struct Audit {
    created_by: String,
}

/// Internally tagged.
#[derive(serde::Serialize, serde::Deserialize, JsonShape)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Event {
    Placed { at: String },
    Cancelled,
}

/// Externally tagged (serde's default).
#[derive(serde::Serialize, serde::Deserialize, JsonShape)]
enum Kind {
    Gift { note: String },
    Plain,
}

#[derive(serde::Serialize, serde::Deserialize, JsonShape)]
#[serde(untagged)]
enum Either {
    Number(f64),
    Named { name: String },
}

fn failure(f: impl FnOnce() + std::panic::UnwindSafe) -> Option<String> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(f);
    std::panic::set_hook(hook);
    result.err().map(|e| {
        e.downcast_ref::<String>()
            .cloned()
            .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default()
    })
}

fn reads(path: &'static [Step]) -> Option<String> {
    failure(|| check_path(<Order as JsonShape>::SHAPE, path, "S", None))
}

#[test]
fn keys_are_serde_keys() {
    assert_eq!(reads(&[Step::Key("orderId")]), None);
    assert_eq!(reads(&[Step::Key("detail-type")]), None);
    let miss = reads(&[Step::Key("order_id")]).expect("the Rust name is refused");
    assert!(miss.contains("no key `order_id`"), "{miss}");
    assert!(miss.contains("(did you mean `orderId`?)"), "{miss}");
    assert!(reads(&[Step::Key("detail_type")]).is_some());
    // Skipped fields are not written.
    assert!(reads(&[Step::Key("cache")]).is_some());
}

#[test]
fn options_flatten_maps_arrays_and_tuples() {
    assert_eq!(reads(&[Step::Key("customer"), Step::Key("email")]), None);
    assert!(reads(&[Step::Key("customer"), Step::Key("mail")]).is_some());
    assert_eq!(reads(&[Step::Key("created_by")]), None);
    assert_eq!(reads(&[Step::Key("prices"), Step::Key("any key")]), None);
    assert_eq!(reads(&[Step::Key("tags"), Step::Index(3)]), None);
    assert!(reads(&[Step::Key("tags"), Step::Key("x")]).is_some());
    assert_eq!(reads(&[Step::Key("pair"), Step::Index(1)]), None);
    let miss = reads(&[Step::Key("pair"), Step::Index(2)]).unwrap();
    assert!(miss.contains("no item [2]"), "{miss}");
}

#[test]
fn enums_in_serde_forms() {
    assert_eq!(reads(&[Step::Key("event"), Step::Key("type")]), None);
    assert_eq!(reads(&[Step::Key("event"), Step::Key("at")]), None);
    assert!(reads(&[Step::Key("event"), Step::Key("Placed")]).is_some());
    assert_eq!(
        reads(&[Step::Key("kind"), Step::Key("Gift"), Step::Key("note")]),
        None
    );
    assert!(reads(&[Step::Key("kind"), Step::Key("note")]).is_some());
    assert_eq!(reads(&[Step::Key("either"), Step::Key("name")]), None);
}

#[test]
fn comparisons_need_their_kind() {
    let number = |path: &'static [Step]| {
        failure(|| check_path(<Order as JsonShape>::SHAPE, path, "S", Some(Expect::Number)))
    };
    assert_eq!(number(&[Step::Key("prices"), Step::Key("EUR")]), None);
    let miss = number(&[Step::Key("orderId")]).unwrap();
    assert!(
        miss.contains("compares $.orderId with a number, but it holds a string"),
        "{miss}"
    );
}

/// `{"orderId": …, "charge": {"id": …}}`, the input with a result at `$.charge`.
static CHARGE: Shape = Shape::Object(&workflow::shape::Object {
    name: "Charge",
    fields: &[workflow::shape::Field {
        key: "id",
        shape: &Shape::String,
        required: true,
    }],
    flatten: &[],
});
static MERGED: Shape = Shape::Merge(<Order as JsonShape>::SHAPE, &[Step::Key("charge")], &CHARGE);

#[test]
fn result_path_merges_into_the_input() {
    let read = |path: &'static [Step]| failure(|| check_path(&MERGED, path, "S", None));
    assert_eq!(read(&[Step::Key("charge"), Step::Key("id")]), None);
    assert_eq!(read(&[Step::Key("orderId")]), None);
    let miss = read(&[Step::Key("chrage")]).unwrap();
    assert!(
        miss.contains("`charge`") && miss.contains("`orderId`"),
        "{miss}"
    );
}

#[derive(serde::Serialize, serde::Deserialize, JsonShape)]
#[serde(rename_all = "camelCase")]
struct Receipt {
    order_id: String,
    #[serde(default)]
    note: String,
}

#[test]
fn output_types_need_their_required_keys() {
    let receipt = <Receipt as JsonShape>::SHAPE;
    assert_eq!(
        failure(|| check_output(<Order as JsonShape>::SHAPE, receipt, "Receipt", "End")),
        None
    );
    let miss = failure(|| check_output(&CHARGE, receipt, "Receipt", "End")).unwrap();
    assert!(miss.contains("has no key `orderId`"), "{miss}");
}

/// A state reached from many others nests `Either`s; a path that fails in all of them must not
/// take exponential time, so a check has a budget.
#[test]
fn deep_alternatives_stay_cheap() {
    static LEVEL_0: Shape = Shape::Either(&[&CHARGE, &CHARGE]);
    static LEVEL_1: Shape = Shape::Either(&[&LEVEL_0, &LEVEL_0]);
    static LEVEL_2: Shape = Shape::Either(&[&LEVEL_1, &LEVEL_1]);
    static LEVEL_3: Shape = Shape::Either(&[&LEVEL_2, &LEVEL_2]);
    static LEVEL_4: Shape = Shape::Either(&[&LEVEL_3, &LEVEL_3]);
    static LEVEL_5: Shape = Shape::Either(&[&LEVEL_4, &LEVEL_4]);
    static LEVEL_6: Shape = Shape::Either(&[&LEVEL_5, &LEVEL_5]);
    static LEVEL_7: Shape = Shape::Either(&[&LEVEL_6, &LEVEL_6]);
    static LEVEL_8: Shape = Shape::Either(&[&LEVEL_7, &LEVEL_7]);
    static LEVEL_9: Shape = Shape::Either(&[&LEVEL_8, &LEVEL_8]);
    static LEVEL_10: Shape = Shape::Either(&[&LEVEL_9, &LEVEL_9]);
    static LEVEL_11: Shape = Shape::Either(&[&LEVEL_10, &LEVEL_10]);
    static LEVEL_12: Shape = Shape::Either(&[&LEVEL_11, &LEVEL_11]);
    static LEVEL_13: Shape = Shape::Either(&[&LEVEL_12, &LEVEL_12]);
    static LEVEL_14: Shape = Shape::Either(&[&LEVEL_13, &LEVEL_13]);
    static LEVEL_15: Shape = Shape::Either(&[&LEVEL_14, &LEVEL_14]);
    static LEVEL_16: Shape = Shape::Either(&[&LEVEL_15, &LEVEL_15]);
    // 2^17 alternatives: beyond the budget, the path is taken as unchecked.
    assert_eq!(
        failure(|| check_path(&LEVEL_16, &[Step::Key("nope")], "S", None)),
        None
    );
    assert!(failure(|| check_path(&LEVEL_2, &[Step::Key("nope")], "S", None)).is_some());
}
