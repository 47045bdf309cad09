//! The `workflow!` macro: [`syntax`] (tokens → spanned tree), [`lower`] (tree → workflow-core
//! model and span map), [`check`] (validator diagnostics → spanned compile errors) and
//! [`expand`] (code generation, which cannot fail). Before them, [`fragment`] splices the
//! reusable pieces of DSL that `fragment!` declares.

pub(crate) mod check;
pub(crate) mod expand;
pub(crate) mod flow;
pub(crate) mod fragment;
pub(crate) mod lower;
pub(crate) mod syntax;
