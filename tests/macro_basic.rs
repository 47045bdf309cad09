//! The `workflow!` macro through the facade: what a small machine expands to, and the runtime
//! side of the `Workflow` trait (definition, substitutions, schemas, generated files).

use workflow::generate::Generator;
use workflow::{Format, MachineType, Options, Workflow};

/// The input of `OrderFulfillment`. `$.order.total` below is checked against it by rustc.
#[derive(
    Debug, serde::Serialize, serde::Deserialize, schemars::JsonSchema, workflow::JsonShape,
)]
pub struct Order {
    pub order: Details,
    pub customer: String,
}

#[derive(
    Debug, serde::Serialize, serde::Deserialize, schemars::JsonSchema, workflow::JsonShape,
)]
pub struct Details {
    pub id: String,
    pub total: f64,
}

workflow::workflow! {
    /// Charge an order, with a review first when it is large.
    pub OrderFulfillment(input = Order) {
        CheckTotal: choice {
            $.order.total >= 100 => Review,
            _ => Charge,
        },
        Review: task lambda::invoke("${ReviewFunctionArn}") { next: Charge },
        Charge: task lambda::invoke("${ChargeFunctionArn}"),
        Done: succeed,
    }
}

workflow::workflow! {
    #[express]
    Ping {
        Pong: pass,
    }
}

workflow::workflow! {
    #[name("order-fulfillment-v2")]
    Renamed {
        Done: succeed,
    }
}

fn asl_json<W: Workflow>() -> serde_json::Value {
    serde_json::from_str(W::ASL).expect("ASL is JSON")
}

#[test]
fn constants() {
    assert_eq!(OrderFulfillment::NAME, "OrderFulfillment");
    assert_eq!(OrderFulfillment::MACHINE_TYPE, MachineType::Standard);
    assert_eq!(
        OrderFulfillment::PLACEHOLDERS,
        ["ChargeFunctionArn", "ReviewFunctionArn"]
    );
    // The macro and the runtime read placeholders the same way.
    assert_eq!(
        workflow::__private::placeholders(OrderFulfillment::ASL),
        OrderFulfillment::PLACEHOLDERS
    );

    assert_eq!(Ping::NAME, "Ping");
    assert_eq!(Ping::MACHINE_TYPE, MachineType::Express);
    assert!(Ping::PLACEHOLDERS.is_empty());

    // `#[name("…")]` names the state machine (and its generated file).
    assert_eq!(Renamed::NAME, "order-fulfillment-v2");

    // The struct is a plain unit value with the usual derives.
    fn default_of<T: Default>() -> T {
        T::default()
    }
    assert_eq!(OrderFulfillment, default_of::<OrderFulfillment>());
    assert_eq!(format!("{Ping:?}"), "Ping");
}

#[test]
fn asl_is_the_canonical_valid_definition() {
    for (asl, machine_type) in [
        (OrderFulfillment::ASL, OrderFulfillment::MACHINE_TYPE),
        (Ping::ASL, Ping::MACHINE_TYPE),
    ] {
        let options = Options {
            machine_type: Some(machine_type),
        };
        let report = workflow::check(asl, Format::Json, &options);
        assert!(report.is_valid(), "{:#?}", report.diagnostics);
        // Already canonical: formatting it again changes nothing.
        assert_eq!(report.validated().unwrap().to_json_string(), asl);
    }

    let asl = asl_json::<OrderFulfillment>();
    assert_eq!(asl["StartAt"], "CheckTotal");
    let states = asl["States"].as_object().unwrap();
    let mut names: Vec<&str> = states.keys().map(String::as_str).collect();
    names.sort_unstable();
    assert_eq!(names, ["Charge", "CheckTotal", "Done", "Review"]);

    let choice = &asl["States"]["CheckTotal"];
    assert_eq!(choice["Type"], "Choice");
    assert_eq!(choice["Default"], "Charge");
    let rule = &choice["Choices"][0];
    assert_eq!(rule["Variable"], "$.order.total");
    assert_eq!(rule["NumericGreaterThanEquals"].as_f64(), Some(100.0));
    assert_eq!(rule["Next"], "Review");

    assert_eq!(asl["States"]["Review"]["Type"], "Task");
    assert_eq!(asl["States"]["Review"]["Next"], "Charge");
    assert_eq!(asl["States"]["Charge"]["Next"], "Done");
    assert_eq!(asl["States"]["Done"]["Type"], "Succeed");
    assert!(OrderFulfillment::ASL.contains("\"${ChargeFunctionArn}\""));

    let ping = asl_json::<Ping>();
    assert_eq!(ping["StartAt"], "Pong");
    assert_eq!(ping["States"]["Pong"]["Type"], "Pass");
    assert_eq!(ping["States"]["Pong"]["End"], true);
}

#[test]
fn definition_is_the_model_of_the_asl() {
    let machine = OrderFulfillment::definition();
    assert_eq!(machine.machine_type, Some(MachineType::Standard));
    assert_eq!(machine.scope.start_at, "CheckTotal");
    assert_eq!(machine.scope.states.len(), 4);
    assert!(machine.scope.get("Review").is_some());
    let validated = workflow::core::Validated::new(&machine, &Options::default()).unwrap();
    assert_eq!(validated.to_json_string(), OrderFulfillment::ASL);

    assert_eq!(Ping::definition().machine_type, Some(MachineType::Express));
}

#[test]
fn asl_with_substitutes_every_placeholder() {
    let charge = "arn:aws:lambda:us-east-1:123456789012:function:charge";
    let review = "arn:aws:lambda:us-east-1:123456789012:function:review";
    let asl =
        OrderFulfillment::asl_with(&[("ReviewFunctionArn", review), ("ChargeFunctionArn", charge)])
            .unwrap();
    assert!(!asl.contains("${"), "{asl}");
    assert!(asl.contains(charge) && asl.contains(review));
    let report = workflow::check(&asl, Format::Json, &Options::default());
    assert!(report.is_valid(), "{:#?}", report.diagnostics);

    let err =
        OrderFulfillment::asl_with(&[("ChargeFunctionArn", charge), ("Typo", review)]).unwrap_err();
    assert_eq!(err.missing, ["ReviewFunctionArn"]);
    assert_eq!(err.unknown, ["Typo"]);
    assert!(err.duplicate.is_empty());

    assert_eq!(Ping::asl_with(&[]).unwrap(), Ping::ASL);
}

#[test]
fn schemas_of_the_declared_types() {
    let input = OrderFulfillment::input_schema().expect("input = Order is declared");
    assert_eq!(input, workflow::schemars::schema_for!(Order));
    let value = input.as_value();
    assert_eq!(value["title"], "Order");
    assert!(value["properties"]["order"].is_object(), "{value}");
    assert!(value["properties"]["customer"].is_object(), "{value}");
    assert!(OrderFulfillment::output_schema().is_none());

    assert!(Ping::input_schema().is_none());
    assert!(Ping::output_schema().is_none());
}

#[test]
fn generated_files_round_trip() {
    let dir = std::env::temp_dir().join(format!("workflow-macro-basic-{}", std::process::id()));
    let generator = Generator::new().add::<OrderFulfillment>().add::<Ping>();
    let paths = generator.write_to(&dir).unwrap();
    assert_eq!(
        paths,
        [
            dir.join("OrderFulfillment.asl.json"),
            dir.join("Ping.asl.json")
        ]
    );
    assert_eq!(
        std::fs::read_to_string(&paths[0]).unwrap(),
        OrderFulfillment::ASL
    );
    assert_eq!(generator.check(&dir), Ok(()));
    std::fs::remove_dir_all(&dir).unwrap();
}
