//! JSONata expressions: strings of the form `{% … %}` in states whose query language is JSONata.
//!
//! The body is parsed with `jsonata-core`; from its syntax tree we record which `$states` fields
//! the expression reads (`input`, `result`, `errorOutput`, `context`) and which workflow
//! variables it reads, so the validator can check them without parsing again.
//!
//! AWS documents the syntax as `"{% <JSONata expression> %}"` and does not require whitespace
//! inside the delimiters, so `{%10%}` is accepted here (the LocalStack emulator's ASL grammar
//! likewise matches `"{%` … `%}"` with nothing required in between).

use super::ExprError;
use jsonata_core::ast::{AstNode, BinaryOp, PathStep, Stage};

/// A parsed JSONata expression.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Jsonata {
    /// The whole string, delimiters included.
    text: String,
    /// Byte range of the body (what is between `{%` and `%}`, untrimmed) in the text.
    pub body_range: (usize, usize),
    /// Every field read as `$states.X`, in order of first appearance, without duplicates.
    pub states_fields: Vec<String>,
    /// The keys of each `$states.input.a.b` read, in order: names up to the first step that
    /// is not a plain name, a step with a predicate ending the path after it
    /// (`$states.input.items[price > 1].price` reads `items`). What `workflow!` checks
    /// against the state's input type.
    pub states_input_paths: Vec<Vec<String>>,
    /// Free variables the expression reads, in order of first appearance, without duplicates;
    /// `states`, names bound inside the expression (`:=`, lambda parameters, `@$v`, `#$i`) and
    /// built-in functions (`$sum(…)`, and `$string` passed as an argument or after `~>`) are left
    /// out. A built-in name read as a plain value (`$count + 1`) is a variable: a workflow
    /// variable shadows the function.
    pub variables: Vec<String>,
}

impl Jsonata {
    /// Parses a `{% … %}` string.
    pub fn parse(text: &str) -> Result<Jsonata, ExprError> {
        if !text.starts_with("{%") {
            return Err(ExprError::at("a JSONata expression must start with {%", 0));
        }
        if text.len() < 4 || !text.ends_with("%}") {
            return Err(ExprError::at(
                "a JSONata expression must end with %}",
                text.chars().count(),
            ));
        }
        let body_range = (2, text.len() - 2);
        let body = &text[body_range.0..body_range.1];
        if body.trim().is_empty() {
            return Err(ExprError::at(
                "the JSONata expression between {% and %} is empty",
                2,
            ));
        }
        let ast = jsonata_core::parser::parse(body)
            .map_err(|e| ExprError::new(format!("invalid JSONata expression: {e}")))?;
        let mut walker = Walker::default();
        walker.node(&ast, 0);
        Ok(Jsonata {
            text: text.to_string(),
            body_range,
            states_fields: walker.states_fields,
            states_input_paths: walker.states_input_paths,
            variables: walker.variables,
        })
    }

    /// The whole string, delimiters included.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The expression between the delimiters, untrimmed.
    pub fn body(&self) -> &str {
        &self.text[self.body_range.0..self.body_range.1]
    }

    /// Whether the expression reads `$states.<field>`.
    pub fn reads_states_field(&self, field: &str) -> bool {
        self.states_fields.iter().any(|f| f == field)
    }
}

impl std::fmt::Display for Jsonata {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

/// True when the string is meant as a JSONata expression: starts with `{%` and ends with `%}`.
pub fn is_expression(s: &str) -> bool {
    s.len() >= 4 && s.starts_with("{%") && s.ends_with("%}")
}

/// A string that starts with `{%` but does not end with `%}`, or the reverse: a broken
/// expression.
pub fn is_half_delimited(s: &str) -> bool {
    (s.starts_with("{%") || s.ends_with("%}")) && !is_expression(s)
}

/// Functions JSONata 2.0 defines, plus the ones Step Functions adds.
pub const BUILTIN_FUNCTIONS: &[&str] = &[
    // JSONata
    "abs",
    "append",
    "assert",
    "average",
    "base64decode",
    "base64encode",
    "boolean",
    "ceil",
    "contains",
    "count",
    "decodeUrl",
    "decodeUrlComponent",
    "distinct",
    "each",
    "encodeUrl",
    "encodeUrlComponent",
    "error",
    "eval",
    "exists",
    "filter",
    "floor",
    "formatBase",
    "formatInteger",
    "formatNumber",
    "fromMillis",
    "join",
    "keys",
    "length",
    "lookup",
    "lowercase",
    "map",
    "match",
    "max",
    "merge",
    "millis",
    "min",
    "not",
    "now",
    "number",
    "pad",
    "parseInteger",
    "power",
    "random",
    "reduce",
    "replace",
    "reverse",
    "round",
    "shuffle",
    "sift",
    "single",
    "sort",
    "split",
    "spread",
    "sqrt",
    "string",
    "substring",
    "substringAfter",
    "substringBefore",
    "sum",
    "toMillis",
    "trim",
    "type",
    "uppercase",
    "zip",
    // Step Functions
    "partition",
    "range",
    "hash",
    "uuid",
    "parse",
];

fn is_builtin(name: &str) -> bool {
    BUILTIN_FUNCTIONS.contains(&name)
}

/// Stop descending below this depth; `jsonata-core` itself refuses nesting deeper than 1000,
/// so this only guards the stack.
const MAX_WALK_DEPTH: usize = 2000;

#[derive(Default)]
struct Walker {
    /// Names bound in enclosing scopes, innermost last.
    scopes: Vec<Vec<String>>,
    states_fields: Vec<String>,
    states_input_paths: Vec<Vec<String>>,
    variables: Vec<String>,
}

impl Walker {
    fn bound(&self, name: &str) -> bool {
        self.scopes.iter().any(|s| s.iter().any(|n| n == name))
    }

    fn bind(&mut self, name: &str) {
        match self.scopes.last_mut() {
            Some(scope) => scope.push(name.to_string()),
            None => self.scopes.push(vec![name.to_string()]),
        }
    }

    /// A read of `$name` as a value.
    fn read(&mut self, name: &str) {
        // `$` (empty name) is the context value, not a variable.
        if name.is_empty() || name == "states" || self.bound(name) {
            return;
        }
        if !self.variables.iter().any(|v| v == name) {
            self.variables.push(name.to_string());
        }
    }

    fn states_field(&mut self, field: &str) {
        if !self.states_fields.iter().any(|f| f == field) {
            self.states_fields.push(field.to_string());
        }
    }

    fn scoped(&mut self, names: impl IntoIterator<Item = String>, f: impl FnOnce(&mut Self)) {
        self.scopes.push(names.into_iter().collect());
        f(self);
        self.scopes.pop();
    }

    fn nodes<'a>(&mut self, nodes: impl IntoIterator<Item = &'a AstNode>, depth: usize) {
        for n in nodes {
            self.node(n, depth);
        }
    }

    fn node(&mut self, node: &AstNode, depth: usize) {
        if depth > MAX_WALK_DEPTH {
            return;
        }
        let d = depth + 1;
        match node {
            AstNode::String(_)
            | AstNode::Name(_)
            | AstNode::Number(_)
            | AstNode::Boolean(_)
            | AstNode::Null
            | AstNode::Undefined
            | AstNode::Placeholder
            | AstNode::Regex { .. }
            | AstNode::ParentVariable(_)
            | AstNode::Wildcard
            | AstNode::Descendant
            | AstNode::Parent(_) => {}
            AstNode::Variable(name) => self.read(name),
            AstNode::Path { steps } => self.path(steps, d),
            AstNode::Binary {
                op: BinaryOp::ColonEqual,
                lhs,
                rhs,
            } => match lhs.as_ref() {
                AstNode::Variable(name) => {
                    // A function may call itself: bind before looking inside a lambda.
                    if matches!(rhs.as_ref(), AstNode::Lambda { .. }) {
                        self.bind(name);
                        self.node(rhs, d);
                    } else {
                        self.node(rhs, d);
                        self.bind(name);
                    }
                }
                other => {
                    self.node(other, d);
                    self.node(rhs, d);
                }
            },
            AstNode::Binary {
                op: BinaryOp::FocusBind | BinaryOp::IndexBind,
                lhs,
                rhs,
            } => {
                self.node(lhs, d);
                match rhs.as_ref() {
                    AstNode::Variable(name) => self.bind(name),
                    other => self.node(other, d),
                }
            }
            AstNode::Binary {
                op: BinaryOp::ChainPipe,
                lhs,
                rhs,
            } => {
                self.node(lhs, d);
                self.arguments(std::slice::from_ref(rhs.as_ref()), d);
            }
            AstNode::Binary { lhs, rhs, .. } => {
                self.node(lhs, d);
                self.node(rhs, d);
            }
            AstNode::Unary { operand, .. } => self.node(operand, d),
            AstNode::Function { name, args, .. } => {
                if !is_builtin(name) {
                    self.read(name);
                }
                self.arguments(args, d);
            }
            AstNode::Call { procedure, args } => {
                self.node(procedure, d);
                self.arguments(args, d);
            }
            AstNode::Lambda { params, body, .. } => {
                self.scoped(params.iter().cloned(), |w| w.node(body, d));
            }
            AstNode::Array(items) | AstNode::ArrayGroup(items) => self.nodes(items, d),
            AstNode::Object(pairs) => {
                for (k, v) in pairs {
                    self.node(k, d);
                    self.node(v, d);
                }
            }
            AstNode::ObjectTransform { input, pattern } => {
                self.node(input, d);
                for (k, v) in pattern {
                    self.node(k, d);
                    self.node(v, d);
                }
            }
            AstNode::Block(items) => self.scoped([], |w| w.nodes(items, d)),
            AstNode::Conditional {
                condition,
                then_branch,
                else_branch,
            } => {
                self.node(condition, d);
                self.node(then_branch, d);
                if let Some(e) = else_branch {
                    self.node(e, d);
                }
            }
            AstNode::FunctionApplication(inner) => self.node(inner, d),
            AstNode::Sort { input, terms } => {
                self.node(input, d);
                for (t, _) in terms {
                    self.node(t, d);
                }
            }
            AstNode::Transform {
                location,
                update,
                delete,
            } => {
                self.node(location, d);
                self.node(update, d);
                if let Some(del) = delete {
                    self.node(del, d);
                }
            }
        }
    }

    /// Arguments of a call: a bare built-in name there (`$map($a, $string)`) is the function
    /// passed as a value, not a variable. Elsewhere (`$count + 1`) a built-in name is read as a
    /// variable, since a workflow variable shadows the function.
    fn arguments(&mut self, args: &[AstNode], d: usize) {
        for arg in args {
            match arg {
                AstNode::Variable(name) if is_builtin(name) && !self.bound(name) => {}
                other => self.node(other, d),
            }
        }
    }

    fn path(&mut self, steps: &[PathStep], d: usize) {
        // `$states.field…`: the first step is the variable, the second names the field.
        if let [first, second, ..] = steps
            && matches!(&first.node, AstNode::Variable(v) if v == "states")
            && let AstNode::Name(field) = &second.node
        {
            self.states_field(field);
            if field == "input" && plain(second) {
                let mut keys = Vec::new();
                for step in &steps[2..] {
                    let AstNode::Name(key) = &step.node else {
                        break;
                    };
                    keys.push(key.clone());
                    if !plain(step) {
                        break;
                    }
                }
                if !keys.is_empty() {
                    self.states_input_paths.push(keys);
                }
            }
        }
        // `@$v` and `#$i` bind names for the rest of the path.
        let bindings: Vec<String> = steps
            .iter()
            .flat_map(|s| s.focus.iter().chain(s.index_var.iter()).cloned())
            .collect();
        self.scoped(bindings, |w| {
            for step in steps {
                w.node(&step.node, d);
                for stage in &step.stages {
                    match stage {
                        Stage::Filter(expr) => w.node(expr, d),
                        Stage::KeepArray => {}
                        Stage::Index(name) => w.bind(name),
                    }
                }
            }
        });
    }
}

/// A path step without predicates or bindings: the next step reads into its value.
fn plain(step: &PathStep) -> bool {
    step.stages.is_empty() && step.focus.is_none() && step.index_var.is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_input_paths() {
        let paths = |body: &str| ok(&format!("{{% {body} %}}")).states_input_paths;
        assert_eq!(
            paths("$states.input.order.total > 100 and $states.input.`detail-type` = 'x'"),
            [
                vec!["order".to_string(), "total".to_string()],
                vec!["detail-type".to_string()]
            ]
        );
        assert_eq!(
            paths("$sum($states.input.items[price > 1].price)"),
            [vec!["items".to_string()]]
        );
        assert!(paths("$states.inputs.x & $mystates.input.y & $states.input").is_empty());
    }

    fn ok(text: &str) -> Jsonata {
        match Jsonata::parse(text) {
            Ok(j) => {
                assert_eq!(j.as_str(), text);
                j
            }
            Err(e) => panic!("{text:?} should parse: {}", e.message),
        }
    }

    #[test]
    fn delimiters() {
        for s in ["{% 1 %}", "{%1%}", "{%%}", "{% $x %}"] {
            assert!(is_expression(s), "{s}");
            assert!(!is_half_delimited(s), "{s}");
        }
        for s in [
            "{% 10 %",
            "10 %}",
            "{%}",
            "{%",
            "%}",
            "{% This is a comment",
        ] {
            assert!(!is_expression(s), "{s}");
            assert!(is_half_delimited(s), "{s}");
        }
        for s in ["", "plain", "$.a", "{ % x % }", "%{ x }%"] {
            assert!(!is_expression(s) && !is_half_delimited(s), "{s}");
        }
    }

    #[test]
    fn valid_expressions() {
        let table = [
            "{% $states.input.title %}",
            "{%10%}",
            "{% \n10         %}",
            "{% $partition([1,2,3,4], 2) %}",
            "{% $range(0, 10, 2) %}",
            "{% $hash('x', 'SHA-256') %}",
            "{% $random() %}",
            "{% $random(7) %}",
            "{% $uuid() %}",
            "{% $parse('{\"a\": 1}') %}",
            "{% $var = '\"' %}",
            "{% ($e := $a.b; $n := $e & ' '; $n) %}",
            "{% $contains(\"hello$world\", /^hello\\$/) %}",
            "{% $states.context.Execution.Id %}",
        ];
        for text in table {
            let j = ok(text);
            assert_eq!(j.body(), &text[2..text.len() - 2]);
        }
    }

    #[test]
    fn invalid_expressions() {
        let table = [
            "{% 420. %}",
            "{% 10 + * 2 %}",
            "{% $sum($states.input.items.numbers %}",
            "{% $.store.book[?(@.price < 10)].title %}",
            "{%  %}",
            "{%%}",
            "{% 10 %",
            "10 %}",
            "{%}",
            "",
            "{% 'unclosed %}",
        ];
        for text in table {
            assert!(Jsonata::parse(text).is_err(), "{text:?} should not parse");
        }
    }

    #[test]
    fn states_fields_and_variables() {
        let table: &[(&str, &[&str], &[&str])] = &[
            ("{% $states.input.a + $x %}", &["input"], &["x"]),
            ("{% $states.result.Payload %}", &["result"], &[]),
            ("{% $states.errorOutput %}", &["errorOutput"], &[]),
            ("{% $states.context.Map.Item.Value %}", &["context"], &[]),
            ("{% $states %}", &[], &[]),
            (
                "{% $sum($states.input.items) & $string($n) %}",
                &["input"],
                &["n"],
            ),
            ("{% ($y := $x + 1; $y * $z) %}", &[], &["x", "z"]),
            ("{% ($y := $y + 1; $y) %}", &[], &["y"]),
            (
                "{% $map($list, function($v, $i) { $v * $i * $k }) %}",
                &[],
                &["list", "k"],
            ),
            (
                "{% ($f := function($n) { $n < 2 ? 1 : $n * $f($n - 1) }; $f($m)) %}",
                &[],
                &["m"],
            ),
            ("{% $g(1) %}", &[], &["g"]),
            ("{% $map($a, $string) %}", &[], &["a"]),
            ("{% $a ~> $uppercase %}", &[], &["a"]),
            ("{% $count + $min %}", &[], &["count", "min"]),
            ("{% items@$it.tags#$i[$i > $min].($it) %}", &[], &["min"]),
            ("{% $ %}", &[], &[]),
            ("{% $$.x %}", &[], &[]),
            (
                "{% $states.input.items[price > $limit].{ 'n': $states.context.Execution.Id } %}",
                &["input", "context"],
                &["limit"],
            ),
            ("{% $a ? $b : $c %}", &[], &["a", "b", "c"]),
            ("{% $a and $a %}", &[], &["a"]),
        ];
        let mut wrong = Vec::new();
        for (text, fields, vars) in table {
            let j = ok(text);
            if j.states_fields != *fields || j.variables != *vars {
                wrong.push(format!(
                    "{text}: fields {:?} variables {:?}",
                    j.states_fields, j.variables
                ));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let deep = format!("{{% {}1{} %}}", "(".repeat(900), ")".repeat(900));
        let _ = Jsonata::parse(&deep);
        let deeper = format!("{{% {}1{} %}}", "[".repeat(5000), "]".repeat(5000));
        assert!(Jsonata::parse(&deeper).is_err());
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "[$.\\[\\](){}?:;,'\"`/*+<>=!&%^~#@|a-z0-9 é\\\\-]{0,40}") {
            let text = format!("{{%{s}%}}");
            let _ = Jsonata::parse(&text);
            let _ = is_half_delimited(&s);
        }

        #[test]
        fn never_panics_on_any_text(s in "\\PC{0,30}") {
            let _ = Jsonata::parse(&s);
            let _ = Jsonata::parse(&format!("{{% {s} %}}"));
        }
    }
}
