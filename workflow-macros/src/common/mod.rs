//! What the four macros share: one error context that collects every error of an expansion
//! with one merge policy (serde_derive's `Ctxt`), the text of a core diagnostic as a compile
//! error, and the head of an invocation, which is all the fallback items need when the body
//! does not parse (thiserror's `fallback.rs`).

pub(crate) mod declaration;

use proc_macro2::TokenStream;
use syn::parse::{Parse, ParseStream};
use syn::{Ident, Visibility};
use workflow_core::Diagnostic;

/// Every error of one macro expansion, in the order the user should read them: the errors of
/// reading and lowering the input first, then the validator's.
///
/// The merge policy is the same for every macro: each validator error is reported at the
/// tokens its JSON Pointer came from, except an error about a value the lowering could not
/// read (that value was left empty, and the validator's opinion of it would only repeat the
/// lowering's error). Like serde_derive's `Ctxt`, it must be consumed with
/// [`Ctxt::into_compile_errors`]: dropping it unread is a bug in the macro, and panics.
#[derive(Debug)]
pub(crate) struct Ctxt {
    errors: Option<Vec<syn::Error>>,
    /// Items whose use makes rustc print a validator warning (see [`Ctxt::warning`]).
    warnings: TokenStream,
}

impl Ctxt {
    pub fn new() -> Ctxt {
        Ctxt {
            errors: Some(Vec::new()),
            warnings: TokenStream::new(),
        }
    }

    /// A validator warning, shown as a rustc warning at `tokens` on stable Rust. A proc macro
    /// cannot emit warnings there (`proc_macro::Diagnostic` is unstable), but the compiler
    /// warns about the use of a `#[deprecated]` item, at the span of the use, with the note as
    /// its text: the macro declares such an item, named after the lint, and uses it at the
    /// offending token. `#[allow(deprecated)]` around the macro call silences it, as it does
    /// every warning.
    pub fn warning(&mut self, tokens: &TokenStream, d: &Diagnostic) {
        let span = tokens
            .clone()
            .into_iter()
            .next()
            .map_or_else(proc_macro2::Span::call_site, |t| t.span());
        let name = syn::Ident::new(&d.code().replace('-', "_"), span);
        let note = format!("warning[{}]: {}", d.code(), message(d));
        self.warnings.extend(quote::quote_spanned! {span=>
            const _: () = {
                #[deprecated(note = #note)]
                #[allow(non_camel_case_types)]
                struct #name;
                let _ = #name;
            };
        });
    }

    fn errors(&mut self) -> &mut Vec<syn::Error> {
        self.errors
            .as_mut()
            .expect("the error context was already consumed")
    }

    /// An error of reading or lowering the input.
    pub fn error(&mut self, error: syn::Error) {
        self.errors().push(error);
    }

    /// Errors of reading or lowering the input.
    pub fn extend(&mut self, errors: impl IntoIterator<Item = syn::Error>) {
        self.errors().extend(errors);
    }

    /// The validator's errors and denied lints (warnings go through [`Ctxt::warning`]), each at `tokens_for` its diagnostic, except those `lowering_failed` says are about a
    /// value the lowering could not read.
    pub fn validator<'d>(
        &mut self,
        diagnostics: impl IntoIterator<Item = &'d Diagnostic>,
        lowering_failed: impl Fn(&Diagnostic) -> bool,
        tokens_for: impl Fn(&Diagnostic) -> TokenStream,
    ) {
        let reported = diagnostics
            .into_iter()
            .filter(|d| d.is_error() && !lowering_failed(d));
        for d in reported {
            let mut error = syn::Error::new_spanned(tokens_for(d), message(d));
            // A compile error has no notes on stable Rust: each note is a second error at its
            // own tokens, reported with the first.
            for note in &d.notes {
                let mut at = d.clone();
                at.location.pointer.clone_from(&note.pointer);
                at.location.at_key = note.at_key;
                error.combine(syn::Error::new_spanned(tokens_for(&at), &note.message));
            }
            self.errors().push(error);
        }
    }

    pub fn has_errors(&self) -> bool {
        self.errors.as_ref().is_some_and(|e| !e.is_empty())
    }

    /// Ends the collection: every error as a `compile_error!`, to put before the items.
    pub fn into_compile_errors(mut self) -> TokenStream {
        let errors = self.errors.take().unwrap_or_default();
        let mut out: TokenStream = errors.iter().map(syn::Error::to_compile_error).collect();
        out.extend(std::mem::take(&mut self.warnings));
        out
    }

    /// Ends the collection: the errors themselves (for unit tests).
    #[cfg(test)]
    pub fn into_errors(mut self) -> Vec<syn::Error> {
        self.errors.take().unwrap_or_default()
    }
}

impl Drop for Ctxt {
    fn drop(&mut self) {
        if self.errors.is_some() && !std::thread::panicking() {
            panic!("a macro dropped its error context without reporting the errors");
        }
    }
}

/// `{message} [{code}]`, then `= help: …` on its own line, as rustc prints notes.
pub(crate) fn message(d: &Diagnostic) -> String {
    let mut text = format!("{} [{}]", d.message, d.code());
    if let Some(help) = &d.help {
        text.push_str("\n  = help: ");
        text.push_str(help);
    }
    text
}

/// "unknown {what} `{name}` [in {owner}]; expected one of `a`, `b`", then a did-you-mean help
/// line for a near miss: the message of a misspelt key in every macro.
pub(crate) fn unknown(what: &str, name: &str, owner: Option<&str>, allowed: &[&str]) -> String {
    let list = allowed
        .iter()
        .map(|a| format!("`{a}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let owner = owner.map(|o| format!(" in {o}")).unwrap_or_default();
    let mut message = format!("unknown {what} `{name}`{owner}; expected one of {list}");
    if let Some(m) = workflow_core::did_you_mean::closest(name, allowed.iter().copied()) {
        message.push_str(&format!("\n  = help: did you mean `{m}`?"));
    }
    message
}

/// What can be read of an invocation whose body does not parse: its attributes (docs
/// included), visibility and name. The fallback items are built from it.
pub(crate) struct Head {
    pub attrs: Vec<syn::Attribute>,
    pub vis: Visibility,
    pub name: Ident,
}

impl Parse for Head {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let attrs = input.call(syn::Attribute::parse_outer)?;
        let vis = input.parse()?;
        let name = input.parse()?;
        input.parse::<TokenStream>()?;
        Ok(Head { attrs, vis, name })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_keep_their_order() {
        let mut cx = Ctxt::new();
        cx.error(syn::Error::new(proc_macro2::Span::call_site(), "first"));
        cx.extend([syn::Error::new(proc_macro2::Span::call_site(), "second")]);
        assert!(cx.has_errors());
        let texts: Vec<String> = cx.into_errors().iter().map(ToString::to_string).collect();
        assert_eq!(texts, ["first", "second"]);
    }

    #[test]
    #[should_panic(expected = "without reporting the errors")]
    fn an_unread_context_panics() {
        let _cx = Ctxt::new();
    }
}
