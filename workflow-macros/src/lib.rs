//! The `workflow!` macro (issue: workflow-macros). Nothing is exported yet.
