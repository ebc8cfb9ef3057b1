//! Programs that parse and type-check (mostly), built from a structured description, so
//! the checker, the compiler, the VM, the memory model and the diagnostics are reached.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|program: cmem_fuzz::Program| {
    cmem_fuzz::run_limited(program.render().into_bytes());
});
