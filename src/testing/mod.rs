//! Golden-file tests (cmem test).
