//! Typed data flow true to serde: camelCase keys, a bracketed renamed key, a path through
//! `Option`, a map key, a Map item, a Parallel output, a Catch's error output, a declared
//! Lambda result and the machine's output type, all checked at compile time.
use workflow::{Workflow, workflow};

include!("../fixtures/shop.rs");

workflow! {
    pub Checkout(input = Event, output = Receipt) {
        Route: choice {
            $["detail-type"] == "OrderPlaced" && $.detail.totalCents > 0 => Prices,
            _ => Rejected,
        },
        Prices: pass {
            parameters: {
                "orderId": $.detail.orderId,
                "email": $.detail.customer.email,
                "euros": $.detail.prices.EUR.amount,
                "lines": $.detail.lines,
            },
        },
        EachLine: map {
            items: $.lines,
            processor {
                Price: pass { parameters: { "sku": $.sku, "price": $.unitPrice }, end },
            },
            result_path: $.priced,
        },
        Both: parallel {
            branch { Sku: pass { parameters: { "first": $.priced[0].sku }, end } }
            branch { Mail: pass { parameters: { "to": $.email }, end } }
            result_path: $.both,
        },
        Charge: task lambda::invoke("${ChargeFn}") -> Charge {
            payload: { "orderId": $.orderId, "sku": $.both[0].first, "to": $.both[1].to },
            result_selector: { "chargeId": $.Payload.chargeId },
            result_path: $.charge,
            catch: [States.ALL] result_path $.error => Failed,
        },
        Answer: pass {
            parameters: { "orderId": $.orderId, "chargeId": $.charge.chargeId },
            end,
        },
        Failed: fail { cause: $.error.Cause },
        Rejected: fail { error: "NotAnOrder" },
    }
}

fn main() {
    assert!(Checkout::ASL.contains(r#""Variable": "$['detail-type']""#), "{}", Checkout::ASL);
}
