//! The decode stage: finds text that may encode a secret (base64 and base64url,
//! percent-encoding, string escapes), cheaply, and decodes it, so the matcher can
//! run the same rules over the decoded bytes (see `Matcher::find_with_marked`).
//!
//! Bounded on every side: only runs of a plausible length are decoded, base64 only
//! when its first bytes decode to text, and a blob's decoded bytes are capped at
//! [`MAX_DECODED_PER_BLOB`]. It does not match rules or know about findings.

use memchr::memmem;

use crate::finding::Encoding;

/// Shortest base64 run decoded: 20 characters are 15 bytes, as short as a
/// `user:password` pair worth reporting gets.
pub const MIN_BASE64: usize = 20;
/// Longest encoded run decoded (a base64 kubeconfig or service-account file fits).
pub const MAX_RUN: usize = 64 * 1024;
/// `\n` escapes a string needs before it is unescaped and rescanned.
pub const MIN_NEWLINES: usize = 3;
/// Decoded bytes per blob, at most: a blob of nothing but base64 costs no more than
/// this much rescanning.
pub const MAX_DECODED_PER_BLOB: usize = 4 * 1024 * 1024;

/// One encoded run: `bytes[start..end]` decodes to `decoded`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// Start of the encoded text.
    pub start: usize,
    /// End of the encoded text (exclusive).
    pub end: usize,
    /// How it was encoded.
    pub encoding: Encoding,
    /// The decoded bytes, after [`Decoded::context`] bytes of the text before the
    /// run (its line and up to [`CONTEXT_LINES`] lines above), so that rules that
    /// need a name or a word near a secret see it (`PAPERSPACE_API_KEY_B64=…`).
    pub decoded: Vec<u8>,
    /// How many leading bytes of `decoded` are context copied as is: matches that
    /// lie in them are the text's own, not the decoded run's.
    pub context: usize,
}

/// Longest string literal a joined-literals candidate follows.
pub const MAX_LITERAL: usize = 4096;
/// Lines above an encoded run copied before its decoded bytes, at most.
pub const CONTEXT_LINES: usize = 4;
/// Bytes of context copied, at most.
pub const MAX_CONTEXT: usize = 512;

/// Every encoded run in `bytes` worth rescanning, in offset order per encoding.
/// Joined string literals are looked for only inside the byte ranges `near` (the
/// matcher passes its rules' windows: a split key's name or prefix is plain text
/// next to it); the other encodings everywhere.
pub fn candidates(bytes: &[u8], near: &[(usize, usize)]) -> Vec<Decoded> {
    let mut budget = MAX_DECODED_PER_BLOB;
    let mut out = Vec::new();
    // The base64 pass also marks every `%` and `\\`, for the next two.
    let mut marks = Vec::new();
    base64_runs(bytes, &mut budget, &mut out, &mut marks);
    percent_runs(bytes, &marks, &mut budget, &mut out);
    escaped_strings(bytes, &marks, &mut budget, &mut out);
    let mut ranges = near.to_vec();
    ranges.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (s, e) in ranges {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    for (s, e) in merged {
        concatenations(bytes, s, e.min(bytes.len()), &mut budget, &mut out);
    }
    // Context copies count against the same bound as decoded bytes.
    let mut context_budget = MAX_DECODED_PER_BLOB;
    for d in &mut out {
        let floor = d.start.saturating_sub(MAX_CONTEXT.min(context_budget));
        let mut from = d.start;
        for _ in 0..=CONTEXT_LINES {
            match memchr::memrchr(b'\n', &bytes[floor..from.saturating_sub(1).max(floor)]) {
                Some(i) if from > floor + 1 => from = floor + i + 1,
                _ => {
                    from = floor;
                    break;
                }
            }
        }
        let mut with = Vec::with_capacity(d.start - from + d.decoded.len());
        with.extend_from_slice(&bytes[from..d.start]);
        with.append(&mut d.decoded);
        d.context = d.start - from;
        context_budget -= d.context;
        d.decoded = with;
    }
    out
}

const STD: u8 = 1;
const URL: u8 = 2;
const BOTH: u8 = STD | URL;

const UPPER: u8 = 4;
const LOWER: u8 = 8;
const DIGIT: u8 = 16;

/// What each byte is to base64: `STD` for `+` `/` (the standard alphabet's own),
/// `URL` for `-` `_` (base64url's), `UPPER`, `LOWER` and `DIGIT` for the rest of
/// both alphabets, 0 for bytes in neither.
const KIND: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = if b.is_ascii_uppercase() {
            UPPER
        } else if b.is_ascii_lowercase() {
            LOWER
        } else if b.is_ascii_digit() {
            DIGIT
        } else if b == b'+' || b == b'/' {
            STD
        } else if b == b'-' || b == b'_' {
            URL
        } else {
            0
        };
        i += 1;
    }
    t
};

/// Runs of base64 (or base64url) characters, 20 to 64 KiB long, with letters of
/// both cases, whose decoded bytes are text.
#[inline(never)]
fn base64_runs(bytes: &[u8], budget: &mut usize, out: &mut Vec<Decoded>, marks: &mut Vec<usize>) {
    long_runs(bytes, MIN_BASE64, marks, |start, i| {
        if i - start > MAX_RUN {
            return;
        }
        // One pass: which alphabet's own characters (`+/`, `-_`) and which letter
        // cases the run holds. Base64 of text has letters of both cases; most runs
        // in code (paths, snake_case names) do not, and end here.
        let kind = bytes[start..i]
            .iter()
            .fold(0, |kind, &b| kind | KIND[usize::from(b)]);
        if kind & (UPPER | LOWER) != UPPER | LOWER {
            return;
        }
        let seen = kind & BOTH;
        let mut end = i;
        while end < bytes.len() && end - i < 2 && bytes[end] == b'=' {
            end += 1;
        }
        if seen == BOTH {
            // Both `+/` and `-_`: not one alphabet. Try the parts between `-`/`_`
            // (a prefix such as `sha512-` or `token_`), which must be standard base64.
            let mut s = start;
            for j in start..=i {
                if j == i || matches!(bytes[j], b'-' | b'_') {
                    let part_end = if j == i { end } else { j };
                    try_base64(bytes, s, j, part_end, budget, out);
                    s = j + 1;
                }
            }
        } else {
            try_base64(bytes, start, i, end, budget, out);
        }
    });
}

/// Whether `b` is a byte [`long_runs`] marks: the start of a percent escape or of
/// a string escape.
fn is_mark(b: u8) -> bool {
    b == b'%' || b == b'\\'
}

/// Call `found(start, end)` for every maximal run of base64-alphabet bytes at least
/// `min` (at most 64) long. Whole 64-byte blocks are classified at once (AVX2 where
/// the CPU has it) and searched for long runs with shifts, so text whose words are
/// short costs a few instructions per block. The same pass appends the offset of
/// every `%` and `\\` to `escapes`, in order ([`is_mark`]).
fn long_runs(
    bytes: &[u8],
    min: usize,
    escapes: &mut Vec<usize>,
    mut found: impl FnMut(usize, usize),
) {
    let classify = Classifier::new();
    let len_all = bytes.len();
    // The start of the run that reaches the current block's start, or the block's
    // start when none does: either way a run that begins the block begins there.
    // (Kept as a plain offset, so the loop below has no branch on the text but the
    // rare ones: a whole block in the alphabet, a long run found.)
    let mut open = 0;
    let mut i = 0;
    // Masks are made a stretch of blocks at a time (one SIMD call per stretch).
    let mut masks = [0u64; 64];
    let mut marked = [0u64; 64];
    loop {
        let n = classify.masks(&bytes[i..], &mut masks, &mut marked);
        for (&m, &mut mut at) in masks[..n].iter().zip(&mut marked[..n]) {
            while at != 0 {
                escapes.push(i + at.trailing_zeros() as usize);
                at &= at - 1;
            }
            if m == u64::MAX {
                i += 64;
                continue;
            }
            // Lead and trail are below 64 (m is not all ones).
            let lead = m.trailing_ones() as usize;
            if i + lead - open >= min {
                found(open, i + lead);
            }
            let trail = m.leading_ones() as usize;
            let inner = m & u64::MAX << lead & u64::MAX >> trail;
            let mut starts = runs_at_least(inner, min);
            while starts != 0 {
                let s = starts.trailing_zeros() as usize;
                let len = (inner >> s).trailing_ones() as usize;
                found(i + s, i + s + len);
                starts &= !low_bits(s + len);
            }
            open = i + 64 - trail;
            i += 64;
        }
        if n < masks.len() {
            break;
        }
    }
    // The tail, byte by byte.
    let mut start = open;
    escapes.extend((i..len_all).filter(|&j| is_mark(bytes[j])));
    for j in i..=len_all {
        if j < len_all && KIND[usize::from(bytes[j])] != 0 {
            continue;
        }
        if j - start >= min {
            found(start, j);
        }
        start = j + 1;
    }
}

/// The lowest `k` bits set (`k` up to 64).
fn low_bits(k: usize) -> u64 {
    if k >= 64 {
        u64::MAX
    } else {
        (1u64 << k) - 1
    }
}

/// Bit `i` set where bits `i..i + min` of `x` are all set (`1 <= min <= 64`).
fn runs_at_least(x: u64, min: usize) -> u64 {
    let mut y = x;
    let mut have = 1;
    while have * 2 <= min {
        y &= y >> have;
        have *= 2;
    }
    if have < min {
        y &= y >> (min - have);
    }
    y
}

/// Classifies 64-byte blocks: AVX2 where available, a table otherwise.
#[derive(Clone, Copy)]
struct Classifier {
    #[cfg(target_arch = "x86_64")]
    simd: Option<crate::prefilter::Base64Mask>,
}

impl Classifier {
    fn new() -> Self {
        Classifier {
            #[cfg(target_arch = "x86_64")]
            simd: crate::prefilter::Base64Mask::new(),
        }
    }

    /// Masks of the whole 64-byte blocks of `bytes`, as many as fit in `out` and
    /// `marks` (bit `k`: byte `k` of the block is in the alphabet; in `marks`, is
    /// a `%` or `\\`); returns how many.
    fn masks(self, bytes: &[u8], out: &mut [u64], marks: &mut [u64]) -> usize {
        #[cfg(target_arch = "x86_64")]
        if let Some(simd) = self.simd {
            return simd.masks(bytes, out, marks);
        }
        let mut n = 0;
        for ((slot, mark), block) in out.iter_mut().zip(marks).zip(bytes.chunks_exact(64)) {
            *slot = block.iter().enumerate().fold(0u64, |m, (k, &b)| {
                m | u64::from(KIND[usize::from(b)] != 0) << k
            });
            *mark = block
                .iter()
                .enumerate()
                .fold(0u64, |m, (k, &b)| m | u64::from(is_mark(b)) << k);
            n += 1;
        }
        n
    }
}

/// Decode `bytes[start..body_end]` (padding up to `end`) when it looks like
/// base64 of text.
#[inline(never)]
fn try_base64(
    bytes: &[u8],
    start: usize,
    body_end: usize,
    end: usize,
    budget: &mut usize,
    out: &mut Vec<Decoded>,
) {
    let body = &bytes[start..body_end];
    if body.len() < MIN_BASE64 || body.len() % 4 == 1 {
        return;
    }
    // Base64 of text has letters of both cases; identifiers often do not, and paths
    // and words in one case never decode to text anyway.
    let cases = body.iter().fold(0u8, |seen, &b| {
        seen | u8::from(b.is_ascii_uppercase()) | u8::from(b.is_ascii_lowercase()) << 1
    });
    if cases != 3 {
        return;
    }
    // The first 16 characters decode to 12 bytes: most identifiers and binary
    // payloads fail here, before a full decode (and its allocation).
    let mut head = [0u8; 12];
    let mut acc: u32 = 0;
    for (k, &b) in body[..16].iter().enumerate() {
        acc = acc << 6 | u32::from(sextet(b));
        if k % 4 == 3 {
            let at = k / 4 * 3;
            head[at..at + 3].copy_from_slice(&acc.to_be_bytes()[1..]);
            acc = 0;
        }
    }
    if !is_text(&head) {
        return;
    }
    let decoded = decode_base64(body);
    if decoded.len() > *budget || !is_text(&decoded) {
        return;
    }
    *budget -= decoded.len();
    out.push(Decoded {
        start,
        end,
        encoding: Encoding::Base64,
        decoded,
        context: 0,
    });
}

/// Decode base64 or base64url without padding; trailing bits that do not make a
/// byte are dropped.
fn decode_base64(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for &b in text {
        if KIND[usize::from(b)] == 0 {
            continue;
        }
        let v = sextet(b);
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

/// The 6-bit value of a base64 or base64url character (0 for any other byte).
fn sextet(b: u8) -> u8 {
    match b {
        b'A'..=b'Z' => b - b'A',
        b'a'..=b'z' => b - b'a' + 26,
        b'0'..=b'9' => b - b'0' + 52,
        b'+' | b'-' => 62,
        b'/' | b'_' => 63,
        _ => 0,
    }
}

/// Printable ASCII, tabs and line breaks only: what a secret, a config file or a
/// `user:password` pair decodes to (binary, images and compressed data do not).
fn is_text(bytes: &[u8]) -> bool {
    !bytes.is_empty()
        && bytes
            .iter()
            .all(|&b| (0x20..0x7f).contains(&b) || matches!(b, b'\t' | b'\n' | b'\r'))
}

/// A byte that may appear in a URL or form value around percent escapes.
fn is_url_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~%!$&'()*+,;=:@/?#[]".contains(&b)
}

/// Runs of URL characters holding a `%XX` escape of a byte that is not itself an
/// unreserved character (an escaped `@`, `:`, `/`, `%`, …: what a password needs).
#[inline(never)]
fn percent_runs(bytes: &[u8], marks: &[usize], budget: &mut usize, out: &mut Vec<Decoded>) {
    let mut last_end = 0;
    for &p in marks {
        if bytes[p] != b'%' || p < last_end || p + 2 >= bytes.len() {
            continue;
        }
        let Some(v) = hex_pair(bytes[p + 1], bytes[p + 2]) else {
            continue;
        };
        if v.is_ascii_alphanumeric() || !(0x20..0x7f).contains(&v) {
            continue;
        }
        let lo = p.saturating_sub(MAX_RUN);
        let start = (lo..p)
            .rev()
            .find(|&i| !is_url_byte(bytes[i]))
            .map_or(lo, |i| i + 1);
        let hi = (p + MAX_RUN).min(bytes.len());
        let end = (p..hi).find(|&i| !is_url_byte(bytes[i])).unwrap_or(hi);
        last_end = end;
        let decoded = decode_percent(&bytes[start..end]);
        if end - start < 8 || decoded.len() > *budget || !is_text(&decoded) {
            continue;
        }
        *budget -= decoded.len();
        out.push(Decoded {
            start,
            end,
            encoding: Encoding::Percent,
            decoded,
            context: 0,
        });
    }
}

fn hex_pair(a: u8, b: u8) -> Option<u8> {
    let h = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    Some(h(a)? << 4 | h(b)?)
}

fn decode_percent(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        if text[i] == b'%' && i + 2 < text.len() {
            if let Some(v) = hex_pair(text[i + 1], text[i + 2]) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(text[i]);
        i += 1;
    }
    out
}

/// Double-quoted strings (on one line) holding a `\n` escape: JSON's and C-like
/// languages' way to put a PEM block or a config file in one string.
#[inline(never)]
fn escaped_strings(bytes: &[u8], marks: &[usize], budget: &mut usize, out: &mut Vec<Decoded>) {
    let finder = memmem::Finder::new(b"\\n");
    let mut last_end = 0;
    // Each `\\n` (they cannot overlap): a marked `\\` followed by `n`.
    for &p in marks {
        if bytes[p] != b'\\' || bytes.get(p + 1) != Some(&b'n') || p < last_end {
            continue;
        }
        let lo = p.saturating_sub(MAX_RUN);
        let line_start = memchr::memrchr(b'\n', &bytes[lo..p]).map_or(lo, |i| lo + i + 1);
        // The opening quote: the nearest unescaped `"` before the escape.
        let Some(open) = (line_start..p)
            .rev()
            .find(|&i| bytes[i] == b'"' && !escaped(bytes, line_start, i))
        else {
            continue;
        };
        let hi = (p + MAX_RUN).min(bytes.len());
        let Some(close) = (p + 2..hi)
            .take_while(|&i| bytes[i] != b'\n')
            .find(|&i| bytes[i] == b'"' && !escaped(bytes, open, i))
        else {
            last_end = p + 2;
            continue;
        };
        last_end = close + 1;
        // A PEM block or a config file has many lines; a message ending in `\n`
        // does not need a second look.
        let body = &bytes[open + 1..close];
        if close - open < 32 || finder.find_iter(body).nth(MIN_NEWLINES - 1).is_none() {
            continue;
        }
        let decoded = unescape(body);
        if decoded.len() > *budget {
            continue;
        }
        *budget -= decoded.len();
        out.push(Decoded {
            start: open + 1,
            end: close,
            encoding: Encoding::Escape,
            decoded,
            context: 0,
        });
    }
}

/// A byte that may be part of a token inside a string literal.
fn is_token(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'+' | b'/' | b'=' | b'.')
}

/// String literals joined in one expression: `"ab12" + "cd34"`, adjacent literals
/// (`"ab12" "cd34"`, C and Python), PHP's `.`, VB's `&`, Lua's `..`, also across a
/// line break. Each junction needs at least four token characters on both sides
/// (a key split in two, not `"a" + b`), so prose and formatting code rarely
/// qualify; the joined literal is decoded as one string.
fn concatenations(
    bytes: &[u8],
    from: usize,
    to: usize,
    budget: &mut usize,
    out: &mut Vec<Decoded>,
) {
    let mut last_end = from;
    let mut at = from;
    while let Some(i) = memchr::memchr3(b'"', b'\'', b'`', &bytes[at.min(to)..to]) {
        let q = at + i;
        at = q + 1;
        if q < last_end {
            continue;
        }
        let Some((open, mut parts, mut close)) = literal_ending_at(bytes, q) else {
            continue;
        };
        let quote = bytes[q];
        let mut joined = bytes[open + 1..q].to_vec();
        // Follow junctions as long as the next literal continues the chain.
        while let Some(next_open) = junction(bytes, close, quote) {
            // The closing quote on the same line, within a bound: an unclosed literal
            // must not make every junction read to the end of the blob.
            let limit = bytes.len().min(next_open + 1 + MAX_LITERAL);
            let Some(next_close) = memchr::memchr2(quote, b'\n', &bytes[next_open + 1..limit])
                .map(|i| next_open + 1 + i)
                .filter(|&c| bytes[c] == quote)
                .filter(|&c| {
                    c - next_open > 4 && bytes[next_open + 1..c].iter().all(|&b| is_token(b))
                })
            else {
                break;
            };
            joined.extend_from_slice(&bytes[next_open + 1..next_close]);
            parts += 1;
            close = next_close;
        }
        if parts < 2 || joined.len() > *budget {
            continue;
        }
        *budget -= joined.len();
        last_end = close + 1;
        at = at.max(close + 1);
        let mut decoded = Vec::with_capacity(joined.len() + 2);
        decoded.push(quote);
        decoded.append(&mut joined);
        decoded.push(quote);
        out.push(Decoded {
            start: open,
            end: close + 1,
            encoding: Encoding::Concat,
            decoded,
            context: 0,
        });
    }
}

/// If `bytes[q]` closes a literal of at least four token characters on one line,
/// `(its opening quote, 1, q)`.
fn literal_ending_at(bytes: &[u8], q: usize) -> Option<(usize, usize, usize)> {
    let quote = bytes[q];
    // A junction must follow, else this is an ordinary literal: checked first, as
    // it fails at the first byte for almost every quote.
    junction(bytes, q, quote)?;
    let lo = q.saturating_sub(MAX_LITERAL);
    let open = (lo..q)
        .rev()
        .find(|&i| bytes[i] == quote || bytes[i] == b'\n')?;
    if bytes[open] != quote || q - open - 1 < 4 || !bytes[open + 1..q].iter().all(|&b| is_token(b))
    {
        return None;
    }
    Some((open, 1, q))
}

/// After a literal closing at `close`: a junction (`+`, `.`, `..`, `&`, or nothing)
/// with spaces and at most one line break, then the opening `quote` of the next
/// literal; returns that quote's offset.
fn junction(bytes: &[u8], close: usize, quote: u8) -> Option<usize> {
    let mut i = close + 1;
    let mut newlines = 0;
    let mut ops = 0;
    while i < bytes.len() && i < close + 64 {
        match bytes[i] {
            b' ' | b'\t' | b'\r' => {}
            b'\n' => newlines += 1,
            b'\\' if bytes.get(i + 1) == Some(&b'\n') => {}
            b'+' | b'.' | b'&' => ops += 1,
            b if b == quote => {
                return (newlines <= 1 && ops <= 2 && (ops > 0 || i > close + 1)).then_some(i);
            }
            _ => return None,
        }
        i += 1;
    }
    None
}

/// Whether the byte at `i` is preceded by an odd number of backslashes (after `floor`).
fn escaped(bytes: &[u8], floor: usize, i: usize) -> bool {
    let run = (floor..i).rev().take_while(|&j| bytes[j] == b'\\').count();
    run % 2 == 1
}

/// JSON string escapes: `\n \r \t \b \f \" \\ \/ \uXXXX` (code points below
/// U+0080 decoded; others kept as written).
fn unescape(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        if text[i] != b'\\' || i + 1 == text.len() {
            out.push(text[i]);
            i += 1;
            continue;
        }
        let c = text[i + 1];
        let simple = match c {
            b'n' => Some(b'\n'),
            b'r' => Some(b'\r'),
            b't' => Some(b'\t'),
            b'b' => Some(8),
            b'f' => Some(12),
            b'"' | b'\\' | b'/' | b'\'' => Some(c),
            _ => None,
        };
        if let Some(v) = simple {
            out.push(v);
            i += 2;
            continue;
        }
        if c == b'u' && i + 6 <= text.len() {
            let hex = &text[i + 2..i + 6];
            let v = std::str::from_utf8(hex)
                .ok()
                .and_then(|h| u32::from_str_radix(h, 16).ok());
            if let Some(v) = v.filter(|v| *v < 0x80) {
                out.push(v as u8);
                i += 6;
                continue;
            }
        }
        out.push(text[i]);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every candidate, with the whole input as the rules' window.
    fn all(bytes: &[u8]) -> Vec<Decoded> {
        candidates(bytes, &[(0, bytes.len())])
    }

    fn b64(text: &[u8]) -> String {
        const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::new();
        for chunk in text.chunks(3) {
            let n = chunk.len();
            let v = u32::from(chunk[0]) << 16
                | u32::from(*chunk.get(1).unwrap_or(&0)) << 8
                | u32::from(*chunk.get(2).unwrap_or(&0));
            for k in 0..4 {
                if k <= n {
                    out.push(A[((v >> (18 - 6 * k)) & 63) as usize] as char);
                } else {
                    out.push('=');
                }
            }
        }
        out
    }

    #[test]
    fn base64_of_text_is_decoded_with_its_span() {
        let inner = b"ci-bot:ghp_Q2x0bG9sVGVzdFRva2VuMTIzNDU2Nzg5MA";
        let enc = b64(inner);
        let text = format!("auth: \"{enc}\"\n");
        let found = all(text.as_bytes());
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(&found[0].decoded[found[0].context..], inner);
        assert_eq!(&text[found[0].start..found[0].end], enc);
        assert_eq!(found[0].encoding, Encoding::Base64);
    }

    #[test]
    fn base64url_and_unpadded_runs_decode() {
        let inner = b"{\"token\":\"abc?>>def\",\"x\":1}";
        let enc = b64(inner).replace('+', "-").replace('/', "_");
        let enc = enc.trim_end_matches('=');
        let found = all(format!("v={enc};").as_bytes());
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(&found[0].decoded[found[0].context..], inner);
    }

    #[test]
    fn identifiers_hashes_and_binary_are_not_decoded() {
        for text in [
            "getElementsByTagNameNSForLegacyBrowsers",
            "integrity sha512-AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4v==",
            "src/main/java/com/example/project/FooBarBaz.java",
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
            "8f3c1e9a2b7d4c60e5f1a9b3d7c2e48f3c1e9a2b",
        ] {
            assert!(all(text.as_bytes()).is_empty(), "{text}");
        }
    }

    #[test]
    fn percent_escapes_of_reserved_bytes_are_decoded() {
        let text = b"DATABASE_URL=postgres://app:s3cr%40t%2Fpw@db.acme.io/app\n";
        let found = all(text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            &found[0].decoded[found[0].context..],
            b"DATABASE_URL=postgres://app:s3cr@t/pw@db.acme.io/app"
        );
        assert_eq!(found[0].encoding, Encoding::Percent);
        // Escaped letters or `%d` formats alone are not worth a rescan.
        assert!(all(b"printf(\"%d items, %s\\n\")")
            .iter()
            .all(|d| d.encoding != Encoding::Percent));
    }

    #[test]
    fn escaped_strings_are_unescaped() {
        let text = b"{\"private_key\": \"-----BEGIN PRIVATE KEY-----\\nMIIBVQ\\u003d\\n-----END PRIVATE KEY-----\\n\", \"x\": 1}";
        let found = all(text);
        let esc: Vec<&Decoded> = found
            .iter()
            .filter(|d| d.encoding == Encoding::Escape)
            .collect();
        assert_eq!(esc.len(), 1, "{found:?}");
        assert_eq!(
            &esc[0].decoded[esc[0].context..],
            b"-----BEGIN PRIVATE KEY-----\nMIIBVQ=\n-----END PRIVATE KEY-----\n"
        );
        // A quote escaped inside the string does not end it.
        let found = all(b"s = \"a\\\"b\\ncccccccccc\\ncccccccccc\\ncccccccccc\";");
        assert_eq!(
            &found[0].decoded[found[0].context..],
            b"a\"b\ncccccccccc\ncccccccccc\ncccccccccc"
        );
        // A message ending in one `\n` is left alone.
        assert!(all(b"printf(\"could not open the file %s for reading\\n\", path);").is_empty());
    }

    #[test]
    fn long_runs_equal_a_naive_search_at_every_alignment() {
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for round in 0..300 {
            // Runs of every length around the minimum and the block size.
            let len = (next() % 400) as usize;
            let gap = 2 + round % 50;
            let text: Vec<u8> = (0..len)
                .map(|_| {
                    if next() % gap as u64 == 0 {
                        [b' ', b'%', b'\\'][(next() % 3) as usize]
                    } else {
                        b'a' + (next() % 26) as u8
                    }
                })
                .collect();
            let (mut got, mut marks) = (Vec::new(), Vec::new());
            long_runs(&text, MIN_BASE64, &mut marks, |s, e| got.push((s, e)));
            let want_marks: Vec<usize> = (0..text.len()).filter(|&j| is_mark(text[j])).collect();
            assert_eq!(marks, want_marks, "round {round}");
            let mut want = Vec::new();
            let mut start = 0;
            for j in 0..=text.len() {
                if j == text.len() || KIND[usize::from(text[j])] == 0 {
                    if j - start >= MIN_BASE64 {
                        want.push((start, j));
                    }
                    start = j + 1;
                }
            }
            assert_eq!(
                got,
                want,
                "round {round}: {}",
                String::from_utf8_lossy(&text)
            );
            let scalar = Classifier {
                #[cfg(target_arch = "x86_64")]
                simd: None,
            };
            let (mut simd, mut portable) = ([0u64; 64], [0u64; 64]);
            let (mut simd_marks, mut portable_marks) = ([0u64; 64], [0u64; 64]);
            let n = Classifier::new().masks(&text, &mut simd, &mut simd_marks);
            assert_eq!(n, text.len() / 64);
            assert_eq!(scalar.masks(&text, &mut portable, &mut portable_marks), n);
            assert_eq!(simd[..n], portable[..n]);
            assert_eq!(simd_marks[..n], portable_marks[..n]);
        }
    }

    /// The SIMD classification agrees with the table for every byte value at
    /// every position of a block.
    #[test]
    fn block_masks_agree_with_the_table_for_every_byte() {
        let scalar = Classifier {
            #[cfg(target_arch = "x86_64")]
            simd: None,
        };
        for shift in 0..64 {
            // Every byte value, rotated so each sits at every offset of a block.
            let text: Vec<u8> = (0..64 * 8).map(|i| ((i + shift * 5) % 256) as u8).collect();
            let (mut simd, mut portable) = ([0u64; 8], [0u64; 8]);
            let (mut simd_marks, mut portable_marks) = ([0u64; 8], [0u64; 8]);
            let n = Classifier::new().masks(&text, &mut simd, &mut simd_marks);
            assert_eq!(n, 8);
            assert_eq!(scalar.masks(&text, &mut portable, &mut portable_marks), n);
            assert_eq!(simd, portable, "shift {shift}");
            assert_eq!(simd_marks, portable_marks, "shift {shift}");
            // And the table itself is the alphabet.
            for (k, &b) in text.iter().enumerate() {
                let want = b.is_ascii_alphanumeric() || b"+/-_".contains(&b);
                assert_eq!(portable[k / 64] >> (k % 64) & 1 == 1, want, "byte {b:#x}");
            }
        }
    }

    #[test]
    fn concatenated_literals_are_joined_with_their_context() {
        let text = b"cfg = 1\nAPI_KEY = \"5a64743bcf\" + \"adea11642205\" + \"abb31548\"\n";
        let found = all(text);
        let joined: Vec<&Decoded> = found
            .iter()
            .filter(|d| d.encoding == Encoding::Concat)
            .collect();
        assert_eq!(joined.len(), 1, "{found:?}");
        let d = joined[0];
        assert_eq!(
            &d.decoded[d.context..],
            b"\"5a64743bcfadea11642205abb31548\""
        );
        assert_eq!(&d.decoded[..d.context], b"cfg = 1\nAPI_KEY = ");
        assert_eq!(
            &text[d.start..d.end],
            b"\"5a64743bcf\" + \"adea11642205\" + \"abb31548\""
        );
        // Python's implicit concatenation across a line break.
        let py = b"key = (\"7eb5dbf2824009\"\n       \"509d922d5a8ec613\")\n";
        let found = all(py);
        assert!(
            found.iter().any(|d| d.encoding == Encoding::Concat
                && d.decoded[d.context..] == *b"\"7eb5dbf2824009509d922d5a8ec613\""),
            "{found:?}"
        );
        // Formatting code and short pieces are not keys split in two.
        for text in [
            &b"print(\"a\" + name + \"b\")"[..],
            b"msg = \"Hello, \" + \"world\"",
            b"x = \"ab\" \"cd\"",
        ] {
            assert!(
                all(text).iter().all(|d| d.encoding != Encoding::Concat),
                "{}",
                String::from_utf8_lossy(text)
            );
        }
    }

    #[test]
    fn the_budget_caps_decoded_bytes() {
        let one = b64(b"user:password-for-the-budget-test!");
        let text = format!("{one}\n").repeat(MAX_DECODED_PER_BLOB / 30);
        let total: usize = all(text.as_bytes())
            .iter()
            .map(|d| d.decoded.len() - d.context)
            .sum();
        assert!(total <= MAX_DECODED_PER_BLOB, "{total}");
        assert!(total > MAX_DECODED_PER_BLOB / 2, "{total}");
    }
}
