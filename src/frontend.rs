//! The front end as one session: the source map, interner, preprocessor, typedef names,
//! checker state and program tables, owned together.
//!
//! `cmem run` and `cmem check` use one session per program; the REPL keeps one alive
//! between inputs and takes a [`Checkpoint`] before each, so that a rejected input is
//! rolled back completely — its macros, typedef names, declarations, functions and
//! variables all go.
//!
//! Invariant: this is the only place the front-end stages are driven in order
//! (preprocess → classify typedef names → parse → check).

use std::path::PathBuf;

use crate::diag::{Code, Diagnostic};
use crate::sema::check::Scope;
use crate::sema::program::{Definition, FuncId, Program};
use crate::sema::{CheckState, Checker};
use crate::source::{FileId, FileKind, Interner, SourceMap, Span};
use crate::syntax::ast::TranslationUnit;
use crate::syntax::preprocess::{PpCheckpoint, PpOptions, Preprocessor};
use crate::syntax::typenames::TypeNames;

/// The front end's state across the files (or REPL inputs) of one program.
pub struct Session {
    pub sm: SourceMap,
    pub interner: Interner,
    pp: Preprocessor,
    typenames: TypeNames,
    pub state: CheckState,
    pub program: Program,
    /// The preprocessor's state after the predefined macros, where each unit starts.
    predefined: PpCheckpoint,
    /// How many translation units have been read.
    units: usize,
}

/// What [`Session::rollback`] restores.
#[derive(Clone)]
pub struct Checkpoint {
    pp: PpCheckpoint,
    typenames: TypeNames,
    top_scope: Scope,
    n_functions: usize,
    n_globals: usize,
}

impl Session {
    /// A session with the predefined macros and `-D` options of `opts`.
    pub fn new(opts: PpOptions) -> Session {
        let mut sm = SourceMap::new();
        let mut interner = Interner::new();
        let mut pp = Preprocessor::new(opts, &mut interner);
        pp.predefine(&mut sm, &mut interner);
        Session {
            sm,
            interner,
            predefined: pp.checkpoint(),
            units: 0,
            pp,
            typenames: TypeNames::new(),
            state: CheckState::new(),
            program: Program::default(),
        }
    }

    pub fn add_file(&mut self, name: &str, path: Option<PathBuf>, text: String) -> FileId {
        self.sm.add(name, path, text, FileKind::User)
    }

    /// Preprocesses and parses a file (`repl`: statements may stand at file scope). The
    /// unit is `None` when the syntax failed so badly that checking it would only add noise.
    pub fn parse(
        &mut self,
        file: FileId,
        repl: bool,
    ) -> (Option<TranslationUnit>, Vec<Diagnostic>) {
        self.parse_tokens(file, repl, false)
    }

    /// A REPL input typed without its last `;` (an expression), parsed as if it ended with
    /// one: the `;` is a token after the last one, not text, so reports quote the input as
    /// it was typed.
    pub fn parse_closing(&mut self, file: FileId) -> (Option<TranslationUnit>, Vec<Diagnostic>) {
        self.parse_tokens(file, true, true)
    }

    fn parse_tokens(
        &mut self,
        file: FileId,
        repl: bool,
        closing_semi: bool,
    ) -> (Option<TranslationUnit>, Vec<Diagnostic>) {
        let (mut toks, mut diags) = self.pp.process(&mut self.sm, &mut self.interner, file);
        if closing_semi {
            if let Some(last) = toks.last() {
                let end = crate::source::Span {
                    lo: last.span.hi,
                    ..last.span
                };
                let sym = self.interner.intern(";");
                toks.push(crate::syntax::preprocess::Token {
                    kind: crate::syntax::token::Tok::Semi,
                    span: end,
                    sym,
                });
            }
        }
        // Preprocessing stopped at a limit: parsing what it produced would only report
        // errors that are not in the file.
        if self.pp.aborted() {
            return (None, diags);
        }
        if let Err(d) = self.typenames.classify(&mut toks) {
            diags.push(d);
            return (None, diags);
        }
        if repl && diags.iter().any(Diagnostic::is_error) {
            return (None, diags);
        }
        let (unit, parse_diags) = if repl {
            crate::syntax::parser::parse_repl(&toks, &self.interner)
        } else {
            crate::syntax::parser::parse(&toks, &self.interner)
        };
        let failed = !parse_diags.is_empty();
        diags.extend(parse_diags);
        let keep = !failed || (!repl && !unit.items.is_empty());
        (keep.then_some(unit), diags)
    }

    /// A checker over this session's program (`repl`: REPL rules for declarations).
    pub fn checker(&mut self, repl: bool) -> Checker<'_> {
        Checker::new(
            &self.interner,
            &self.sm,
            &mut self.program,
            &mut self.state,
            repl,
        )
    }

    /// Preprocesses, parses and checks the next translation unit of a program (`cmem run`,
    /// `cmem check`). Each unit starts with only the predefined macros, no typedef names
    /// and an empty file scope; names with external linkage join the earlier units'.
    pub fn check_unit(&mut self, file: FileId) -> Vec<Diagnostic> {
        if self.units > 0 {
            self.pp.start_unit(&self.predefined);
            self.typenames = TypeNames::new();
            self.state.begin_unit();
        }
        self.units += 1;
        let (unit, mut diags) = self.parse(file, false);
        let syntax_failed = diags.iter().any(Diagnostic::is_error);
        if let Some(unit) = unit {
            let mut checker = self.checker(false);
            checker.check_unit(&unit);
            // After a syntax error the checker's findings are mostly noise.
            if !syntax_failed {
                diags.extend(checker.into_diagnostics());
            }
        }
        diags
    }

    /// After the last unit: links the units (undefined references, `main`) and returns
    /// what the linker found, then whether the program has a `main`.
    pub fn link(&mut self, main_file: FileId, earlier_errors: bool) -> Vec<Diagnostic> {
        let mut checker = self.checker(false);
        checker.link_program();
        let mut diags = checker.into_diagnostics();
        if earlier_errors {
            // A unit that failed to check may have lost the definitions others refer to.
            diags.clear();
        }
        if !earlier_errors && diags.is_empty() && self.program.main.is_none() {
            let span = Span::new(main_file, 0, 0);
            diags.push(
                Diagnostic::new(Code::Undeclared, span, "the program has no `main` function")
                    .help("define `int main(void) { ... }`: execution starts there"),
            );
        }
        diags
    }

    /// The state to come back to if the next input is rejected.
    pub fn checkpoint(&self) -> Checkpoint {
        Checkpoint {
            pp: self.pp.checkpoint(),
            typenames: self.typenames.clone(),
            top_scope: self.state.scopes.first().cloned().unwrap_or_default(),
            n_functions: self.program.functions.len(),
            n_globals: self.program.globals.len(),
        }
    }

    /// Undoes everything since `cp`: macros, typedef names, names in scope, new functions
    /// and variables; functions the input redefined get their `redefined` bodies back.
    pub fn rollback(&mut self, cp: Checkpoint, redefined: Vec<(FuncId, Definition)>) {
        self.pp.restore(cp.pp);
        self.typenames = cp.typenames;
        self.state.scopes.truncate(1);
        match self.state.scopes.first_mut() {
            Some(scope) => *scope = cp.top_scope,
            None => self.state.scopes.push(cp.top_scope),
        }
        self.program.functions.truncate(cp.n_functions);
        self.program.globals.truncate(cp.n_globals);
        for (f, def) in redefined {
            if let Some(func) = self.program.functions.get_mut(f.0 as usize) {
                func.restore_definition(def);
            }
        }
    }
}
