//! Any bytes through the whole pipeline: preprocess, lex, parse, check, run (under tight
//! limits). Finds panics, hangs and stack overflows in every stage.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    cmem_fuzz::run_limited(data.to_vec());
});
