//! Hybrid logical clock: wall-clock milliseconds in the high bits, a counter in the low 16.
//! It never goes backwards, even when the wall clock does (NTP jumps, a dead CMOS battery),
//! and it orders every entry chain-wide for last-writer-wins and first-redemption rules.

pub const LOGICAL_BITS: u32 = 16;

/// The next timestamp after `last`, given the wall clock `now_ms`.
pub fn next(last: i64, now_ms: i64) -> i64 {
    let physical = now_ms.max(0) << LOGICAL_BITS;
    physical.max(last + 1)
}

/// Wall-clock milliseconds of a timestamp (for display).
pub fn millis(hlc: i64) -> i64 {
    hlc >> LOGICAL_BITS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_goes_backwards_when_the_wall_clock_does() {
        let a = next(0, 1_000_000);
        let b = next(a, 999_000);
        assert!(b > a);
        assert_eq!(millis(b), 1_000_000);
    }

    #[test]
    fn follows_the_wall_clock_forward() {
        let a = next(0, 1_000);
        let b = next(a, 2_000);
        assert_eq!(millis(b), 2_000);
        assert_eq!(b & 0xffff, 0);
    }
}
