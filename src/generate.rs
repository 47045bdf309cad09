//! Writing the definitions of [`Workflow`]s to `<NAME>.asl.json` files, from a build script or
//! a test, and checking that committed files are up to date.
//!
//! In a build script (with `workflow` as a build-dependency, and the workflows declared in
//! `build.rs` itself or in a crate both depend on; a build script cannot use the crate it
//! builds):
//!
//! ```no_run
//! # use workflow::{MachineType, Workflow};
//! # struct OrderFulfillment;
//! # impl Workflow for OrderFulfillment {
//! #     const NAME: &'static str = "OrderFulfillment";
//! #     const ASL: &'static str = "{}\n";
//! #     const MACHINE_TYPE: MachineType = MachineType::Standard;
//! #     const PLACEHOLDERS: &'static [&'static str] = &[];
//! # }
//! // build.rs
//! fn main() -> std::io::Result<()> {
//!     workflow::generate::Generator::new()
//!         .add::<OrderFulfillment>()
//!         .write_to_out_dir()?;
//!     Ok(())
//! }
//! // then, in the crate: include_str!(concat!(env!("OUT_DIR"), "/OrderFulfillment.asl.json"))
//! ```
//!
//! Teams that commit the generated files write them with [`Generator::write_to`] and fail CI
//! when they are out of date with [`Generator::check`] (as `sqlx prepare --check` does):
//!
//! ```
//! use workflow::generate::Generator;
//! # use workflow::{MachineType, Workflow};
//! # struct OrderFulfillment;
//! # impl Workflow for OrderFulfillment {
//! #     const NAME: &'static str = "OrderFulfillment";
//! #     const ASL: &'static str = "{\n  \"StartAt\": \"Done\",\n  \"States\": {\n    \"Done\": {\n      \"Type\": \"Succeed\"\n    }\n  }\n}\n";
//! #     const MACHINE_TYPE: MachineType = MachineType::Standard;
//! #     const PLACEHOLDERS: &'static [&'static str] = &[];
//! # }
//!
//! let dir = std::env::temp_dir().join(format!("workflow-doc-{}", std::process::id()));
//! let generator = Generator::new().add::<OrderFulfillment>();
//!
//! // Nothing written yet: the check lists the missing file.
//! let stale = generator.check(&dir).unwrap_err();
//! assert_eq!(stale.missing, [dir.join("OrderFulfillment.asl.json")]);
//!
//! generator.write_to(&dir)?;
//! assert!(generator.check(&dir).is_ok());
//! # std::fs::remove_dir_all(&dir)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use crate::Workflow;

/// The suffix of every generated file.
pub const EXTENSION: &str = ".asl.json";

/// The set of workflows to write or check.
#[derive(Debug, Clone, Default)]
pub struct Generator {
    workflows: Vec<Entry>,
}

#[derive(Debug, Clone)]
struct Entry {
    name: &'static str,
    asl: &'static str,
}

impl Generator {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a workflow, written to `<W::NAME>.asl.json`. Adding the same workflow twice is a
    /// no-op.
    ///
    /// # Panics
    ///
    /// When another workflow with the same [`Workflow::NAME`] but a different definition was
    /// added, when the name cannot be a file name (empty, `.`, `..`, or holding a path
    /// separator or a control character), or when the definition is empty (which a
    /// `workflow!` expansion never produces). These are mistakes in the build script, which
    /// a panic reports best.
    #[must_use]
    pub fn add<W: Workflow>(mut self) -> Self {
        let (name, asl) = (W::NAME, W::ASL);
        assert!(
            is_file_name(name),
            "workflow name `{}` cannot be used as a file name",
            name.escape_debug()
        );
        assert!(!asl.is_empty(), "workflow `{name}` has an empty definition");
        match self.workflows.iter().find(|e| e.name == name) {
            Some(e) if e.asl == asl => {}
            Some(_) => {
                panic!("two different workflows are named `{name}`; give one a `#[name(\"…\")]`")
            }
            None => self.workflows.push(Entry { name, asl }),
        }
        self
    }

    /// The file name each added workflow is written to, with its definition, in the order
    /// they were added.
    pub fn files(&self) -> impl Iterator<Item = (String, &'static str)> + '_ {
        self.workflows
            .iter()
            .map(|e| (format!("{}{EXTENSION}", e.name), e.asl))
    }

    /// Writes every definition into `$OUT_DIR`, for a build script. Returns the paths.
    ///
    /// # Errors
    ///
    /// When `OUT_DIR` is not set (this is not a build script) or a file cannot be written.
    pub fn write_to_out_dir(&self) -> io::Result<Vec<PathBuf>> {
        let dir = std::env::var_os("OUT_DIR").ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::NotFound,
                "OUT_DIR is not set: `write_to_out_dir` is for build scripts; use `write_to(dir)` elsewhere",
            )
        })?;
        self.write_to(dir)
    }

    /// Writes every definition into `dir` (created if needed). A file that already holds the
    /// right text is left untouched, so its modification time does not trigger rebuilds.
    /// Returns the paths.
    ///
    /// # Errors
    ///
    /// When the folder cannot be created or a file cannot be written.
    pub fn write_to(&self, dir: impl AsRef<Path>) -> io::Result<Vec<PathBuf>> {
        let dir = dir.as_ref();
        std::fs::create_dir_all(dir)?;
        let mut paths = Vec::new();
        for (file, asl) in self.files() {
            let path = dir.join(file);
            if std::fs::read(&path).ok().as_deref() != Some(asl.as_bytes()) {
                std::fs::write(&path, asl)?;
            }
            paths.push(path);
        }
        Ok(paths)
    }

    /// Checks that `dir` holds every definition exactly as [`Generator::write_to`] would write
    /// it. Files in `dir` that belong to no added workflow are not looked at.
    ///
    /// # Errors
    ///
    /// [`Stale`], listing the files that are missing and those whose text differs (or cannot
    /// be read).
    pub fn check(&self, dir: impl AsRef<Path>) -> Result<(), Stale> {
        let dir = dir.as_ref();
        let mut stale = Stale {
            dir: dir.to_path_buf(),
            missing: Vec::new(),
            stale: Vec::new(),
        };
        for (file, asl) in self.files() {
            let path = dir.join(file);
            match std::fs::read(&path) {
                Ok(bytes) if bytes == asl.as_bytes() => {}
                Ok(_) => stale.stale.push(path),
                Err(e) if e.kind() == io::ErrorKind::NotFound => stale.missing.push(path),
                Err(_) => stale.stale.push(path),
            }
        }
        if stale.missing.is_empty() && stale.stale.is_empty() {
            Ok(())
        } else {
            Err(stale)
        }
    }
}

/// Generated files that are out of date: the result of a failed [`Generator::check`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stale {
    /// The folder checked.
    pub dir: PathBuf,
    /// Files that do not exist.
    pub missing: Vec<PathBuf>,
    /// Files whose text is not the current definition (or that cannot be read).
    pub stale: Vec<PathBuf>,
}

impl fmt::Display for Stale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the generated workflow definitions in {} are out of date",
            self.dir.display()
        )?;
        for path in &self.stale {
            write!(f, "\n  stale:   {}", path.display())?;
        }
        for path in &self.missing {
            write!(f, "\n  missing: {}", path.display())?;
        }
        write!(f, "\nregenerate them with `Generator::write_to`")
    }
}

impl std::error::Error for Stale {}

/// A name that stays a single file name inside the folder.
fn is_file_name(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && !name
            .chars()
            .any(|c| matches!(c, '/' | '\\' | ':') || c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::MachineType;

    struct Hello;
    impl Workflow for Hello {
        const NAME: &'static str = "Hello";
        const ASL: &'static str = "{\n  \"StartAt\": \"A\",\n  \"States\": {\n    \"A\": {\n      \"Type\": \"Succeed\"\n    }\n  }\n}\n";
        const MACHINE_TYPE: MachineType = MachineType::Standard;
        const PLACEHOLDERS: &'static [&'static str] = &[];
    }

    struct Bye;
    impl Workflow for Bye {
        const NAME: &'static str = "Bye";
        const ASL: &'static str = "{\n  \"StartAt\": \"B\",\n  \"States\": {\n    \"B\": {\n      \"Type\": \"Succeed\"\n    }\n  }\n}\n";
        const MACHINE_TYPE: MachineType = MachineType::Express;
        const PLACEHOLDERS: &'static [&'static str] = &[];
    }

    /// Another `Hello` with a different definition.
    struct HelloAgain;
    impl Workflow for HelloAgain {
        const NAME: &'static str = "Hello";
        const ASL: &'static str = "{}\n";
        const MACHINE_TYPE: MachineType = MachineType::Standard;
        const PLACEHOLDERS: &'static [&'static str] = &[];
    }

    struct BadName;
    impl Workflow for BadName {
        const NAME: &'static str = "../escape";
        const ASL: &'static str = "{}\n";
        const MACHINE_TYPE: MachineType = MachineType::Standard;
        const PLACEHOLDERS: &'static [&'static str] = &[];
    }

    /// A fresh folder under the system temp dir, removed on drop.
    struct TempDir(PathBuf);
    impl TempDir {
        fn new(tag: &str) -> Self {
            let dir = std::env::temp_dir().join(format!(
                "workflow-generate-{tag}-{}-{:?}",
                std::process::id(),
                std::thread::current().id()
            ));
            let _ = std::fs::remove_dir_all(&dir);
            TempDir(dir)
        }
    }
    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    #[test]
    fn writes_one_file_per_workflow() {
        let tmp = TempDir::new("write");
        let dir = tmp.0.join("nested");
        let paths = Generator::new()
            .add::<Hello>()
            .add::<Bye>()
            .add::<Hello>()
            .write_to(&dir)
            .unwrap();
        assert_eq!(
            paths,
            [dir.join("Hello.asl.json"), dir.join("Bye.asl.json")]
        );
        assert_eq!(std::fs::read_to_string(&paths[0]).unwrap(), Hello::ASL);
        assert_eq!(std::fs::read_to_string(&paths[1]).unwrap(), Bye::ASL);
    }

    #[test]
    fn check_lists_missing_and_stale_files() {
        let tmp = TempDir::new("check");
        let dir = &tmp.0;
        let generator = Generator::new().add::<Hello>().add::<Bye>();

        let err = generator.check(dir).unwrap_err();
        assert_eq!(
            err.missing,
            [dir.join("Hello.asl.json"), dir.join("Bye.asl.json")]
        );
        assert!(err.stale.is_empty());

        generator.write_to(dir).unwrap();
        assert_eq!(generator.check(dir), Ok(()));

        // An edited file, a deleted one, and an unrelated file (ignored).
        std::fs::write(dir.join("Hello.asl.json"), "{}\n").unwrap();
        std::fs::remove_file(dir.join("Bye.asl.json")).unwrap();
        std::fs::write(dir.join("Other.asl.json"), "{}\n").unwrap();
        let err = generator.check(dir).unwrap_err();
        assert_eq!(err.stale, [dir.join("Hello.asl.json")]);
        assert_eq!(err.missing, [dir.join("Bye.asl.json")]);
        let text = err.to_string();
        assert!(text.contains("out of date"), "{text}");
        assert!(text.contains("stale:   "), "{text}");
        assert!(text.contains("Bye.asl.json"), "{text}");

        generator.write_to(dir).unwrap();
        assert_eq!(generator.check(dir), Ok(()));
    }

    #[test]
    fn unchanged_files_are_not_rewritten() {
        let tmp = TempDir::new("mtime");
        let generator = Generator::new().add::<Hello>();
        let path = generator.write_to(&tmp.0).unwrap().remove(0);
        let before = std::fs::metadata(&path).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        generator.write_to(&tmp.0).unwrap();
        let after = std::fs::metadata(&path).unwrap().modified().unwrap();
        assert_eq!(before, after);
    }

    #[test]
    #[should_panic(expected = "two different workflows are named `Hello`")]
    fn same_name_different_definitions_panics() {
        let _ = Generator::new().add::<Hello>().add::<HelloAgain>();
    }

    #[test]
    #[should_panic(expected = "cannot be used as a file name")]
    fn path_names_are_refused() {
        let _ = Generator::new().add::<BadName>();
    }

    #[test]
    fn out_dir_must_be_set() {
        // Unit tests do not run under a build script; `OUT_DIR` is only set for crates with
        // one, and this crate has none.
        if std::env::var_os("OUT_DIR").is_none() {
            let err = Generator::new()
                .add::<Hello>()
                .write_to_out_dir()
                .unwrap_err();
            assert_eq!(err.kind(), io::ErrorKind::NotFound);
        }
    }
}
