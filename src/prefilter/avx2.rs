//! The AVX2 form of the prefilter's scan: sixteen positions per step, the low
//! 128-bit lane testing buckets 0-7 and the high lane buckets 8-15 on the same
//! sixteen bytes (Hyperscan's "fat Teddy").
//!
//! The only unsafe code in leakscan: calling a function compiled for AVX2 (after
//! checking the CPU has it) and unaligned loads and a store whose bounds are
//! checked by the loop.
#![allow(unsafe_code)]
// The loads and the store are the unaligned kind (`loadu`, `storeu`).
#![allow(clippy::cast_ptr_alignment)]

use std::arch::x86_64::{
    __m256i, _mm256_and_si256, _mm256_broadcastsi128_si256, _mm256_cmpeq_epi8, _mm256_loadu_si256,
    _mm256_movemask_epi8, _mm256_or_si256, _mm256_set1_epi8, _mm256_setzero_si256,
    _mm256_shuffle_epi8, _mm256_srli_epi16, _mm256_storeu_si256, _mm_loadu_si128,
};

use super::{Nibbles, WINDOW};

/// Bytes a step reads: sixteen positions and the rest of the last one's window.
const STEP: usize = 16 + WINDOW - 1;

/// The buckets' nibble tables laid out for `vpshufb`: for window position `i`,
/// bytes 0-15 of `low[i]` hold buckets 0-7 and bytes 16-31 buckets 8-15.
pub(super) struct Masks {
    low: [[u8; 32]; WINDOW],
    high: [[u8; 32]; WINDOW],
}

impl Masks {
    /// `None` when the CPU lacks AVX2.
    pub(super) fn new(n: &Nibbles) -> Option<Masks> {
        if !std::arch::is_x86_feature_detected!("avx2") {
            return None;
        }
        let lay = |tables: &[[u16; 16]; WINDOW]| {
            tables.map(|t| {
                let mut out = [0u8; 32];
                for (v, &buckets) in t.iter().enumerate() {
                    let [lo, hi] = buckets.to_le_bytes();
                    out[v] = lo;
                    out[16 + v] = hi;
                }
                out
            })
        };
        Some(Masks {
            low: lay(&n.low),
            high: lay(&n.high),
        })
    }

    /// Push every candidate position from `from` (a multiple of 16) up to the
    /// returned offset (at most `to`), with its buckets; the positions from there
    /// to `to` are left to the portable scan.
    pub(super) fn candidates(
        &self,
        hay: &[u8],
        from: usize,
        to: usize,
        out: &mut Vec<(usize, u16)>,
    ) -> usize {
        // SAFETY: a `Masks` exists only when the CPU supports AVX2.
        unsafe { self.scan(hay, from, to, out) }
    }

    #[target_feature(enable = "avx2")]
    fn scan(&self, hay: &[u8], from: usize, to: usize, out: &mut Vec<(usize, u16)>) -> usize {
        let table = |t: &[u8; 32]| {
            // SAFETY: `t` is 32 readable bytes.
            unsafe { _mm256_loadu_si256(t.as_ptr().cast::<__m256i>()) }
        };
        let low = self.low.each_ref().map(table);
        let high = self.high.each_ref().map(table);
        let nibble = _mm256_set1_epi8(0x0f);
        let zero = _mm256_setzero_si256();
        let mut p = from;
        while p + 16 <= to {
            // One bounds check per step; the loads below are then at constant offsets.
            let Some(chunk) = hay
                .get(p..p + STEP)
                .and_then(|c| <&[u8; STEP]>::try_from(c).ok())
            else {
                break;
            };
            let mut acc = _mm256_set1_epi8(-1);
            for i in 0..WINDOW {
                let bytes: &[u8; 16] = chunk[i..i + 16].try_into().unwrap_or(&[0; 16]);
                // SAFETY: `bytes` is 16 readable bytes.
                let v = unsafe { _mm_loadu_si128(bytes.as_ptr().cast()) };
                let v = _mm256_broadcastsi128_si256(v);
                let lo = _mm256_and_si256(v, nibble);
                let hi = _mm256_and_si256(_mm256_srli_epi16::<4>(v), nibble);
                let m = _mm256_and_si256(
                    _mm256_shuffle_epi8(low[i], lo),
                    _mm256_shuffle_epi8(high[i], hi),
                );
                acc = _mm256_and_si256(acc, m);
            }
            let empty = _mm256_movemask_epi8(_mm256_cmpeq_epi8(acc, zero)).cast_unsigned();
            if empty != u32::MAX {
                let mut buckets = [0u8; 32];
                // SAFETY: `buckets` is 32 writable bytes.
                unsafe { _mm256_storeu_si256(buckets.as_mut_ptr().cast(), acc) };
                let full = !empty;
                let mut m = (full | full >> 16) & 0xffff;
                while m != 0 {
                    let j = m.trailing_zeros() as usize;
                    m &= m - 1;
                    out.push((p + j, u16::from_le_bytes([buckets[j], buckets[16 + j]])));
                }
            }
            p += 16;
        }
        p
    }
}

/// Which bytes of a 64-byte block are in the base64 or base64url alphabet
/// (letters, digits, `+`, `/`, `-`, `_`): the decode stage's cheap test, two
/// nibble lookups per 32 bytes instead of a table lookup per byte; and, in the
/// same pass, which are `%` or `\\` (where percent and string escapes may start).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Base64Mask(());

impl Base64Mask {
    /// `None` when the CPU lacks AVX2.
    pub(crate) fn new() -> Option<Base64Mask> {
        std::arch::is_x86_feature_detected!("avx2").then_some(Base64Mask(()))
    }

    /// For each whole 64-byte block of `bytes` (at most `out.len()` of them), the
    /// mask whose bit `k` is set when the block's byte `k` is in the alphabet;
    /// returns how many blocks were done. One call for a stretch of blocks, so the
    /// classification inlines into its loop. (`self` is the proof that the CPU has
    /// AVX2.)
    #[allow(clippy::unused_self)]
    pub(crate) fn masks(self, bytes: &[u8], out: &mut [u64], marks: &mut [u64]) -> usize {
        // SAFETY: a `Base64Mask` exists only when the CPU supports AVX2.
        unsafe { base64_masks(bytes, out, marks) }
    }
}

#[target_feature(enable = "avx2")]
fn base64_masks(bytes: &[u8], out: &mut [u64], marks: &mut [u64]) -> usize {
    let mut n = 0;
    for ((slot, mark), block) in out.iter_mut().zip(marks).zip(bytes.chunks_exact(64)) {
        if let Ok(block) = <&[u8; 64]>::try_from(block) {
            (*slot, *mark) = base64_mask(block);
            n += 1;
        }
    }
    n
}

/// The block's alphabet mask, and its mask of `%` and `\\` bytes. The alphabet
/// is tested by nibbles (as in Teddy): a byte is in it when the groups its low
/// nibble allows and those its high nibble allows meet.
#[target_feature(enable = "avx2")]
fn base64_mask(block: &[u8; 64]) -> (u64, u64) {
    // Groups: 1 `+` `-` `/` (high nibble 2), 2 digits (3), 4 `A`-`O` and `a`-`o`
    // (4 and 6), 8 `P`-`Z` and `p`-`z` (5 and 7), 16 `_` (5).
    const LOW: [u8; 16] = {
        let mut t = [0u8; 16];
        let mut lo = 0;
        while lo < 16 {
            let mut g = 0;
            if lo == 0xB || lo == 0xD || lo == 0xF {
                g |= 1;
            }
            if lo <= 9 {
                g |= 2;
            }
            if lo >= 1 {
                g |= 4;
            }
            if lo <= 0xA {
                g |= 8;
            }
            if lo == 0xF {
                g |= 16;
            }
            t[lo] = g;
            lo += 1;
        }
        t
    };
    const HIGH: [u8; 16] = [0, 0, 1, 2, 4, 8 | 16, 4, 8, 0, 0, 0, 0, 0, 0, 0, 0];
    let table = |t: &[u8; 16]| {
        // SAFETY: `t` is 16 readable bytes.
        _mm256_broadcastsi128_si256(unsafe { _mm_loadu_si128(t.as_ptr().cast()) })
    };
    let (low, high) = (table(&LOW), table(&HIGH));
    let nibble = _mm256_set1_epi8(0x0f);
    let zero = _mm256_setzero_si256();
    let half = |bytes: &[u8]| {
        // SAFETY: `bytes` is 32 readable bytes (a half of the 64-byte block).
        let v = unsafe { _mm256_loadu_si256(bytes.as_ptr().cast::<__m256i>()) };
        let groups = _mm256_and_si256(
            _mm256_shuffle_epi8(low, _mm256_and_si256(v, nibble)),
            _mm256_shuffle_epi8(high, _mm256_and_si256(_mm256_srli_epi16::<4>(v), nibble)),
        );
        let outside = _mm256_cmpeq_epi8(groups, zero);
        let eq = |c: u8| _mm256_cmpeq_epi8(v, _mm256_set1_epi8(c.cast_signed()));
        let marks = _mm256_or_si256(eq(b'%'), eq(b'\\'));
        (
            u64::from(!_mm256_movemask_epi8(outside).cast_unsigned()),
            u64::from(_mm256_movemask_epi8(marks).cast_unsigned()),
        )
    };
    let (lo, lo_marks) = half(&block[..32]);
    let (hi, hi_marks) = half(&block[32..]);
    (lo | hi << 32, lo_marks | hi_marks << 32)
}

/// The hashed prefilter's scan ([`super::hashed`]): eight positions per step, each
/// position's folded 4-byte window hashed and its first bit fetched by one gather.
#[derive(Clone, Copy, Debug)]
pub(crate) struct HashScan(());

impl HashScan {
    /// `None` when the CPU lacks AVX2.
    pub(crate) fn new() -> Option<HashScan> {
        std::arch::is_x86_feature_detected!("avx2").then_some(HashScan(()))
    }

    /// Call `hits(base, offsets)` with the positions from `from` whose window's
    /// first bit is set in `bits`, in order, a stretch at a time (each position is
    /// `base + offset`); returns where it stopped (at most `to`; the positions
    /// after it are left to the portable scan). (`self` is the proof that the CPU
    /// has AVX2.)
    #[allow(clippy::unused_self)]
    pub(crate) fn scan(
        self,
        hay: &[u8],
        from: usize,
        to: usize,
        bits: &[u64; 4096],
        hits: impl FnMut(usize, &[u32]),
    ) -> usize {
        // SAFETY: a `HashScan` exists only when the CPU supports AVX2.
        unsafe { hash_scan(hay, from, to, bits, hits) }
    }
}

#[target_feature(enable = "avx2")]
fn hash_scan(
    hay: &[u8],
    from: usize,
    to: usize,
    bits: &[u64; 4096],
    mut hits: impl FnMut(usize, &[u32]),
) -> usize {
    use std::arch::x86_64::{
        _mm256_castsi256_ps, _mm256_i32gather_epi32, _mm256_movemask_ps, _mm256_mullo_epi32,
        _mm256_or_si256, _mm256_set1_epi32, _mm256_slli_epi32, _mm256_srli_epi32,
        _mm256_srlv_epi32,
    };
    let fold = _mm256_set1_epi32(super::hashed::FOLD4.cast_signed());
    let mult = _mm256_set1_epi32(super::hashed::MULTS[0].cast_signed());
    let low5 = _mm256_set1_epi32(31);
    let base = bits.as_ptr().cast::<i32>();
    // The first bits of the eight windows that are the 32-bit words of `bytes`:
    // bit `j` for the window at byte `4 * j`.
    let eight = |bytes: &[u8; 32]| {
        // SAFETY: `bytes` is 32 readable bytes.
        let w = _mm256_or_si256(
            unsafe { _mm256_loadu_si256(bytes.as_ptr().cast::<__m256i>()) },
            fold,
        );
        // The bit index (18 bits), as in `hashed::slot`.
        let index = _mm256_srli_epi32::<14>(_mm256_mullo_epi32(w, mult));
        // SAFETY: every index is below 2^18, so every 32-bit word index (index / 32)
        // is below 8192: inside `bits` (4096 u64 = 8192 u32).
        let words = unsafe { _mm256_i32gather_epi32::<4>(base, _mm256_srli_epi32::<5>(index)) };
        let bit = _mm256_srlv_epi32(words, _mm256_and_si256(index, low5));
        let m = _mm256_movemask_ps(_mm256_castsi256_ps(_mm256_slli_epi32::<31>(bit)));
        SPREAD4[usize::from(m.cast_unsigned() as u8)]
    };
    let mut pos = from;
    // Thirty-two positions a step: the words of four loads one byte apart are the
    // windows at every position (no shuffles), in four independent gathers. The
    // steps of a stretch only store their masks, without a branch, so that a hit's
    // mispredicted branch does not throw away gathers in flight; the hits are
    // visited after the stretch, in order.
    // One spare, so the last pair of steps is whole.
    let mut masks = [0u32; STEPS + 1];
    // The offsets of a stretch's hits, with room for four written past the last.
    let mut offsets = [0u32; 32 * STEPS + 4];
    loop {
        let mut steps = 0;
        while let Some(chunk) = hay
            .get(pos + 32 * steps..pos + 32 * steps + 35)
            .and_then(|c| <&[u8; 35]>::try_from(c).ok())
            .filter(|_| steps < STEPS && pos + 32 * steps + 32 <= to)
        {
            let part = |r: usize| -> &[u8; 32] { chunk[r..r + 32].try_into().unwrap_or(&[0; 32]) };
            masks[steps] =
                eight(part(0)) | eight(part(1)) << 1 | eight(part(2)) << 2 | eight(part(3)) << 3;
            steps += 1;
        }
        // The hits' offsets, 64 positions (two steps) at a time, four written
        // whatever the count (most pairs of steps have none or one), so the branch
        // is on "more than four", which is rare.
        if steps % 2 == 1 {
            masks[steps] = 0;
        }
        let mut n = 0;
        for (s, pair) in masks[..steps.next_multiple_of(2)]
            .chunks_exact(2)
            .enumerate()
        {
            let base = 64 * s as u32;
            let mut m = u64::from(pair[0]) | u64::from(pair[1]) << 32;
            let count = m.count_ones() as usize;
            for j in 0..4 {
                offsets[n + j] = base + m.trailing_zeros();
                m &= m.wrapping_sub(1);
            }
            let mut j = 4;
            while m != 0 {
                offsets[n + j] = base + m.trailing_zeros();
                m &= m - 1;
                j += 1;
            }
            n += count;
        }
        if n > 0 {
            hits(pos, &offsets[..n]);
        }
        pos += 32 * steps;
        if steps < STEPS {
            break;
        }
    }
    pos
}

/// Steps of [`hash_scan`] whose masks are stored before their hits are visited.
const STEPS: usize = 64;

/// For each 8-bit mask, its bit `j` moved to bit `4 * j` (a table: a shift-and-mask
/// spread is vectorised into multiplies, and `pdep` is slow on some AVX2 CPUs).
const SPREAD4: [u32; 256] = {
    let mut t = [0u32; 256];
    let mut x = 0;
    while x < 256 {
        let mut j = 0;
        while j < 8 {
            if x >> j & 1 != 0 {
                t[x] |= 1 << (4 * j);
            }
            j += 1;
        }
        x += 1;
    }
    t
};
