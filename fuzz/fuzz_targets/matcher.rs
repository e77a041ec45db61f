//! The matcher over arbitrary bytes with every built-in rule (and the decode
//! stage): no panic, every reported span inside the input, a direct match's secret
//! equal to the bytes there, line and column of both ends as a naive count gives
//! them, and the same matches from the portable prefilter and from a copy of the
//! input at another alignment (other SIMD block splits).

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

/// `(rule, offset, secret, line, column, end_line, end_column, decoded)`.
type Seen = Vec<(usize, usize, Vec<u8>, u32, u32, u32, u32, bool)>;

fn summary(m: &Matcher, path: &str, data: &[u8]) -> Seen {
    m.find(path, data)
        .into_iter()
        .map(|x| {
            (
                x.rule,
                x.offset,
                x.secret.expose().to_vec(),
                x.line,
                x.column,
                x.end_line,
                x.end_column,
                x.encoding.is_some(),
            )
        })
        .collect()
}

/// Line and column (characters) of the byte at `at`.
fn naive(data: &[u8], at: usize) -> (u32, u32) {
    let before = &data[..at];
    let line = 1 + before.iter().filter(|&&b| b == b'\n').count() as u32;
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let col = 1 + data[line_start..at].iter().filter(|&&b| b & 0xC0 != 0x80).count() as u32;
    (line, col)
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
    for (_, offset, secret, line, column, end_line, end_column, decoded) in &found {
        assert!(*offset < data.len(), "span past the input");
        assert_eq!((*line, *column), naive(data, *offset), "line and column");
        assert!((*end_line, *end_column) >= (*line, *column), "span ends before it starts");
        if !decoded {
            let end = offset + secret.len();
            assert!(end <= data.len(), "span past the input");
            assert_eq!(&data[*offset..end], &secret[..], "secret differs from the input");
            let last = (*offset..end).rev().find(|&i| data[i] & 0xC0 != 0x80).unwrap_or(*offset);
            assert_eq!((*end_line, *end_column), naive(data, last), "end line and column");
        }
    }
    assert_eq!(found, summary(&PORTABLE, path, data), "portable prefilter differs");
    for shift in [1usize, 7, 13] {
        let mut buf = vec![0u8; shift];
        buf.extend_from_slice(data);
        assert_eq!(found, summary(&SIMD, path, &buf[shift..]), "alignment {shift} differs");
    }
});
