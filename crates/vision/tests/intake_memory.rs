//! Decompression bombs stay cheap: refusing files that claim giant canvases
//! must not allocate for those canvases. Its own test binary, so the peak
//! resident memory (VmHWM) measured is this test's alone.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use kadesk_vision::forge;
use kadesk_vision::intake::intake;

fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(str::to_string)
        })
        .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        .unwrap_or(0)
}

/// A PNG claiming `w × h` RGBA 16-bit pixels with a zlib stream that would
/// inflate to all-zero rows: the classic small-file, huge-canvas bomb.
fn png_bomb(w: u32, h: u32) -> Vec<u8> {
    // 16-bit RGBA; a stored-zeros deflate stream prefix: enough for the decoder to start.
    let mut idat = vec![0x78, 0x01];
    idat.extend(std::iter::repeat_n(0u8, 4096));
    forge::png_claiming(w, h, 16, 6, &idat)
}

#[test]
fn bombs_are_refused_without_allocating_their_canvas() {
    let before = peak_kib();
    for (w, h) in [
        (65_535, 65_535),
        (20_000, 20_000),
        (7_072, 7_072),
        (100_000, 1),
        (1, 100_000_000),
    ] {
        let bomb = png_bomb(w, h);
        assert!(bomb.len() < 5_000);
        assert!(intake(&bomb).is_err(), "{w}x{h} must be refused");
    }
    let grown_mib = (peak_kib().saturating_sub(before)) / 1024;
    // A 65535² RGBA16 canvas would be 32 GiB; refusing it must cost next to nothing.
    assert!(
        grown_mib < 64,
        "peak memory grew by {grown_mib} MiB while refusing bombs"
    );
}
