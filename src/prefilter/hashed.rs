//! The prefilter's scan for many keywords: a Bloom filter over folded 4-byte
//! windows, one bit per keyword window in each of two bitsets of 2^18 bits (32 KiB
//! each): the first, tested at every position, stays in L1.
//!
//! Teddy's sixteen buckets fill up as keywords grow into the hundreds: each
//! bucket's nibble sets then accept most bytes, and nearly every tenth position
//! becomes a candidate. Here the false-candidate rate stays near (k / 2^18)^2 for
//! k keyword windows whatever k is. With AVX2 eight positions are hashed at once
//! and their first bits fetched with one gather; the second bit is tested only
//! where the first is set. A three-byte keyword is entered as every 4-byte window
//! it can start (itself and any next byte); a two-byte keyword is searched for
//! directly (there are few, and their bytes are rare: `q~`).

/// Bits in the set.
const BITS: u32 = 18;
/// 64-bit words in the set.
const WORDS: usize = 1 << (BITS - 6);

/// ASCII case folding for a filter: `| 0x20` maps both cases of a letter to the
/// lower one (other bytes may collide, which only adds candidates).
pub(super) const FOLD4: u32 = 0x2020_2020;

/// The two hashes' multipliers (odd, with well-mixed bits).
pub(super) const MULTS: [u32; 2] = [0x9E37_79B1, 0x85EB_CA77];

/// The bit of folded window `w` under hash `mult`.
pub(super) fn slot(w: u32, mult: u32) -> usize {
    (w.wrapping_mul(mult) >> (32 - BITS)) as usize
}

pub(super) struct Hashed {
    bits: Vec<u64>,
    /// Three-byte keywords, folded: compared directly in a blob's last bytes, where
    /// no 4-byte window starts.
    three: Vec<[u8; 3]>,
    /// Two-byte keywords, folded: searched for directly.
    two: Vec<[u8; 2]>,
    /// The folded first two bytes of the keywords under four bytes, as a bitset
    /// over the 2^16 pairs: a candidate compares those keywords only where one of
    /// them can start.
    short_pairs: Vec<u64>,
    #[cfg(target_arch = "x86_64")]
    simd: Option<super::avx2::HashScan>,
}

fn fold(b: u8) -> u8 {
    b | 0x20
}

impl Hashed {
    /// `windows`: each keyword's chosen 4-byte window; `shorts`: the keywords under
    /// four bytes.
    pub(super) fn new(windows: &[[u8; 4]], shorts: &[&[u8]], simd: bool) -> Hashed {
        let mut bits = vec![0u64; 2 * WORDS];
        let mut add = |w: u32| {
            for (t, mult) in MULTS.into_iter().enumerate() {
                let i = slot(w, mult);
                bits[t * WORDS + (i >> 6)] |= 1 << (i & 63);
            }
        };
        for w in windows {
            add(u32::from_le_bytes(*w) | FOLD4);
        }
        let mut three = Vec::new();
        let mut two = Vec::new();
        for k in shorts {
            match **k {
                [a, b, c] => {
                    three.push([fold(a), fold(b), fold(c)]);
                    for next in 0..=255u8 {
                        add(u32::from_le_bytes([a, b, c, next]) | FOLD4);
                    }
                }
                [a, b] => two.push([fold(a), fold(b)]),
                _ => {}
            }
        }
        let _ = simd;
        let mut short_pairs = vec![0u64; 1 << 10];
        for pair in three
            .iter()
            .map(|k| [k[0], k[1]])
            .chain(two.iter().copied())
        {
            let i = usize::from(u16::from_le_bytes(pair));
            short_pairs[i >> 6] |= 1 << (i & 63);
        }
        Hashed {
            bits,
            three,
            two,
            short_pairs,
            #[cfg(target_arch = "x86_64")]
            simd: if simd {
                super::avx2::HashScan::new()
            } else {
                None
            },
        }
    }

    /// A candidate's bucket bits for the window `w` at it: bucket 1 (where the
    /// keywords under four bytes are kept) only where one of them can start. The
    /// keywords whose window `w` is are compared whatever the bits.
    fn flags(&self, w: u32) -> u16 {
        let i = (w & 0xffff) as usize;
        if self.short_pairs[i >> 6] >> (i & 63) & 1 != 0 {
            2
        } else {
            0
        }
    }

    /// Whether both bits of folded window `w` are set.
    fn test(&self, w: u32) -> bool {
        MULTS.iter().enumerate().all(|(t, &m)| {
            let i = slot(w, m);
            self.bits[t * WORDS + ((i >> 6) & (WORDS - 1))] >> (i & 63) & 1 != 0
        })
    }

    /// Whether the second bit of folded window `w` is set (for a window whose
    /// first bit the SIMD scan found set).
    fn second(&self, w: u32) -> bool {
        let i = slot(w, MULTS[1]);
        self.bits[WORDS + ((i >> 6) & (WORDS - 1))] >> (i & 63) & 1 != 0
    }

    /// Every candidate position in `from..to`, in order, with its bucket bits
    /// ([`Hashed::flags`]; bit 1 where a keyword under four bytes may be there).
    pub(super) fn candidates(
        &self,
        hay: &[u8],
        from: usize,
        to: usize,
        out: &mut Vec<(usize, u16)>,
    ) {
        let start = out.len();
        let mut p = from;
        #[cfg(target_arch = "x86_64")]
        if let (Some(simd), Ok(bits)) = (self.simd, <&[u64; WORDS]>::try_from(&self.bits[..WORDS]))
        {
            p = simd.scan(hay, from, to, bits, |base, offsets| {
                // Without a branch on the second bit: most first-bit hits fail it,
                // unpredictably.
                let mut kept = out.len();
                out.resize(kept + offsets.len(), (0, 0));
                for &k in offsets {
                    let at = base + k as usize;
                    let w: [u8; 4] = hay
                        .get(at..at + 4)
                        .and_then(|w| w.try_into().ok())
                        .unwrap_or([0; 4]);
                    let w = u32::from_le_bytes(w) | FOLD4;
                    out[kept] = (at, self.flags(w));
                    kept += usize::from(self.second(w));
                }
                out.truncate(kept);
            });
        }
        while p < to {
            let Some(w) = hay.get(p..p + 4).and_then(|b| <[u8; 4]>::try_from(b).ok()) else {
                break;
            };
            let w = u32::from_le_bytes(w) | FOLD4;
            if self.test(w) {
                out.push((p, self.flags(w)));
            }
            p += 1;
        }
        // The last three bytes of the blob: only a three-byte keyword fits.
        for at in p..to {
            let rest = &hay[at..];
            if rest.len() >= 3
                && self
                    .three
                    .iter()
                    .any(|k| k.iter().zip(rest).all(|(a, &b)| *a == fold(b)))
            {
                out.push((at, 2));
            }
        }
        if !self.two.is_empty() {
            let end = to.min(hay.len().saturating_sub(1));
            let mut more = false;
            for k in &self.two {
                // The second byte is the rarer in practice (`~`); find it in either case.
                let (a, b) = (k[1], k[1] & !0x20);
                for i in memchr::memchr2_iter(a, b, &hay[from.min(end)..(end + 1).min(hay.len())]) {
                    let at = from + i;
                    if at > from && at - 1 < end && fold(hay[at - 1]) == k[0] {
                        out.push((at - 1, 2));
                        more = true;
                    }
                }
            }
            if more {
                out[start..].sort_unstable();
                // One candidate per position, with the bits of all.
                out.dedup_by(|later, kept| {
                    let same = later.0 == kept.0;
                    if same {
                        kept.1 |= later.1;
                    }
                    same
                });
            }
        }
    }
}
