use workflow::workflow;

workflow! {
    pub M {
        Decide: choice {
            "{% $states.input.total > 100 %}" => Big,
            _ => Small,
        },
        Big: succeed,
        Small: succeed,
    }
}

fn main() {}
