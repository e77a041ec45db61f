//! Criterion benches of the hot path: rule compilation and the matcher.
//!
//! Inputs are generated (seeded), never fetched. Targets from issue #2: clean text at
//! 1 GB/s or more per core; rule-set compilation cheap enough that start-up plus a
//! 3k-file tree stays under 0.15 s.

use std::fmt::Write;
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use leakscan::matcher::{GlobalFilters, Matcher};
use leakscan::rule::{RuleSet, RuleSources};

/// Source-like lines: identifiers, strings, comments, URLs, with the ordinary words
/// (`key`, `token`, `secret`, `https://`) that clean code is full of.
const LINES: &[&str] = &[
    "    let config = Config::load(&path).context(\"reading config\")?;",
    "def handle_request(self, request, *args, **kwargs):",
    "        return self.cache.get(key, default=None)",
    "// See https://docs.rs/regex/latest/regex/ for the syntax.",
    "const token = await getSession(req.headers.authorization);",
    "  - name: Install dependencies",
    "    run: pip install -r requirements.txt",
    "import { useState, useEffect } from 'react';",
    "func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {",
    "# The secret is read from the environment at start-up, never stored.",
    "    for (i, item) in items.iter().enumerate() {",
    "SELECT id, name, created_at FROM users WHERE team_id = $1;",
    "      \"version\": \"1.2.3\", \"license\": \"MIT\",",
    "        if err != nil { return fmt.Errorf(\"open %s: %w\", path, err) }",
    "background: linear-gradient(90deg, #ffffff 0%, #000000 100%);",
    "export PATH=\"$HOME/.cargo/bin:$PATH\"",
];

fn clean_text(bytes: usize) -> Vec<u8> {
    let mut out = String::with_capacity(bytes + 128);
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    while out.len() < bytes {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        out.push_str(LINES[(state % LINES.len() as u64) as usize]);
        out.push('\n');
    }
    out.into_bytes()
}

/// Clean text with a Paperspace key assignment every 20 lines.
fn dense_text(bytes: usize) -> Vec<u8> {
    let mut out = String::with_capacity(bytes + 128);
    let mut n: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut i = 0;
    while out.len() < bytes {
        if i % 20 == 0 {
            n = n
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let hi = n >> 4;
            let _ = writeln!(
                out,
                "PAPERSPACE_API_KEY={:015x}{:015x}",
                hi & 0xfff_ffff_ffff_ffff,
                (hi >> 3) & 0xfff_ffff_ffff_ffff
            );
        } else {
            out.push_str(LINES[i % LINES.len()]);
            out.push('\n');
        }
        i += 1;
    }
    out.into_bytes()
}

fn matcher() -> Matcher {
    let rules = RuleSet::load(&RuleSources::default()).expect("built-in rules load");
    Matcher::new(rules, GlobalFilters::default()).expect("matcher builds")
}

/// Guards start-up cost: parsing and compiling every built-in rule plus the
/// keyword automaton. A slow regex or an exploding automaton shows here first.
fn rules_compile(c: &mut Criterion) {
    c.bench_function("rules_compile", |b| b.iter(|| black_box(matcher())));
}

/// The common case: text with no secrets. Guards the "one pass over the bytes"
/// property: a keyword that hits on ordinary code, or a rule run outside its
/// window, drops this far below 1 GB/s.
///
/// `decode-0` is the matcher alone; `decode-1` (the default) adds the decode stage's
/// cheap test for encoded runs, so the difference is what decoding costs clean text.
fn matcher_clean(c: &mut Criterion) {
    let mut group = c.benchmark_group("matcher_clean");
    for depth in [0, 1] {
        let m = matcher().with_decode_depth(depth);
        for size in [64 * 1024, 4 * 1024 * 1024] {
            let text = clean_text(size);
            group.throughput(Throughput::Bytes(text.len() as u64));
            group.bench_with_input(
                BenchmarkId::new(format!("decode-{depth}"), size),
                &text,
                |b, t| {
                    b.iter(|| black_box(m.find("src/lib.rs", t)));
                },
            );
        }
    }
    group.finish();
}

/// Secret-dense text: guards the cost per finding (windows, filters, line and
/// column computation), which must stay linear.
fn matcher_dense(c: &mut Criterion) {
    let m = matcher();
    let mut group = c.benchmark_group("matcher_dense");
    let text = dense_text(4 * 1024 * 1024);
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_with_input(BenchmarkId::from_parameter(text.len()), &text, |b, t| {
        b.iter(|| black_box(m.find(".env", t)));
    });
    group.finish();
}

/// Real source text, when `LEAKSCAN_BENCH_TREE=DIR` names a tree (for example a
/// checkout of rust-lang/cargo): every text file under it, up to 64 MiB, matched
/// file by file as a scan does. Skipped without the variable: the corpus is not
/// in the repository.
fn matcher_real(c: &mut Criterion) {
    let Some(dir) = std::env::var_os("LEAKSCAN_BENCH_TREE") else {
        return;
    };
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut total = 0usize;
    let mut stack = vec![std::path::PathBuf::from(dir)];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        entries.sort();
        for p in entries {
            if p.file_name().is_some_and(|n| n == ".git") {
                continue;
            }
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(bytes) = std::fs::read(&p) {
                if total < 64 << 20 && !bytes.contains(&0) && bytes.len() < 1 << 20 {
                    total += bytes.len();
                    files.push((p.display().to_string(), bytes));
                }
            }
        }
    }
    let mut group = c.benchmark_group("matcher_real");
    group.throughput(Throughput::Bytes(total as u64));
    for depth in [0, 1] {
        let m = matcher().with_decode_depth(depth);
        group.bench_function(BenchmarkId::new(format!("decode-{depth}"), total), |b| {
            b.iter(|| {
                for (path, bytes) in &files {
                    black_box(m.find(path, bytes));
                }
            });
        });
    }
    group.finish();
}

criterion_group!(
    benches,
    rules_compile,
    matcher_clean,
    matcher_dense,
    matcher_real
);
criterion_main!(benches);
