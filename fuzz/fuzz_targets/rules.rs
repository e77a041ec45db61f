//! The rule loader on arbitrary text: parse and compile never panic; a rule that
//! compiles can be run on its own examples.

#![no_main]

use leakscan::matcher::{GlobalFilters, Matcher};
use leakscan::rule::{parse_rules, Rule, RuleSet};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(parsed) = parse_rules(text, "fuzz.toml") else {
        return;
    };
    let rules: Vec<Rule> = parsed
        .into_iter()
        .filter_map(|(r, o)| Rule::compile(r, o).ok())
        .collect();
    let examples: Vec<String> = rules
        .iter()
        .flat_map(|r| r.syntax.examples.iter().cloned())
        .collect();
    let Ok(m) = Matcher::new(RuleSet::from_rules(rules), GlobalFilters::default()) else {
        return;
    };
    for ex in &examples {
        for found in m.find("fuzz", ex.as_bytes()) {
            assert!(found.offset + found.secret.expose().len() <= ex.len());
        }
    }
});
