//! The redacted snippet of text around a match, for JSON reports: enough of the
//! line to see what the secret was assigned to, nothing of any secret.
//!
//! Every match on the line is replaced by its redacted form (a decoded match by
//! the redacted form of its encoded text), and any other long token that mixes
//! letters and digits, which may be a secret no rule named, is cut to its first two
//! characters. The snippet is the secret's first line only, at most
//! [`WIDTH`] characters either side of it, as lossy UTF-8 with control characters
//! replaced.

use crate::finding::Secret;

/// Characters kept on each side of the secret.
const WIDTH: usize = 60;

/// Tokens at least this long that mix letters and digits are masked.
const MASK_LEN: usize = 12;

/// Bytes looked at on each side of the secret: bounds the work on a long line (a
/// minified file with thousands of matches) to a constant per match.
const REACH: usize = 2 * WIDTH;

/// The snippet for the match at `spans[me]`; `spans` are the byte ranges of every
/// match in `bytes` (the secret's text as found: encoded text for decoded matches),
/// sorted by start.
pub(crate) fn snippet(bytes: &[u8], spans: &[(usize, usize)], me: usize) -> String {
    let (start, end) = spans[me];
    let floor = start.saturating_sub(REACH);
    let line_start = memchr::memrchr(b'\n', &bytes[floor..start]).map_or(floor, |i| floor + i + 1);
    let ceiling = bytes.len().min(end.max(start) + REACH);
    let line_end = memchr::memchr(b'\n', &bytes[start..ceiling]).map_or(ceiling, |i| start + i);
    // Start inside a character? Move to its start (lossy decoding would mangle it).
    let mut line_start = line_start;
    while line_start < start && (bytes[line_start] & 0xC0) == 0x80 {
        line_start += 1;
    }
    crate::matcher::count_work(line_end - line_start);
    let mut out = String::new();
    let mut mine = (0, 0);
    let mut at = line_start;
    // Every match on the line, in order, redacted (`spans` is sorted by start; a
    // long one that began lines earlier counts too).
    let mut on_line: Vec<(usize, usize)> = spans
        .iter()
        .copied()
        .take_while(|&(s, _)| s < line_end)
        .filter(|&(_, e)| e > line_start)
        .collect();
    on_line.sort_unstable();
    for (s, e) in on_line {
        if s < at {
            continue;
        }
        out.push_str(&masked(&bytes[at..s]));
        let from = out.chars().count();
        let redacted = Secret::new(bytes[s..e].to_vec()).redacted();
        out.push_str(&redacted.replace(|c: char| c.is_control(), " "));
        if (s, e) == (start, end) {
            mine = (from, out.chars().count());
        }
        at = e.min(line_end).max(at);
        if e > line_end {
            break;
        }
    }
    if at < line_end {
        out.push_str(&masked(&bytes[at..line_end]));
    }
    let chars: Vec<char> = out.chars().collect();
    let from = mine.0.saturating_sub(WIDTH);
    let to = (mine.1 + WIDTH).min(chars.len());
    let mut text: String = chars[from..to].iter().collect();
    if from > 0 {
        text.insert(0, '…');
    }
    if to < chars.len() {
        text.push('…');
    }
    text.trim_end().to_string()
}

/// Text between matches: control characters become spaces and long mixed tokens
/// are cut.
fn masked(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut out = String::with_capacity(text.len());
    let mut token = String::new();
    let flush = |token: &mut String, out: &mut String| {
        let letters = token.chars().any(|c| c.is_ascii_alphabetic());
        let digits = token.chars().any(|c| c.is_ascii_digit());
        if token.chars().count() >= MASK_LEN && letters && digits {
            out.extend(token.chars().take(2));
            out.push('…');
        } else {
            out.push_str(token);
        }
        token.clear();
    };
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '_' | '-' | '.' | '~') {
            token.push(c);
        } else {
            flush(&mut token, &mut out);
            out.push(if c.is_control() { ' ' } else { c });
        }
    }
    flush(&mut token, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_and_neighbours_are_masked() {
        let line =
            b"x = 1\nexport KEY=8f3c1e9a2b7d4c60e5f1a9b3d7c2e4 OTHER=Zx81kQ02mLp9Vt55 # ok\nnext";
        let start = 17;
        let spans = [(start, start + 30)];
        let s = snippet(line, &spans, 0);
        assert!(s.starts_with("export KEY=8f3…"), "{s}");
        assert!(s.contains("OTHER=Zx…"), "{s}");
        assert!(
            !s.contains("Zx81kQ02mLp9Vt55") && !s.contains("8f3c1e9a2b7d4c60"),
            "{s}"
        );
        assert!(s.ends_with("# ok"), "{s}");
    }

    #[test]
    fn other_matches_on_the_line_are_redacted_too() {
        let line = b"a=ghp_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA b=xoxb-abcdefabcdef";
        let spans = [(2, 42), (45, 62)];
        let s = snippet(line, &spans, 1);
        assert!(
            !s.contains("AAAAAAAA") && !s.contains("abcdefabcdef"),
            "{s}"
        );
    }

    #[test]
    fn long_lines_are_cut_around_the_secret() {
        let mut line = vec![b'a'; 500];
        line.extend_from_slice(b" k=8f3c1e9a2b7d4c60e5f1a9b3d7c2e4 ");
        line.extend(std::iter::repeat_n(b'b', 500));
        let spans = [(503, 533)];
        let s = snippet(&line, &spans, 0);
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(s.chars().count() < 140, "{}", s.chars().count());
    }
}
