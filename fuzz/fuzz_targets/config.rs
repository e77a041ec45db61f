//! The configuration loader on arbitrary text, through the same path a run takes
//! (`--config FILE`, then the inline rules it holds): never a panic.

#![no_main]

use std::sync::LazyLock;

use leakscan::config::{ScanConfig, ScanFlags};
use leakscan::rule::RuleSet;
use leakscan::Diagnostics;
use libfuzzer_sys::fuzz_target;

static DIR: LazyLock<tempfile::TempDir> = LazyLock::new(|| {
    let dir = tempfile::tempdir().expect("temp dir");
    // No user configuration: only the fuzzed file is read.
    std::env::set_var("XDG_CONFIG_HOME", dir.path().join("none"));
    dir
});

fuzz_target!(|data: &[u8]| {
    let path = DIR.path().join("fuzz.toml");
    std::fs::write(&path, data).expect("write config");
    let flags = ScanFlags {
        paths: vec![DIR.path().to_path_buf()],
        config: Some(path),
        no_builtin_rules: true,
        ..ScanFlags::default()
    };
    if let Ok(cfg) = ScanConfig::resolve(flags, &Diagnostics::new(true)) {
        let _ = RuleSet::load(&cfg.rules);
    }
});
