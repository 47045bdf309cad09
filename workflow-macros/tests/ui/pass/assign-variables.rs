use workflow::{Workflow, workflow};

workflow! {
    pub M {
        Init: pass {
            assign: { total: 0, order: $.order, count: array_length($.items) },
        },
        Use: pass {
            parameters: { "total": $total, "id": $order.id },
        },
    }
}

fn main() {
    assert!(M::ASL.contains(r#""Assign""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""total": 0"#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""order.$": "$.order""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""count.$": "States.ArrayLength($.items)""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""total.$": "$total""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""id.$": "$order.id""#), "{}", M::ASL);
}
