// Anything ASL says, the DSL says exactly: any state name, a Comment wherever ASL has one, the
// legacy `Iterator` and Map `Parameters`, numbers as written, and a state in JSON for the rest.
use workflow::{Workflow, workflow};

workflow! {
    /// Orders.
    pub M {
        "Put Order to DynamoDB": task dynamodb::put_item {
            parameters: { "TableName": "${Table}", "Item": { "type": { "S.$": "$['detail-type']" } } },
            /// Throttled writes.
            retry: ["DynamoDB.ProvisionedThroughputExceededException"] every 2 x6 backoff 2,
            /// Anything else.
            catch: [States.ALL] result_path $.error => "Wait for at least quorum",
            next: "Fan out",
        },
        "Fan out": parallel {
            /// Left.
            branch { "Left side": pass },
            branch { Right: pass },
            next: Each,
        },
        Each: map {
            items: $.items,
            parameters: { "item.$": "$$.Map.Item.Value" },
            /// Per item.
            iterator { "Do it": pass },
            next: Decide,
        },
        Decide: choice {
            /// Big orders.
            $.total >= 100.50 => "Wait for at least quorum",
            _ => Raw,
        },
        "Wait for at least quorum": wait 1,
        Raw: json {
            "Type": "Pass",
            "Result": { "n": -1, "list": [1, 2.0] },
            "ResultPath": "$.raw",
            "End": true
        },
    }
}

fn main() {
    let asl: serde_json::Value = serde_json::from_str(M::ASL).unwrap();
    let states = &asl["States"];
    let put = &states["Put Order to DynamoDB"];
    assert_eq!(put["Retry"][0]["Comment"], "Throttled writes.");
    assert_eq!(put["Retry"][0]["BackoffRate"].to_string(), "2");
    assert_eq!(put["Catch"][0]["Comment"], "Anything else.");
    assert_eq!(put["Catch"][0]["Next"], "Wait for at least quorum");
    assert_eq!(put["Next"], "Fan out");
    assert_eq!(
        put["Parameters"]["Item"]["type"]["S.$"],
        "$['detail-type']"
    );
    assert_eq!(states["Fan out"]["Branches"][0]["Comment"], "Left.");
    assert_eq!(states["Fan out"]["Branches"][0]["StartAt"], "Left side");
    let each = &states["Each"];
    assert_eq!(each["Iterator"]["Comment"], "Per item.");
    assert_eq!(each["Parameters"]["item.$"], "$$.Map.Item.Value");
    assert!(each.get("ItemProcessor").is_none() && each.get("ItemSelector").is_none());
    let rule = &states["Decide"]["Choices"][0];
    assert_eq!(rule["Comment"], "Big orders.");
    assert!(M::ASL.contains(r#""NumericGreaterThanEquals": 100.50"#), "{}", M::ASL);
    assert_eq!(states["Raw"]["Result"]["n"], -1);
    assert_eq!(states["Raw"]["Result"]["list"][1].to_string(), "2.0");
}
