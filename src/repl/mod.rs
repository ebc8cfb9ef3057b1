//! The REPL session (built in issue 5).
