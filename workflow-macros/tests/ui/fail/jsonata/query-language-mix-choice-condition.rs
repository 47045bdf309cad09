use workflow::workflow;

workflow! {
    #[jsonata]
    pub M {
        Decide: choice {
            $.total > 100 => Big,
            _ => Small,
        },
        Big: succeed,
        Small: succeed,
    }
}

fn main() {}
