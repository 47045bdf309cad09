use workflow::{Workflow, workflow};

workflow! {
    /// Charge an order.
    #[express]
    #[timeout(1h)]
    #[version("1.0")]
    #[name("orders-charge")]
    pub M {
        Call: task lambda::invoke("${Fn}"),
    }
}

fn main() {
    assert!(M::ASL.contains(r#""Comment": "Charge an order.""#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""TimeoutSeconds": 3600"#), "{}", M::ASL);
    assert!(M::ASL.contains(r#""Version": "1.0""#), "{}", M::ASL);
    assert_eq!(M::NAME, "orders-charge");
    assert_eq!(M::MACHINE_TYPE, workflow::MachineType::Express);
}
