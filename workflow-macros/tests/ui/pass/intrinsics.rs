use workflow::{Workflow, workflow};

workflow! {
    pub M {
        Start: pass {
            parameters: {
                "text": format("{} has {} items", $.name, array_length($.items)),
                "json": json_to_string($.obj),
                "obj": string_to_json($.text),
                "list": array(1, "two", $.three),
                "parts": array_partition($.items, 2),
                "has": array_contains($.items, 3),
                "range": array_range(1, 9, 2),
                "first": array_get_item($.items, 0),
                "unique": array_unique($.items),
                "b64": base64_encode($.text),
                "raw": base64_decode($.b64),
                "hash": hash($.text, "SHA-256"),
                "merged": json_merge($.a, $.b, false),
                "rand": math_random(1, 10),
                "sum": math_add($.n, 1),
                "split": string_split($.csv, ","),
                "id": uuid(),
                "aws": States.Format("{}", $.x),
            },
        },
    }
}

fn main() {
    assert!(M::ASL.contains(r#""text.$": "States.Format('{} has {} items', $.name, States.ArrayLength($.items))""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""id.$": "States.UUID()""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""hash.$": "States.Hash($.text, 'SHA-256')""#), "{}", M::ASL);
}
