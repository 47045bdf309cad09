//! A JSONata state reads `$states.input` with the same types, mapping over arrays as JSONata
//! does: `lines.unitPrice` is each line's price, `lines.price` is nobody's.
use workflow::workflow;

include!("../../fixtures/shop.rs");

workflow! {
    #[jsonata]
    pub M(input = Detail) {
        Route: choice {
            "{% $states.input.totalCents > 100 and $count($states.input.lines.unitPrice) > 0 %}" => Big,
            _ => Small,
        },
        Big: pass { output: "{% $sum($states.input.lines.price) %}", end },
        Small: succeed,
    }
}

fn main() {}
