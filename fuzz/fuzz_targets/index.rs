//! The git index reader on arbitrary bytes: never a panic, never an allocation
//! larger than the input warrants (libFuzzer's -rss_limit_mb catches those).

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(Some(index)) = leakscan::source::index::parse(data) {
        assert!(index.entries.len() <= data.len() / 62 + 1);
    }
});
