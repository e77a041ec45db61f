//! The keyword prefilter: every occurrence of every rule keyword in a blob, ASCII
//! case-insensitive, in about one cheap pass over the bytes.
//!
//! It is a Teddy-style filter (the algorithm of Hyperscan, also in the
//! `aho-corasick` crate, which offers it only for case-sensitive sets of at most a
//! few dozen patterns). Each keyword gets a *fingerprint*, a window of up to four of
//! its bytes, and each fingerprint joins one of 16 *buckets*. For each of the four
//! window positions a bucket keeps the set of low nibbles and the set of high
//! nibbles its fingerprints have there, every case variant included. A blob
//! position is a candidate for a bucket when each of the next four bytes has its low
//! nibble and its high nibble in that bucket's sets; with AVX2 that is two byte
//! shuffles per window position for sixteen blob positions and all sixteen buckets
//! at once ([`avx2`]); elsewhere four lookups in 256-entry tables per position
//! ([`Filter::candidates`]). At a candidate, each keyword of the bucket is compared
//! at the start its window implies. Every occurrence of a keyword contains its
//! fingerprint, every position is tested once, so each occurrence is reported
//! exactly once.
//!
//! Which window, and which bucket: greedily, shortest keywords first, the choice
//! that least raises the bucket's chance of accepting a position of source text,
//! estimated from byte frequencies (`byte_frequencies.txt`, made by
//! `scripts/make_tables.py`). On source text about 0.2% of positions are candidates
//! for the built-in keywords.
//!
//! History: an Aho-Corasick automaton over ~90 case-insensitive keywords, for which
//! no SIMD prefilter applies, ran at 420-450 MB/s on source text; byte-pair tables
//! tested at every offset at 780-930 MiB/s, memory-bound and slowed by neighbours
//! on a shared machine. Figures in the README.

#[cfg(target_arch = "x86_64")]
mod avx2;
mod hashed;
#[cfg(target_arch = "x86_64")]
pub(crate) use avx2::Base64Mask;

/// Byte frequencies in source text: one "hex count-per-million" line per byte.
const BYTE_FREQUENCIES: &str = include_str!("../byte_frequencies.txt");
/// The most common 4-byte windows in source text (`hex count-per-million` lines).
const WINDOW_FREQUENCIES: &str = include_str!("../window_frequencies.txt");

/// [`WINDOW_FREQUENCIES`] parsed.
#[derive(Default)]
struct CommonWindows {
    /// Lowercase window → occurrences per million positions.
    counts: std::collections::HashMap<[u8; KEY], f64>,
    /// The least count listed.
    floor: f64,
}

fn common_windows() -> CommonWindows {
    let counts: std::collections::HashMap<[u8; KEY], f64> = WINDOW_FREQUENCIES
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let (hex, n) = l.split_once(' ')?;
            let v = u32::from_str_radix(hex, 16).ok()?;
            Some((v.to_be_bytes(), n.parse().ok()?))
        })
        .collect();
    let floor = counts.values().copied().fold(f64::INFINITY, f64::min);
    CommonWindows { counts, floor }
}

/// Bytes per fingerprint window.
const WINDOW: usize = 4;
/// Bytes a step of the portable scan reads: eight positions and the rest of the
/// last one's window.
const SPAN: usize = 8 + WINDOW - 1;
/// Bytes of a window that key the confirmation table.
const KEY: usize = 4;
/// Buckets: one bit each in a `u16`.
const BUCKETS: usize = 16;
/// Teddy's estimated chance of accepting a position (summed over buckets) above
/// which the hashed scan is used: about 1% of positions, where confirming
/// candidates starts to cost more than Teddy's scan saves.
const HASHED_ABOVE: f64 = 0.01;
/// Keywords above which Teddy is not even planned (the hashed scan is used).
const TEDDY_MAX: usize = 300;
/// Positions scanned before their candidates are compared (a multiple of 16).
const BLOCK: usize = 16 * 1024;

/// A compiled set of keywords.
pub(crate) struct Prefilter {
    filter: Filter,
    /// Keywords of at least four bytes, by their window: a candidate compares only
    /// those its own four bytes spell, however many keywords share its buckets.
    table: WindowTable,
    /// Per bucket, the shorter keywords (windows under four bytes) to compare.
    short: Vec<Vec<Entry>>,
    /// The scan for many keywords, used instead of Teddy's when set.
    hashed: Option<hashed::Hashed>,
    keywords: Vec<Vec<u8>>,
    #[cfg(target_arch = "x86_64")]
    avx2: Option<avx2::Masks>,
}

impl std::fmt::Debug for Prefilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prefilter")
            .field("keywords", &self.keywords.len())
            .finish_non_exhaustive()
    }
}

/// The buckets' nibble sets: for window position `i` and nibble value `n`, bit `b`
/// of `low[i][n]` (`high[i][n]`) is set when bucket `b` accepts a byte with low
/// (high) nibble `n` at position `i`.
struct Nibbles {
    low: [[u16; 16]; WINDOW],
    high: [[u16; 16]; WINDOW],
}

/// The scalar form of [`Nibbles`]: for window position `i` and byte `b`, the
/// buckets that accept `b` there.
struct Filter {
    accept: [[u16; 256]; WINDOW],
}

impl Filter {
    fn new(n: &Nibbles) -> Filter {
        let mut accept = [[0u16; 256]; WINDOW];
        for (i, table) in accept.iter_mut().enumerate() {
            for (b, slot) in table.iter_mut().enumerate() {
                *slot = n.low[i][b & 15] & n.high[i][b >> 4];
            }
        }
        Filter { accept }
    }

    /// Every candidate position in `from..to`, with its buckets. Eight positions
    /// per step, with one branch: a step reads eleven bytes, zero-padded past the
    /// end of `hay`.
    fn candidates(&self, hay: &[u8], from: usize, to: usize, out: &mut Vec<(usize, u16)>) {
        let a = &self.accept;
        let at = |w: &[u8; SPAN], k: usize| {
            (0..WINDOW).fold(u16::MAX, |acc, i| acc & a[i][usize::from(w[k + i])])
        };
        let mut pad: [u8; SPAN];
        let mut p = from;
        while p < to {
            let w = if let Some(w) = hay.get(p..p + SPAN).and_then(|w| w.try_into().ok()) {
                w
            } else {
                let rest = &hay[p..];
                pad = [0; SPAN];
                pad[..rest.len()].copy_from_slice(rest);
                &pad
            };
            let mut any = 0;
            for k in 0..8 {
                any |= at(w, k);
            }
            if any != 0 {
                for k in (0..8).take_while(|k| p + k < to) {
                    let b = at(w, k);
                    if b != 0 {
                        out.push((p + k, b));
                    }
                }
            }
            p += 8;
        }
    }
}

/// A keyword to compare at a candidate, with its first eight bytes ready for one
/// masked comparison.
#[derive(Clone)]
struct Entry {
    keyword: u32,
    /// Offset of the fingerprint window in the keyword.
    offset: u32,
    /// The keyword's length (here, to spare a lookup per candidate).
    len: usize,
    /// The keyword's first (up to) eight bytes, little-endian.
    head: u64,
    /// 0x20 in the bytes that are letters: OR-ing it folds ASCII case.
    fold: u64,
    /// 0xff in the bytes the keyword has.
    mask: u64,
}

impl Entry {
    fn new(keyword: u32, offset: u32, kw: &[u8]) -> Entry {
        let (mut head, mut fold, mut mask) = (0u64, 0u64, 0u64);
        for (i, &b) in kw.iter().take(8).enumerate() {
            head |= u64::from(b) << (8 * i);
            mask |= 0xff << (8 * i);
            if b.is_ascii_lowercase() {
                fold |= 0x20 << (8 * i);
            }
        }
        Entry {
            keyword,
            offset,
            len: kw.len(),
            head,
            fold,
            mask,
        }
    }
}

/// Lowercase little-endian `u32` of four bytes.
fn window_key(w: [u8; KEY]) -> u32 {
    u32::from_le_bytes(w.map(|b| b.to_ascii_lowercase()))
}

/// An open-addressing table from a window's [`window_key`] to the entries whose
/// keyword has that window.
struct WindowTable {
    /// `(key, start, end)` into `entries`; `start == end` marks an empty slot.
    slots: Vec<(u32, u32, u32)>,
    shift: u32,
    entries: Vec<Entry>,
}

impl WindowTable {
    fn new(mut keyed: Vec<(u32, Entry)>) -> WindowTable {
        keyed.sort_by_key(|(k, e)| (*k, e.keyword));
        let distinct = keyed.windows(2).filter(|w| w[0].0 != w[1].0).count() + 1;
        let cap = (2 * distinct).next_power_of_two().max(16);
        let mut slots = vec![(0u32, 0u32, 0u32); cap];
        let shift = 32 - cap.trailing_zeros();
        let mut i = 0;
        while i < keyed.len() {
            let key = keyed[i].0;
            let j = keyed[i..].iter().take_while(|(k, _)| *k == key).count() + i;
            let mut slot = Self::home(key, shift);
            while slots[slot].1 != slots[slot].2 {
                slot = (slot + 1) & (cap - 1);
            }
            slots[slot] = (key, i as u32, j as u32);
            i = j;
        }
        WindowTable {
            slots,
            shift,
            entries: keyed.into_iter().map(|(_, e)| e).collect(),
        }
    }

    fn home(key: u32, shift: u32) -> usize {
        (key.wrapping_mul(0x9E37_79B1) >> shift) as usize
    }

    /// The entries whose window is `key`.
    fn get(&self, key: u32) -> &[Entry] {
        let mask = self.slots.len() - 1;
        let mut slot = Self::home(key, self.shift);
        loop {
            let (k, start, end) = self.slots[slot];
            if start == end {
                return &[];
            }
            if k == key {
                return &self.entries[start as usize..end as usize];
            }
            slot = (slot + 1) & mask;
        }
    }
}

/// Per window position, the set of low nibbles and the set of high nibbles a
/// bucket accepts (bit `n` set: nibble value `n`).
type Sets = [(u16, u16); WINDOW];

/// Chooses fingerprints and buckets. A bucket's chance of accepting a position is
/// estimated as the product over window positions of the chance that a byte has
/// its nibbles in the bucket's sets, from byte frequencies.
struct Planner {
    /// Probability of each byte value in source text.
    p: [f64; 256],
    sets: [Sets; BUCKETS],
    /// Each bucket's chance of accepting a position (0 while it is empty).
    chance: [f64; BUCKETS],
}

/// The values of the set bits of `set`.
fn members(mut set: u16) -> impl Iterator<Item = usize> {
    std::iter::from_fn(move || {
        let n = set.trailing_zeros() as usize;
        set &= set.wrapping_sub(1);
        (n < 16).then_some(n)
    })
}

impl Planner {
    fn new() -> Planner {
        let mut count = [1u64; 256];
        for line in BYTE_FREQUENCIES.lines().filter(|l| !l.starts_with('#')) {
            let mut parts = line.split_whitespace();
            if let (Some(Ok(b)), Some(Ok(n))) = (
                parts.next().map(|h| u8::from_str_radix(h, 16)),
                parts.next().map(str::parse::<u64>),
            ) {
                count[usize::from(b)] = n.max(1);
            }
        }
        let total: u64 = count.iter().sum();
        Planner {
            p: count.map(|n| n as f64 / total as f64),
            sets: [[(0, 0); WINDOW]; BUCKETS],
            chance: [0.0; BUCKETS],
        }
    }

    /// The chance that a bucket with these sets accepts a position.
    fn chance(&self, sets: &Sets) -> f64 {
        sets.iter()
            .map(|&(low, high)| {
                if (low, high) == (u16::MAX, u16::MAX) {
                    return 1.0;
                }
                members(high)
                    .flat_map(|h| members(low).map(move |l| h << 4 | l))
                    .map(|b| self.p[b])
                    .sum::<f64>()
            })
            .product()
    }

    /// The sets of a keyword's window at `offset` (past its end: any byte).
    fn window(kw: &[u8], offset: usize) -> Sets {
        std::array::from_fn(|i| match kw.get(offset + i) {
            None => (u16::MAX, u16::MAX),
            Some(&b) => [b, b.to_ascii_uppercase()]
                .iter()
                .fold((0, 0), |(l, h), &v| (l | 1 << (v & 15), h | 1 << (v >> 4))),
        })
    }

    /// Place keyword `kw`: returns (window offset, bucket).
    fn place(&mut self, kw: &[u8]) -> (usize, usize) {
        let mut best = (f64::INFINITY, 0, 0, [(0, 0); WINDOW]);
        for offset in 0..=kw.len().saturating_sub(WINDOW) {
            let add = Self::window(kw, offset);
            for (b, old) in self.sets.iter().enumerate() {
                let new: Sets = std::array::from_fn(|i| (old[i].0 | add[i].0, old[i].1 | add[i].1));
                let rise = self.chance(&new) - self.chance[b];
                if rise < best.0 {
                    best = (rise, offset, b, new);
                }
            }
        }
        let (_, offset, b, new) = best;
        self.chance[b] = self.chance(&new);
        self.sets[b] = new;
        (offset, b)
    }

    /// The offset of `kw`'s least frequent 4-byte window: by the table of common
    /// windows in source text, and below those by byte frequencies (both cases of a
    /// letter counted); 0 for shorter keywords.
    fn rarest_window(&self, kw: &[u8], common: &CommonWindows) -> usize {
        let freq = |b: u8| {
            let (l, u) = (b.to_ascii_lowercase(), b.to_ascii_uppercase());
            if l == u {
                self.p[usize::from(b)]
            } else {
                self.p[usize::from(l)] + self.p[usize::from(u)]
            }
        };
        // Windows missing from the table are rarer than its rarest: rank them below
        // it, by their bytes.
        let floor = common.floor;
        (0..=kw.len().saturating_sub(KEY))
            .map(|o| {
                let w = &kw[o..(o + KEY).min(kw.len())];
                let est = w.iter().map(|&b| freq(b)).product::<f64>();
                let cost = <[u8; KEY]>::try_from(w)
                    .ok()
                    .and_then(|w| common.counts.get(&w).copied())
                    .unwrap_or_else(|| (est * 1e6).min(floor));
                (cost, o)
            })
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map_or(0, |(_, o)| o)
    }

    /// The nibble tables of the buckets placed.
    fn nibbles(&self) -> Nibbles {
        let mut n = Nibbles {
            low: [[0; 16]; WINDOW],
            high: [[0; 16]; WINDOW],
        };
        for (b, sets) in self.sets.iter().enumerate() {
            for (i, &(low, high)) in sets.iter().enumerate() {
                for v in members(low) {
                    n.low[i][v] |= 1 << b;
                }
                for v in members(high) {
                    n.high[i][v] |= 1 << b;
                }
            }
        }
        n
    }
}

impl Prefilter {
    /// Compile `keywords` (each at least 2 bytes; they are lowercased here);
    /// `simd: false` forces the portable scan (for tests and the fuzz target).
    ///
    /// Teddy's buckets are planned first; when their estimated chance of accepting
    /// a position passes [`HASHED_ABOVE`] (hundreds of keywords), the hashed scan
    /// is used instead.
    pub(crate) fn build(keywords: &[String], simd: bool) -> Prefilter {
        Self::build_with(keywords, simd, None)
    }

    /// As [`Prefilter::build`], with the choice of scan forced (`Some(true)`: hashed).
    pub(crate) fn build_with(keywords: &[String], simd: bool, hashed: Option<bool>) -> Prefilter {
        let keywords: Vec<Vec<u8>> = keywords
            .iter()
            .map(|k| k.to_ascii_lowercase().into_bytes())
            .collect();
        // Shortest first: they have the fewest windows to choose from.
        let mut order: Vec<usize> = (0..keywords.len()).collect();
        order.sort_by(|&a, &b| {
            (keywords[a].len(), &keywords[a]).cmp(&(keywords[b].len(), &keywords[b]))
        });
        let mut planner = Planner::new();
        // Planning Teddy's buckets costs time per keyword and bucket; past a few
        // hundred keywords the hashed scan wins anyway, so it is not planned.
        let plan = hashed != Some(true) && (hashed == Some(false) || keywords.len() <= TEDDY_MAX);
        let placed: Vec<(usize, usize, usize)> = order
            .iter()
            .map(|&idx| {
                let (offset, b) = if plan {
                    planner.place(&keywords[idx])
                } else {
                    (0, 0)
                };
                (idx, offset, b)
            })
            .collect();
        let chance: f64 = planner.chance.iter().sum();
        let use_hashed = hashed.unwrap_or(!plan || chance > HASHED_ABOVE);
        let mut short = vec![Vec::new(); BUCKETS];
        let mut keyed = Vec::new();
        let mut windows = Vec::new();
        let mut shorts: Vec<&[u8]> = Vec::new();
        let common = if use_hashed {
            common_windows()
        } else {
            CommonWindows::default()
        };
        for (idx, offset, b) in placed {
            let kw = &keywords[idx];
            // The hashed scan takes each keyword's rarest window instead.
            let offset = if use_hashed {
                planner.rarest_window(kw, &common)
            } else {
                offset
            };
            let entry = Entry::new(idx as u32, offset as u32, kw);
            match kw
                .get(offset..offset + KEY)
                .and_then(|w| <[u8; KEY]>::try_from(w).ok())
            {
                Some(w) => {
                    windows.push(w);
                    keyed.push((window_key(w), entry));
                }
                None if use_hashed => {
                    shorts.push(kw);
                    short[1].push(entry);
                }
                None => short[b].push(entry),
            }
        }
        let nibbles = planner.nibbles();
        // Only x86-64 has a SIMD scan so far.
        let _ = simd;
        Prefilter {
            filter: Filter::new(&nibbles),
            table: WindowTable::new(keyed),
            short,
            hashed: use_hashed.then(|| hashed::Hashed::new(&windows, &shorts, simd)),
            keywords,
            #[cfg(target_arch = "x86_64")]
            avx2: if simd && !use_hashed {
                avx2::Masks::new(&nibbles)
            } else {
                None
            },
        }
    }

    /// Call `hit(keyword index, start, end)` for every occurrence of every keyword,
    /// in order of the position their fingerprints were found at.
    pub(crate) fn find(&self, hay: &[u8], mut hit: impl FnMut(usize, usize, usize)) {
        let mut candidates = Vec::new();
        // Block by block, so that a block's bytes are still in cache when its
        // candidates are compared.
        for from in (0..hay.len()).step_by(BLOCK) {
            let to = hay.len().min(from + BLOCK);
            candidates.clear();
            if let Some(h) = &self.hashed {
                h.candidates(hay, from, to, &mut candidates);
            } else {
                #[cfg(target_arch = "x86_64")]
                let from = match &self.avx2 {
                    Some(masks) => masks.candidates(hay, from, to, &mut candidates),
                    None => from,
                };
                self.filter.candidates(hay, from, to, &mut candidates);
            }
            for &(at, buckets) in &candidates {
                self.confirm(hay, at, buckets, &mut hit);
            }
        }
    }

    /// A candidate at `at` for `buckets`: compare the keywords whose window is
    /// there, and the buckets' short keywords.
    fn confirm(
        &self,
        hay: &[u8],
        at: usize,
        mut buckets: u16,
        hit: &mut impl FnMut(usize, usize, usize),
    ) {
        if let Some(w) = hay
            .get(at..at + KEY)
            .and_then(|w| <[u8; KEY]>::try_from(w).ok())
        {
            for e in self.table.get(window_key(w)) {
                self.compare(hay, at, e, hit);
            }
        }
        while buckets != 0 {
            let b = buckets.trailing_zeros() as usize;
            buckets &= buckets - 1;
            for e in &self.short[b] {
                self.compare(hay, at, e, hit);
            }
        }
    }

    /// Whether keyword `e`, placed so its window starts at `at`, is there.
    fn compare(&self, hay: &[u8], at: usize, e: &Entry, hit: &mut impl FnMut(usize, usize, usize)) {
        let Some(start) = at.checked_sub(e.offset as usize) else {
            return;
        };
        let Some(found) = hay.get(start..start + e.len) else {
            return;
        };
        // Eight bytes when there are (one load), else the keyword's: the mask only
        // looks at the keyword's.
        let head = hay.get(start..start + 8).unwrap_or(found);
        let head = head.iter().rev().fold(0, |v, &b| v << 8 | u64::from(b));
        if (head | e.fold) & e.mask != e.head {
            return;
        }
        let n = e.len.min(8);
        if found[n..].eq_ignore_ascii_case(&self.keywords[e.keyword as usize][n..]) {
            hit(e.keyword as usize, start, start + e.len);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A xorshift generator.
    fn rng(mut state: u64) -> impl FnMut() -> u64 {
        move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        }
    }

    /// `pieces` pieces: one in `one_in` a keyword in random case, else a byte of
    /// `alphabet`.
    fn blob(
        keywords: &[String],
        pieces: usize,
        one_in: u64,
        alphabet: &[u8],
        next: &mut impl FnMut() -> u64,
    ) -> Vec<u8> {
        let mut hay = Vec::new();
        for _ in 0..pieces {
            if next().is_multiple_of(one_in) {
                let kw = keywords[(next() % keywords.len() as u64) as usize].as_bytes();
                for &b in kw {
                    hay.push(if next().is_multiple_of(2) {
                        b.to_ascii_uppercase()
                    } else {
                        b
                    });
                }
            } else {
                hay.push(alphabet[(next() % alphabet.len() as u64) as usize]);
            }
        }
        hay
    }

    /// Every scan finds exactly what a naive search finds.
    fn assert_naive(scans: &[Prefilter], keywords: &[String], hay: &[u8]) {
        let mut want = Vec::new();
        for (k, kw) in keywords.iter().enumerate() {
            let kw = kw.as_bytes();
            for s in 0..(hay.len() + 1).saturating_sub(kw.len()) {
                if hay[s..s + kw.len()].eq_ignore_ascii_case(kw) {
                    want.push((k, s, s + kw.len()));
                }
            }
        }
        want.sort_unstable();
        for pf in scans {
            let mut got = Vec::new();
            pf.find(hay, |k, s, e| got.push((k, s, e)));
            got.sort_unstable();
            assert_eq!(got, want, "{}", String::from_utf8_lossy(hay));
        }
    }

    /// Every occurrence, in any case, exactly once, with the SIMD scan (where the
    /// CPU has it), the portable one and the hashed one: compared with a naive
    /// search, on blobs of every length around the 16-byte steps and across many
    /// steps.
    #[test]
    fn finds_exactly_what_a_naive_search_finds() {
        let keywords: Vec<String> = [
            "paperspace",
            "ghp_",
            "q~",
            "://",
            "api.paperspace.com",
            "xoxb-",
            "-----begin",
            "aiza",
            "ab",
        ]
        .iter()
        .map(ToString::to_string)
        .collect();
        let scans = [
            Prefilter::build(&keywords, true),
            Prefilter::build(&keywords, false),
            Prefilter::build_with(&keywords, true, Some(true)),
            Prefilter::build_with(&keywords, false, Some(true)),
        ];
        #[cfg(target_arch = "x86_64")]
        assert_eq!(
            scans[0].avx2.is_some(),
            std::arch::is_x86_feature_detected!("avx2")
        );
        let mut next = rng(0x1234_5678_9abc_def1);
        for round in 0..400 {
            // Some blobs span several 16 KiB blocks.
            let pieces = match round % 50 {
                0 => 12_000,
                r if r % 10 == 0 => 1000,
                r => r + round % 20,
            };
            let hay = blob(&keywords, pieces, 4, b"abpqs:/-~_. \nAPSX", &mut next);
            assert_naive(&scans, &keywords, &hay);
        }
    }

    /// Hundreds of keywords: the hashed scan is chosen, and finds exactly what a
    /// naive search finds, including two- and three-byte keywords and keywords at
    /// the very end of a blob.
    #[test]
    fn many_keywords_use_the_hashed_scan_and_miss_nothing() {
        let mut next = rng(0x0dd_ba11_cafe_f00d);
        let alphabet = b"abcdefghijklmnopqrstuvwxyz0123456789_-.";
        let mut keywords: Vec<String> = (0..600)
            .map(|i| {
                let len = if i % 50 == 0 {
                    2 + i % 2
                } else {
                    4 + (next() % 9) as usize
                };
                (0..len)
                    .map(|_| alphabet[(next() % alphabet.len() as u64) as usize] as char)
                    .collect()
            })
            .collect();
        keywords.sort();
        keywords.dedup();
        let scans = [
            Prefilter::build(&keywords, true),
            Prefilter::build_with(&keywords, false, Some(true)),
        ];
        assert!(
            scans[0].hashed.is_some(),
            "600 keywords should use the hashed scan"
        );
        for round in 0..60 {
            let hay = blob(&keywords, round * 37 % 400, 3, alphabet, &mut next);
            assert_naive(&scans, &keywords, &hay);
        }
    }
}

/// The candidate rate of the built-in rules' keywords on real text: not a test of
/// behaviour but the figure the README quotes ("positions that need a closer look").
/// `LEAKSCAN_RATE_TREE=DIR cargo test --release --lib candidate_rate -- --ignored --nocapture`
#[cfg(test)]
mod rate {
    use super::*;

    fn files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                files(&p, out);
            } else {
                out.push(p);
            }
        }
    }

    #[test]
    #[ignore = "a measurement: needs LEAKSCAN_RATE_TREE"]
    #[allow(clippy::print_stdout)]
    fn candidate_rate() {
        let Some(dir) = std::env::var_os("LEAKSCAN_RATE_TREE") else {
            return;
        };
        let set = crate::rule::RuleSet::load(&crate::rule::RuleSources::default()).unwrap();
        let mut keywords: Vec<String> = set
            .rules()
            .iter()
            .flat_map(|r| r.syntax.keywords.iter().map(|k| k.to_ascii_lowercase()))
            .collect();
        keywords.sort();
        keywords.dedup();
        let p = Prefilter::build(&keywords, true);
        let mut paths = Vec::new();
        files(std::path::Path::new(&dir), &mut paths);
        let (mut bytes, mut cands, mut hits) = (0usize, 0usize, 0usize);
        let mut per_keyword = vec![0usize; keywords.len()];
        let mut by_window: std::collections::HashMap<(Vec<u8>, u16), usize> =
            std::collections::HashMap::new();
        let mut out = Vec::new();
        for path in paths {
            let Ok(hay) = std::fs::read(&path) else {
                continue;
            };
            bytes += hay.len();
            out.clear();
            match &p.hashed {
                Some(h) => h.candidates(&hay, 0, hay.len(), &mut out),
                None => p.filter.candidates(&hay, 0, hay.len(), &mut out),
            }
            cands += out.len();
            for &(at, flags) in &out {
                let w: Vec<u8> = hay[at..(at + 4).min(hay.len())].to_ascii_lowercase();
                *by_window.entry((w, flags)).or_insert(0usize) += 1;
            }
            p.find(&hay, |k, _, _| {
                hits += 1;
                per_keyword[k] += 1;
            });
        }
        let mut windows: Vec<(usize, String)> = by_window
            .into_iter()
            .map(|((w, f), n)| (n, format!("{}/{f}", String::from_utf8_lossy(&w))))
            .collect();
        windows.sort_unstable_by(|a, b| b.cmp(a));
        println!(
            "most frequent candidate windows: {:?}",
            &windows[..windows.len().min(25)]
        );
        let mut top: Vec<(usize, &String)> = per_keyword.iter().copied().zip(&keywords).collect();
        top.sort_unstable_by(|a, b| b.cmp(a));
        println!(
            "{} keywords ({} scan); {bytes} bytes; {cands} candidate positions ({:.3}%); {hits} keyword hits; most hit: {:?}",
            keywords.len(),
            if p.hashed.is_some() { "hashed" } else { "Teddy" },
            100.0 * cands as f64 / bytes as f64,
            &top[..10]
        );
    }
}
