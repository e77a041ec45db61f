//! The history's own object readers on arbitrary bytes: pack index, entry headers,
//! delta instructions and tree entries. Never a panic, never an allocation larger
//! than the input warrants.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    leakscan::source::pack::fuzz(data);
    leakscan::source::history::fuzz_tree(data);
});
