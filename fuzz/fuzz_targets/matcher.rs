//! The matcher over arbitrary bytes with every built-in rule: no panic, every
//! reported span inside the input and equal to the bytes there, line and column
//! as a naive count gives them, and the same matches from the portable prefilter
//! and from a copy of the input at another alignment (other SIMD block splits).

#![no_main]

use std::sync::LazyLock;

use leakscan::matcher::{GlobalFilters, Matcher};
use leakscan::rule::{RuleSet, RuleSources};
use libfuzzer_sys::fuzz_target;

fn build(portable: bool) -> Matcher {
    let rules = RuleSet::load(&RuleSources::default()).expect("built-in rules load");
    let filters = GlobalFilters {
        stopwords: leakscan::config::DEFAULT_STOPWORDS
            .iter()
            .map(ToString::to_string)
            .collect(),
        allow: Vec::new(),
    };
    if portable {
        Matcher::new_portable(rules, filters).expect("matcher builds")
    } else {
        Matcher::new(rules, filters).expect("matcher builds")
    }
}

static SIMD: LazyLock<Matcher> = LazyLock::new(|| build(false));
static PORTABLE: LazyLock<Matcher> = LazyLock::new(|| build(true));

type Seen = Vec<(usize, usize, Vec<u8>, u32, u32)>;

fn summary(m: &Matcher, path: &str, data: &[u8]) -> Seen {
    m.find(path, data)
        .into_iter()
        .map(|x| (x.rule, x.offset, x.secret.expose().to_vec(), x.line, x.column))
        .collect()
}

fuzz_target!(|input: &[u8]| {
    // The first byte picks a path, so path-limited rules are exercised too.
    let (path, data) = match input.split_first() {
        Some((b, rest)) if b % 4 == 0 => (".paperspace/credentials.toml", rest),
        Some((b, rest)) if b % 4 == 1 => (".paperspace/config.json", rest),
        Some((_, rest)) => ("src/app.env", rest),
        None => ("f", input),
    };
    let found = summary(&SIMD, path, data);
    for (_, offset, secret, line, column) in &found {
        let end = offset + secret.len();
        assert!(end <= data.len(), "span past the input");
        assert_eq!(&data[*offset..end], &secret[..], "secret differs from the input");
        let before = &data[..*offset];
        let want_line = 1 + before.iter().filter(|&&b| b == b'\n').count() as u32;
        assert_eq!(*line, want_line, "line");
        let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let want_col = 1 + data[line_start..*offset]
            .iter()
            .filter(|&&b| b & 0xC0 != 0x80)
            .count() as u32;
        assert_eq!(*column, want_col, "column");
    }
    assert_eq!(found, summary(&PORTABLE, path, data), "portable prefilter differs");
    for shift in [1usize, 7, 13] {
        let mut buf = vec![0u8; shift];
        buf.extend_from_slice(data);
        assert_eq!(found, summary(&SIMD, path, &buf[shift..]), "alignment {shift} differs");
    }
});
