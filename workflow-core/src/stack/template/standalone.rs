//! One definition as a stack of its own: what `workflow template FILE` prints for teams that
//! keep their definitions as ASL files.

use super::{App, Parameter, StateMachineSpec, Value};

impl App {
    /// A stack of the one state machine `spec`, whose definition text is `asl`: the machine,
    /// its execution role derived from the definition (see [`crate::iam`]), and one `String`
    /// parameter per `${Placeholder}` of the definition, bound to it as its
    /// `DefinitionSubstitutions` value. Pseudo parameters (`${AWS::Region}`), `${Ref:…}` and
    /// `${GetAtt:…}` are left to CloudFormation: they are not parameters.
    ///
    /// ```
    /// use workflow_core::template::{App, StateMachineSpec};
    ///
    /// let asl = r#"{"StartAt": "Run", "States": {"Run": {"Type": "Task",
    ///     "Resource": "arn:aws:states:::glue:startJobRun.sync",
    ///     "Parameters": {"JobName": "${JobName}"}, "End": true}}}"#;
    /// let template = App::standalone(StateMachineSpec::from_asl("Etl", asl), asl)
    ///     .to_template()
    ///     .unwrap();
    /// let json = template.to_json_string();
    /// assert!(json.contains(r#""JobName": {"#));
    /// assert!(json.contains("glue:StartJobRun"));
    /// ```
    pub fn standalone(mut spec: StateMachineSpec, asl: &str) -> App {
        let names: Vec<&str> = crate::placeholder::names(asl)
            .into_iter()
            .filter(|name| {
                !name.starts_with("AWS::")
                    && !name.starts_with("Ref:")
                    && !name.starts_with("GetAtt:")
            })
            .collect();
        let mut app = App::new();
        for name in names {
            app = app.parameter(
                Parameter::string(name)
                    .description(format!("The value of the definition's placeholder {name}")),
            );
            spec = spec.substitution(name, Value::parameter(name));
        }
        app.state_machine(spec)
    }
}
