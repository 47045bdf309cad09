use workflow::{Workflow, workflow};

workflow! {
    pub M {
        Each: map {
            items: $.items,
            max_concurrency: 5,
            item_selector: { "item": $$.Map.Item.Value },
            processor {
                Work: pass,
            },
        },
    }
}

fn main() {
    assert!(M::ASL.contains(r#""Type": "Map""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""ItemsPath": "$.items""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""MaxConcurrency": 5"#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""item.$": "$$.Map.Item.Value""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""ItemProcessor""#), "{}", M::ASL);
}
