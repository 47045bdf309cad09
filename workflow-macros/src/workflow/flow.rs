//! Typed data flow: the JSON shape of every state's input, worked out from the machine's input
//! type with ASL's own rules (InputPath → Parameters → result → ResultSelector → ResultPath →
//! OutputPath, Parallel and Map outputs, a Catch's error output), and a constant check of each
//! path a state reads against the shape it reads from.
//!
//! The shapes are `const` items of `::workflow::shape::Shape` built from the user's types'
//! `JsonShape` constants, so the checks run in rustc's constant evaluation: a wrong path is a
//! compile error at the path's tokens, with the message `shape::check_path` writes. Nothing is
//! left to a test run.
//!
//! JSONata states are checked where their expressions read `$states.input.a.b`. What is not
//! checked, because its shape is not known here: what a JSONata expression computes, a task's
//! result unless it is declared (`-> Type`) or the catalog knows it, paths into the context
//! object other than `$$.Map.Item`, and variables. Paths into such values pass; the rest of
//! the machine is still checked.

use std::collections::{HashMap, HashSet, VecDeque};

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::Type;
use workflow_core::diagnostic::pointer_push;
use workflow_core::expr::{Dynamic, Path, PathRoot, Segment};
use workflow_core::model::*;

use crate::workflow::lower::Lowered;

/// What the type flow found.
pub struct Typecheck {
    /// The constants of the machine's shapes and checks, to put inside `const _: () = { … };`;
    /// empty when nothing is typed.
    pub items: TokenStream,
    /// The states whose input or result has no known shape, where some type is declared:
    /// paths into it are not checked, which the `untyped-state` lint can say.
    pub untyped: Vec<Untyped>,
}

/// A state with data of unknown shape.
pub struct Untyped {
    pub pointer: String,
    pub name: String,
    /// Its result (a task without `-> Type`), rather than its input.
    pub result: bool,
}

/// The typed data flow of a lowered machine with the declared `input` and `output` types.
pub fn typecheck(lowered: &Lowered, input: Option<&Type>, output: Option<&Type>) -> Typecheck {
    let mut flow = Flow {
        lowered,
        out: TokenStream::new(),
        count: 0,
        any: HashSet::new(),
        any_ident: None,
        typed: false,
        untyped: Vec::new(),
        merges: HashMap::new(),
    };
    let start = match input {
        Some(ty) => {
            flow.typed = true;
            flow.of_type(ty)
        }
        None => flow.any(),
    };
    let ends = flow.scope(&lowered.machine.scope, "", start);
    if let Some(ty) = output {
        flow.typed = true;
        let expected = flow.of_type(ty);
        let type_name = quote!(#ty).to_string().replace(' ', "");
        for (state, pointer, shape) in ends {
            let span = flow.span(&pointer);
            flow.out.extend(quote_spanned! {span=>
                const _: () = ::workflow::shape::check_output(#shape, #expected, #type_name, #state);
            });
        }
    }
    if !flow.typed {
        return Typecheck {
            items: TokenStream::new(),
            untyped: Vec::new(),
        };
    }
    Typecheck {
        items: flow.out,
        untyped: flow.untyped,
    }
}

struct Flow<'a> {
    lowered: &'a Lowered,
    out: TokenStream,
    count: usize,
    /// The constants whose shape is unknown (`Shape::Any`): what is built from them stays so.
    any: HashSet<Ident>,
    any_ident: Option<Ident>,
    /// Some type was declared: without one there is nothing to check.
    typed: bool,
    /// The shapes [`Flow::merge`] made: base, steps, first step, value.
    merges: HashMap<Ident, (Ident, Vec<TokenStream>, String, Ident)>,
    untyped: Vec<Untyped>,
}

/// What one state passes on.
struct Out {
    /// `(target, shape)` for each transition: `Next`, choice rules, `Default`, catchers.
    next: Vec<(String, Ident)>,
    /// The output, when the state ends its scope.
    end: Option<Ident>,
}

impl Flow<'_> {
    /// A constant for the shape `expr` (a `&'static Shape` expression).
    ///
    /// A shape literal (`&Shape::…`) is put in a `static` that the constant points to: the
    /// shapes of a machine share their parts (a state reached from two others refers to both),
    /// and rustc validates a constant by walking everything it points to, again for each path
    /// to a shared part, which is exponential in the number of joins; it does not walk into a
    /// static.
    fn shape(&mut self, expr: TokenStream) -> Ident {
        let id = format_ident!("__WORKFLOW_SHAPE_{}", self.count);
        self.count += 1;
        let mut trees = expr.clone().into_iter();
        let literal =
            matches!(trees.next(), Some(proc_macro2::TokenTree::Punct(p)) if p.as_char() == '&');
        if literal {
            let value: TokenStream = trees.collect();
            let storage = format_ident!("__WORKFLOW_SHAPE_STATIC_{}", self.count - 1);
            self.out.extend(quote! {
                static #storage: ::workflow::shape::Shape = #value;
                const #id: &'static ::workflow::shape::Shape = &#storage;
            });
        } else {
            self.out.extend(quote! {
                const #id: &'static ::workflow::shape::Shape = #expr;
            });
        }
        id
    }

    fn any(&mut self) -> Ident {
        if let Some(id) = &self.any_ident {
            return id.clone();
        }
        let id = self.shape(quote!(&::workflow::shape::Shape::Any));
        self.any.insert(id.clone());
        self.any_ident = Some(id.clone());
        id
    }

    fn is_any(&self, id: &Ident) -> bool {
        self.any.contains(id)
    }

    fn of_type(&mut self, ty: &Type) -> Ident {
        self.shape(quote!(<#ty as ::workflow::shape::JsonShape>::SHAPE))
    }

    fn leaf(&mut self, name: &str) -> Ident {
        let variant = format_ident!("{}", name);
        self.shape(quote!(&::workflow::shape::Shape::#variant))
    }

    /// The value at `path` of `base`: the path is checked where it is read.
    fn at(&mut self, base: &Ident, path: &Path) -> Ident {
        if self.is_any(base) || !path.is_reference() {
            return self.any();
        }
        if path.segments.is_empty() {
            return base.clone();
        }
        let steps = steps(path);
        self.shape(quote!(&::workflow::shape::Shape::At(#base, &[#(#steps),*])))
    }

    fn merge(&mut self, base: &Ident, path: &Path, value: &Ident) -> Ident {
        if path.segments.is_empty() {
            return value.clone();
        }
        if self.is_any(base) && self.is_any(value) {
            return base.clone();
        }
        if !path.is_reference() {
            return self.any();
        }
        let steps = steps(path);
        let id =
            self.shape(quote!(&::workflow::shape::Shape::Merge(#base, &[#(#steps),*], #value)));
        let first = path
            .segments
            .first()
            .map(|s| format!("{s:?}"))
            .unwrap_or_default();
        self.merges
            .insert(id.clone(), (base.clone(), steps, first, value.clone()));
        id
    }

    /// The input of a state reached from several others.
    fn either(&mut self, mut shapes: Vec<Ident>) -> Ident {
        shapes.sort_by_key(ToString::to_string);
        shapes.dedup();
        if shapes.iter().any(|s| self.is_any(s)) {
            return self.any();
        }
        if let Some(layered) = self.layered(&shapes) {
            return layered;
        }
        match shapes.as_slice() {
            [] => self.any(),
            [one] => one.clone(),
            _ => self.shape(quote!(&::workflow::shape::Shape::Either(&[#(#shapes),*]))),
        }
    }

    /// A task's output and its catchers' outputs are one input with a result put at different
    /// paths (`$.charge`, `$.error`): written as one shape with all of them, a path is looked up
    /// in the input once, where an `Either` of the two would look it up twice, and twice again
    /// for each such task before it. `None` unless `shapes` are that.
    fn layered(&mut self, shapes: &[Ident]) -> Option<Ident> {
        if shapes.len() < 2 {
            return None;
        }
        let merges = &self.merges;
        let base_of = |s: &Ident| {
            merges
                .get(s)
                .map_or_else(|| s.clone(), |(base, ..)| base.clone())
        };
        let base = base_of(&shapes[0]);
        let mut firsts = HashSet::new();
        let mut layers = Vec::new();
        for s in shapes {
            if base_of(s) != base {
                return None;
            }
            if let Some((_, steps, first, value)) = self.merges.get(s) {
                if !firsts.insert(first.clone()) {
                    return None;
                }
                layers.push((steps.clone(), value.clone()));
            }
        }
        let mut acc = base;
        for (steps, value) in layers {
            acc =
                self.shape(quote!(&::workflow::shape::Shape::Merge(#acc, &[#(#steps),*], #value)));
        }
        Some(acc)
    }

    /// The span to report a check at: the last token of what produced `pointer` (the last key
    /// of a path, most often the wrong one).
    fn span(&self, pointer: &str) -> Span {
        self.lowered
            .spans
            .find(pointer, false)
            .and_then(|t| t.clone().into_iter().last())
            .map_or_else(Span::call_site, |t| t.span())
    }

    /// Checks that `path`, read by `state` from `input`, exists there (and holds what
    /// `expect` needs).
    fn check(
        &mut self,
        input: &Ident,
        path: &Path,
        state: &str,
        pointer: &str,
        expect: Option<&str>,
    ) {
        if path.root != PathRoot::Input
            || self.is_any(input)
            || path.segments.is_empty() && expect.is_none()
        {
            return;
        }
        let steps = steps(path);
        let span = self.span(pointer);
        let expect = match expect {
            Some(e) => {
                let e = format_ident!("{}", e);
                quote!(::core::option::Option::Some(::workflow::shape::Expect::#e))
            }
            None => quote!(::core::option::Option::None),
        };
        self.out.extend(quote_spanned! {span=>
            const _: () = ::workflow::shape::check_path(#input, &[#(#steps),*], #state, #expect);
        });
    }

    fn check_dynamic(
        &mut self,
        input: &Ident,
        d: &Dynamic,
        state: &str,
        pointer: &str,
        expect: Option<&str>,
    ) {
        match d {
            Dynamic::Path(p) => self.check(input, p, state, pointer, expect),
            Dynamic::Intrinsic(call) => self.check_intrinsic(input, call, state, pointer),
        }
    }

    fn check_intrinsic(
        &mut self,
        input: &Ident,
        call: &workflow_core::expr::Intrinsic,
        state: &str,
        pointer: &str,
    ) {
        use workflow_core::expr::Arg;
        for arg in &call.args {
            match arg {
                Arg::Path(p) => self.check(input, p, state, pointer, None),
                Arg::Call(inner) => self.check_intrinsic(input, inner, state, pointer),
                _ => {}
            }
        }
    }

    /// One scope from `start`: the states in the order they are first reached, each with the
    /// shapes of the states before it. Returns each end state with its pointer and output.
    fn scope(&mut self, scope: &Scope, base: &str, start: Ident) -> Vec<(String, String, Ident)> {
        let mut inputs: HashMap<&str, Vec<Ident>> = HashMap::new();
        inputs
            .entry(scope.start_at.as_str())
            .or_default()
            .push(start);
        let mut queue = VecDeque::from([scope.start_at.as_str()]);
        let mut done: HashSet<&str> = HashSet::new();
        let mut ends = Vec::new();
        while let Some(name) = queue.pop_front() {
            if !done.insert(name) {
                continue;
            }
            let Some(named) = scope.states.iter().find(|s| s.name == name) else {
                continue;
            };
            let ptr = pointer_push(&pointer_push(base, "States"), name);
            let declared = self.lowered.declared_input(&ptr).cloned();
            let input = match declared {
                Some(ty) => {
                    self.typed = true;
                    self.of_type(&ty)
                }
                None => {
                    let shapes = inputs.remove(name).unwrap_or_default();
                    self.either(shapes)
                }
            };
            if self.is_any(&input) {
                self.untyped.push(Untyped {
                    pointer: ptr.clone(),
                    name: named.name.clone(),
                    result: false,
                });
            }
            let out = self.state(&named.name, &named.state, &ptr, input);
            for (target, shape) in out.next {
                if let Some(target) = scope.states.iter().find(|s| s.name == target)
                    && !done.contains(target.name.as_str())
                {
                    inputs.entry(target.name.as_str()).or_default().push(shape);
                    queue.push_back(target.name.as_str());
                }
            }
            if let Some(end) = out.end {
                ends.push((named.name.clone(), ptr, end));
            }
        }
        ends
    }

    fn state(&mut self, name: &str, state: &State, ptr: &str, raw: Ident) -> Out {
        let mut out = Out {
            next: Vec::new(),
            end: None,
        };
        let io = match state.kind.io() {
            Some(Io::JsonPath(io)) => Some(io),
            // JSONata reads `$states.input` in expressions that are not typed here.
            Some(Io::Jsonata(_)) => None,
            None => None,
        };
        let jsonata = matches!(state.kind.io(), Some(Io::Jsonata(_)));
        let at = |field: &str| pointer_push(ptr, field);
        if jsonata {
            self.jsonata_reads(state, &raw, name, ptr);
        }

        // InputPath, then Parameters (or, for a Map, ItemsPath and ItemSelector).
        let effective = match io.and_then(|io| io.input_path.as_ref()) {
            Some(NullablePath::Null) => self.leaf("Null"),
            Some(NullablePath::Path(p)) => {
                self.check(&raw, p, name, &at("InputPath"), None);
                self.at(&raw, p)
            }
            // JSONata has no InputPath: the state reads its whole input.
            None => raw.clone(),
        };
        let parameters = match (io.and_then(|io| io.parameters.as_ref()), &state.kind) {
            (Some(t), StateKind::Task(_) | StateKind::Pass(_) | StateKind::Parallel(_)) => {
                self.template(t, &effective, None, name, &at("Parameters"))
            }
            _ => effective.clone(),
        };

        let result = match &state.kind {
            StateKind::Task(task) => {
                self.task_fields(task, &effective, name, ptr);
                let declared = self.lowered.declared_result(ptr).cloned().map(|ty| {
                    self.typed = true;
                    self.of_type(&ty)
                });
                let discarded = matches!(
                    io.and_then(|io| io.result_path.as_ref()),
                    Some(NullablePath::Null)
                );
                let (result, complete) = self.task_result(task, declared);
                if !complete && !discarded {
                    self.untyped.push(Untyped {
                        pointer: ptr.to_string(),
                        name: name.to_string(),
                        result: true,
                    });
                }
                result.unwrap_or_else(|| self.any())
            }
            StateKind::Pass(pass) => match &pass.result {
                Some(json) => self.json(json),
                None => parameters.clone(),
            },
            StateKind::Parallel(parallel) => {
                let mut outputs = Vec::new();
                for (i, branch) in parallel.branches.iter().enumerate() {
                    let base = pointer_push(&at("Branches"), &i.to_string());
                    let ends = self.scope(branch, &base, parameters.clone());
                    let shapes = ends.into_iter().map(|(_, _, s)| s).collect();
                    outputs.push(self.either(shapes));
                }
                self.shape(quote!(&::workflow::shape::Shape::Tuple(&[#(#outputs),*])))
            }
            StateKind::Map(map) => self.map(map, &effective, name, ptr),
            _ => parameters.clone(),
        };

        if let StateKind::Fail(fail) = &state.kind {
            for (field, value) in [("ErrorPath", &fail.error), ("CausePath", &fail.cause)] {
                if let Some(Dyn::Path(d)) = value {
                    self.check_dynamic(&raw, d, name, &at(field), Some("String"));
                }
            }
            return out;
        }
        if let StateKind::Wait(wait) = &state.kind {
            match &wait.wait {
                WaitFor::Seconds(Dyn::Path(d)) => {
                    self.check_dynamic(&effective, d, name, &at("SecondsPath"), Some("Number"));
                }
                WaitFor::Timestamp(Dyn::Path(d)) => {
                    self.check_dynamic(
                        &effective,
                        d,
                        name,
                        &at("TimestampPath"),
                        Some("Timestamp"),
                    );
                }
                _ => {}
            }
        }

        // ResultSelector reads the result; ResultPath puts it into the raw input.
        let selected = match io.and_then(|io| io.result_selector.as_ref()) {
            Some(t) => self.template(t, &result, None, name, &at("ResultSelector")),
            None => result.clone(),
        };
        let has_result = matches!(
            state.kind,
            StateKind::Task(_) | StateKind::Pass(_) | StateKind::Parallel(_) | StateKind::Map(_)
        );
        let after = if !has_result {
            effective.clone()
        } else if jsonata {
            // Without `Output`, a JSONata state passes on its result (a Pass, its input).
            selected.clone()
        } else {
            match io.and_then(|io| io.result_path.as_ref()) {
                Some(NullablePath::Null) => raw.clone(),
                Some(NullablePath::Path(p)) => self.merge(&raw, p, &selected),
                None => selected.clone(),
            }
        };
        let output = match io.and_then(|io| io.output_path.as_ref()) {
            Some(NullablePath::Null) => self.leaf("Null"),
            Some(NullablePath::Path(p)) => {
                self.check(&after, p, name, &at("OutputPath"), None);
                self.at(&after, p)
            }
            None if jsonata => match &state.kind.io() {
                Some(Io::Jsonata(JsonataIo {
                    output: Some(t), ..
                })) => self.template(t, &raw, None, name, &at("Output")),
                _ => after,
            },
            None => after,
        };

        // Where the output goes.
        match &state.kind {
            StateKind::Choice(choice) => {
                for (i, rule) in choice.choices.iter().enumerate() {
                    let p = pointer_push(&at("Choices"), &i.to_string());
                    self.condition(&rule.condition, &effective, name, &p);
                    out.next.push((rule.next.clone(), output.clone()));
                }
                if let Some(default) = &choice.default {
                    out.next.push((default.clone(), output.clone()));
                }
            }
            StateKind::Succeed(_) => out.end = Some(output.clone()),
            _ => match state.kind.transition() {
                Some(Transition::Next(next)) => out.next.push((next.clone(), output.clone())),
                Some(Transition::End) => out.end = Some(output.clone()),
                None => {}
            },
        }
        if let Some((_, catchers)) = state.kind.error_handling() {
            let error = self.shape(quote!(::workflow::shape::ERROR_OUTPUT));
            for catcher in catchers {
                let shape = match &catcher.result_path {
                    Some(NullablePath::Null) => raw.clone(),
                    Some(NullablePath::Path(p)) => self.merge(&raw, p, &error),
                    None if jsonata => self.any(),
                    None => error.clone(),
                };
                out.next.push((catcher.next.clone(), shape));
            }
        }
        out
    }

    /// A Task's result: for an integration the catalog knows, the response it describes, with
    /// the member that carries the callee's own answer (Lambda's `Payload`, a `.sync:2` child's
    /// `Output`) of the declared type; otherwise the declared type. `None` when nothing is
    /// known; `false` with it when a part of it is not known (no `-> Type` for a payload).
    fn task_result(&mut self, task: &Task, declared: Option<Ident>) -> (Option<Ident>, bool) {
        let complete = declared.is_some();
        use workflow_core::catalog::{self, Pattern};
        use workflow_core::read::Value;
        use workflow_core::validate::resource::{ResourceKind, classify};
        let Some(Ok(ResourceKind::Integration {
            service,
            action,
            pattern,
        })) = task.resource.as_str().map(classify)
        else {
            return (declared, complete);
        };
        let Some(known) = catalog::action(&service, &action) else {
            return (declared, complete);
        };
        let (text, payload) = match pattern {
            Pattern::RequestResponse => (known.result.response, known.result.payload),
            Pattern::Sync => (known.result.sync.unwrap_or(known.result.response), None),
            Pattern::Sync2 => (
                known.result.sync.unwrap_or(known.result.response),
                known.result.sync_payload,
            ),
            // What `SendTaskSuccess` sends.
            Pattern::WaitForTaskToken => return (declared, complete),
        };
        let Ok(doc) = workflow_core::read::parse(text, workflow_core::Format::Json) else {
            return (declared, complete);
        };
        let Value::Object(members) = &doc.root.value else {
            return (declared, complete);
        };
        let mut fields = Vec::new();
        for member in members {
            let key = &member.key;
            let shape = if payload == Some(key.as_str()) {
                match &declared {
                    Some(d) => d.clone(),
                    None => self.any(),
                }
            } else {
                // The catalog's values are examples: their kinds hold, nested keys may not.
                match &member.value.value {
                    Value::Bool(_) => self.leaf("Bool"),
                    Value::Number(_) => self.leaf("Number"),
                    Value::String(_) => self.leaf("String"),
                    _ => self.any(),
                }
            };
            fields.push(
                quote!(::workflow::shape::Field { key: #key, shape: #shape, required: true }),
            );
        }
        let name = format!("the result of {service}:{action}");
        let complete = complete || payload.is_none();
        let shape = self.shape(
            quote!(&::workflow::shape::Shape::Object(&::workflow::shape::Object {
                name: #name,
                fields: &[#(#fields),*],
                flatten: &[],
            })),
        );
        (Some(shape), complete)
    }

    /// A JSONata state reads its input as `$states.input.a.b` in its expressions: each such
    /// path (up to a predicate, a call or anything else that is not a key) is checked against
    /// the state's input, with JSONata's mapping over arrays.
    fn jsonata_reads(&mut self, state: &State, input: &Ident, name: &str, ptr: &str) {
        if self.is_any(input) {
            return;
        }
        let mut templates: Vec<(String, &Template)> = Vec::new();
        if let Some(Io::Jsonata(io)) = state.kind.io() {
            for (field, t) in [("Arguments", &io.arguments), ("Output", &io.output)] {
                if let Some(t) = t {
                    templates.push((pointer_push(ptr, field), t));
                }
            }
        }
        if let Some(assign) = state.kind.assign() {
            for (var, t) in &assign.variables {
                templates.push((pointer_push(&pointer_push(ptr, "Assign"), var), t));
            }
        }
        match &state.kind {
            StateKind::Choice(choice) => {
                for (i, rule) in choice.choices.iter().enumerate() {
                    let p = pointer_push(&pointer_push(ptr, "Choices"), &i.to_string());
                    if let workflow_core::model::Condition::Jsonata(t) = &rule.condition {
                        templates.push((pointer_push(&p, "Condition"), t));
                    }
                    if let Some(t) = &rule.output {
                        templates.push((pointer_push(&p, "Output"), t));
                    }
                }
            }
            StateKind::Map(map) => {
                if let Some(workflow_core::model::Items::Jsonata(t)) = &map.items {
                    templates.push((pointer_push(ptr, "Items"), t));
                }
                if let Some(t) = &map.item_selector {
                    templates.push((pointer_push(ptr, "ItemSelector"), t));
                }
            }
            _ => {}
        }
        let mut reads = Vec::new();
        for (base, t) in templates {
            t.walk(&base, &mut |pointer, t| {
                if let Template::Expr(e) = t {
                    for keys in &e.states_input_paths {
                        reads.push((pointer.to_string(), keys.clone()));
                    }
                }
            });
        }
        for (pointer, keys) in reads {
            let span = self.span(&pointer);
            let steps = keys
                .iter()
                .map(|k| quote!(::workflow::shape::Step::Member(#k)));
            self.out.extend(quote_spanned! {span=>
                const _: () = ::workflow::shape::check_path(#input, &[#(#steps),*], #name, ::core::option::Option::None);
            });
        }
    }

    fn task_fields(&mut self, task: &Task, input: &Ident, name: &str, ptr: &str) {
        for (field, value) in [
            ("TimeoutSecondsPath", &task.timeout),
            ("HeartbeatSecondsPath", &task.heartbeat),
        ] {
            if let Some(Dyn::Path(d)) = value {
                self.check_dynamic(input, d, name, &pointer_push(ptr, field), Some("Number"));
            }
        }
    }

    /// A Map: ItemsPath is read from the effective input, the processor runs on each item (or
    /// on what ItemSelector builds from it), and the output is the array of its outputs.
    fn map(&mut self, map: &Map, input: &Ident, name: &str, ptr: &str) -> Ident {
        let items = match &map.items {
            Some(workflow_core::model::Items::Path(p)) => {
                self.check(input, p, name, &pointer_push(ptr, "ItemsPath"), None);
                self.at(input, p)
            }
            Some(_) => self.any(),
            None if map.item_reader.is_some() => self.any(),
            None => input.clone(),
        };
        let item = if self.is_any(&items) {
            self.any()
        } else {
            self.shape(
                quote!(&::workflow::shape::Shape::At(#items, &[::workflow::shape::Step::Each])),
            )
        };
        let field = if map.legacy_parameters {
            "Parameters"
        } else {
            "ItemSelector"
        };
        let processor_input = match &map.item_selector {
            Some(t) => self.template(t, input, Some(&item), name, &pointer_push(ptr, field)),
            None => item,
        };
        let processor = if map.processor.legacy_iterator {
            "Iterator"
        } else {
            "ItemProcessor"
        };
        let ends = self.scope(
            &map.processor.scope,
            &pointer_push(ptr, processor),
            processor_input,
        );
        let shapes = ends.into_iter().map(|(_, _, s)| s).collect();
        let each = self.either(shapes);
        if self.is_any(&each) {
            return self.any();
        }
        self.shape(quote!(&::workflow::shape::Shape::Array(#each)))
    }

    /// The shape a payload template builds; each `.$` path is checked against `input` (and a
    /// Map's `$$.Map.Item.Value` is `item`).
    fn template(
        &mut self,
        t: &Template,
        input: &Ident,
        item: Option<&Ident>,
        name: &str,
        ptr: &str,
    ) -> Ident {
        match t {
            Template::Null => self.leaf("Null"),
            Template::Bool(_) => self.leaf("Bool"),
            Template::Number(_) => self.leaf("Number"),
            Template::String(_) => self.leaf("String"),
            Template::Expr(_) => self.any(),
            Template::Array(items) => {
                let shapes: Vec<Ident> = items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| {
                        self.template(v, input, item, name, &pointer_push(ptr, &i.to_string()))
                    })
                    .collect();
                self.shape(quote!(&::workflow::shape::Shape::Tuple(&[#(#shapes),*])))
            }
            Template::Object(members) => {
                let mut fields = Vec::new();
                for (key, value) in members {
                    let written = Template::written_key(key, value);
                    let shape =
                        self.template(value, input, item, name, &pointer_push(ptr, &written));
                    fields.push(quote!(::workflow::shape::Field { key: #key, shape: #shape, required: true }));
                }
                self.shape(
                    quote!(&::workflow::shape::Shape::Object(&::workflow::shape::Object {
                        name: "the object this state builds",
                        fields: &[#(#fields),*],
                        flatten: &[],
                    })),
                )
            }
            Template::Dynamic(Dynamic::Path(p)) => match (&p.root, item) {
                (PathRoot::Input, _) => {
                    self.check(input, p, name, ptr, None);
                    self.at(input, p)
                }
                (PathRoot::Context, Some(item)) => {
                    let text: Vec<&str> = p
                        .segments
                        .iter()
                        .map(|s| match s {
                            Segment::Field(f) => f.as_str(),
                            _ => "",
                        })
                        .collect();
                    match text.as_slice() {
                        ["Map", "Item", "Value"] => item.clone(),
                        ["Map", "Item", "Index"] => self.leaf("Number"),
                        _ => self.any(),
                    }
                }
                _ => self.any(),
            },
            Template::Dynamic(Dynamic::Intrinsic(call)) => {
                self.check_intrinsic(input, call, name, ptr);
                match call.name.as_str() {
                    "States.Format"
                    | "States.UUID"
                    | "States.JsonToString"
                    | "States.Base64Encode"
                    | "States.Base64Decode"
                    | "States.Hash" => self.leaf("String"),
                    "States.MathAdd" | "States.MathRandom" | "States.ArrayLength" => {
                        self.leaf("Number")
                    }
                    "States.ArrayContains" => self.leaf("Bool"),
                    _ => self.any(),
                }
            }
        }
    }

    fn json(&mut self, json: &Json) -> Ident {
        match json {
            Json::Null => self.leaf("Null"),
            Json::Bool(_) => self.leaf("Bool"),
            Json::Number(_) => self.leaf("Number"),
            Json::String(_) => self.leaf("String"),
            Json::Array(items) => {
                let shapes: Vec<Ident> = items.iter().map(|v| self.json(v)).collect();
                self.shape(quote!(&::workflow::shape::Shape::Tuple(&[#(#shapes),*])))
            }
            Json::Object(members) => {
                let mut fields = Vec::new();
                for (key, value) in members {
                    let shape = self.json(value);
                    fields.push(quote!(::workflow::shape::Field { key: #key, shape: #shape, required: true }));
                }
                self.shape(
                    quote!(&::workflow::shape::Shape::Object(&::workflow::shape::Object {
                        name: "the result of this state",
                        fields: &[#(#fields),*],
                        flatten: &[],
                    })),
                )
            }
        }
    }

    fn condition(
        &mut self,
        c: &workflow_core::model::Condition,
        input: &Ident,
        name: &str,
        ptr: &str,
    ) {
        use workflow_core::model::{Condition, Operand, OperandKind};
        match c {
            Condition::Compare(cmp) => {
                let test = cmp.operator.as_str().starts_with("Is");
                let expect = (!test).then(|| match cmp.operator.operand_kind() {
                    OperandKind::String => "String",
                    OperandKind::Number => "Number",
                    OperandKind::Bool => "Bool",
                    OperandKind::Timestamp => "Timestamp",
                });
                self.check(
                    input,
                    &cmp.variable,
                    name,
                    &pointer_push(ptr, "Variable"),
                    expect,
                );
                if let Operand::Path(p) = &cmp.operand {
                    let field = format!("{}Path", cmp.operator.as_str());
                    self.check(input, p, name, &pointer_push(ptr, &field), expect);
                }
            }
            Condition::And(cs) | Condition::Or(cs) => {
                let key = if matches!(c, Condition::And(_)) {
                    "And"
                } else {
                    "Or"
                };
                for (i, inner) in cs.iter().enumerate() {
                    let p = pointer_push(&pointer_push(ptr, key), &i.to_string());
                    self.condition(inner, input, name, &p);
                }
            }
            Condition::Not(inner) => self.condition(inner, input, name, &pointer_push(ptr, "Not")),
            Condition::Commented { rule, .. } => self.condition(rule, input, name, ptr),
            Condition::Jsonata(_) => {}
        }
    }
}

/// The steps of a path as `::workflow::shape::Step` expressions.
fn steps(path: &Path) -> Vec<TokenStream> {
    let mut out = Vec::new();
    for segment in &path.segments {
        out.push(match segment {
            Segment::Field(f) => quote!(::workflow::shape::Step::Key(#f)),
            Segment::Index(i) => match u64::try_from(*i) {
                Ok(i) => quote!(::workflow::shape::Step::Index(#i)),
                Err(_) => quote!(::workflow::shape::Step::Each),
            },
            Segment::Wildcard => quote!(::workflow::shape::Step::Each),
            // A slice of an array is an array of the same items.
            Segment::Slice { .. } => continue,
            _ => quote!(::workflow::shape::Step::Unchecked),
        });
    }
    out
}
