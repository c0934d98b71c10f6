//! Upload intake: accepted types, refused types, limits checked before
//! decoding, orientation applied and metadata dropped — and no panic on any
//! damaged or hostile file.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Cursor;

use image::{DynamicImage, ImageFormat, Rgb, RgbImage};
use kadesk_vision::forge;
use kadesk_vision::intake::{intake, IntakeError, MAX_BYTES, MAX_PIXELS, THUMBNAIL_SIDE};
use proptest::prelude::*;

fn picture(w: u32, h: u32) -> DynamicImage {
    DynamicImage::ImageRgb8(RgbImage::from_fn(w, h, |x, y| {
        Rgb([(x * 255 / w.max(1)) as u8, (y * 255 / h.max(1)) as u8, 128])
    }))
}

fn encode(img: &DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut out = Vec::new();
    match format {
        ImageFormat::WebP => {
            let enc = image::codecs::webp::WebPEncoder::new_lossless(&mut out);
            img.to_rgba8().write_with_encoder(enc).unwrap();
        }
        ImageFormat::Gif => {
            let mut enc = image::codecs::gif::GifEncoder::new(&mut out);
            enc.encode_frame(image::Frame::new(img.to_rgba8())).unwrap();
        }
        f => img.write_to(&mut Cursor::new(&mut out), f).unwrap(),
    }
    out
}

/// A PNG whose header claims `w × h` 8-bit RGB pixels, followed by a tiny IDAT.
fn png_claiming(w: u32, h: u32) -> Vec<u8> {
    forge::png_claiming(
        w,
        h,
        8,
        2,
        &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
    )
}

/// A JPEG whose frame header claims `w × h` pixels and has no image data.
fn jpeg_claiming(w: u16, h: u16) -> Vec<u8> {
    let mut out = vec![0xff, 0xd8];
    // SOF0: length 11, precision 8, height, width, 1 component.
    out.extend_from_slice(&[0xff, 0xc0, 0x00, 0x0b, 0x08]);
    out.extend_from_slice(&h.to_be_bytes());
    out.extend_from_slice(&w.to_be_bytes());
    out.extend_from_slice(&[0x01, 0x01, 0x11, 0x00]);
    out.extend_from_slice(&[0xff, 0xd9]);
    out
}

/// A GIF whose screen and first frame claim `w × h` pixels, with one tiny LZW block.
fn gif_claiming(w: u16, h: u16) -> Vec<u8> {
    let mut out = b"GIF89a".to_vec();
    out.extend_from_slice(&w.to_le_bytes());
    out.extend_from_slice(&h.to_le_bytes());
    out.extend_from_slice(&[0x80, 0, 0, 0, 0, 0, 255, 255, 255]); // 2-colour table
    out.push(0x2c);
    out.extend_from_slice(&[0, 0, 0, 0]);
    out.extend_from_slice(&w.to_le_bytes());
    out.extend_from_slice(&h.to_le_bytes());
    out.extend_from_slice(&[0x00, 0x02, 0x02, 0x4c, 0x01, 0x00, 0x3b]);
    out
}

/// A WebP (VP8X) whose canvas claims `w × h` pixels.
fn webp_claiming(w: u32, h: u32) -> Vec<u8> {
    let mut vp8x = vec![0u8; 10];
    vp8x[4..7].copy_from_slice(&(w - 1).to_le_bytes()[..3]);
    vp8x[7..10].copy_from_slice(&(h - 1).to_le_bytes()[..3]);
    let mut body = b"WEBP".to_vec();
    body.extend_from_slice(b"VP8X");
    body.extend_from_slice(&10u32.to_le_bytes());
    body.extend_from_slice(&vp8x);
    let mut out = b"RIFF".to_vec();
    out.extend_from_slice(&(body.len() as u32).to_le_bytes());
    out.extend_from_slice(&body);
    out
}

/// A JPEG with an EXIF block: orientation `orientation` and a GPS-looking marker string.
fn jpeg_with_exif(img: &DynamicImage, orientation: u16) -> Vec<u8> {
    let jpeg = encode(img, ImageFormat::Jpeg);
    let mut tiff = b"II*\0".to_vec();
    tiff.extend_from_slice(&8u32.to_le_bytes());
    tiff.extend_from_slice(&1u16.to_le_bytes()); // one entry
    tiff.extend_from_slice(&0x0112u16.to_le_bytes()); // Orientation
    tiff.extend_from_slice(&3u16.to_le_bytes()); // SHORT
    tiff.extend_from_slice(&1u32.to_le_bytes());
    tiff.extend_from_slice(&orientation.to_le_bytes());
    tiff.extend_from_slice(&[0, 0]);
    tiff.extend_from_slice(&0u32.to_le_bytes()); // no next IFD
    tiff.extend_from_slice(b"GPS 31.2304N 121.4737E");
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend_from_slice(&tiff);
    let mut out = vec![0xff, 0xd8, 0xff, 0xe1];
    out.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&jpeg[2..]);
    out
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn png_jpeg_webp_and_gif_screenshots_are_accepted() {
    let img = picture(400, 800);
    for (format, source, content_type) in [
        (ImageFormat::Png, "png", "image/png"),
        (ImageFormat::Jpeg, "jpeg", "image/jpeg"),
        (ImageFormat::WebP, "webp", "image/png"),
        (ImageFormat::Gif, "gif", "image/png"),
    ] {
        let got = intake(&encode(&img, format)).unwrap_or_else(|e| panic!("{source}: {e}"));
        assert_eq!(got.source_type, source);
        assert_eq!(got.content_type, content_type);
        assert_eq!((got.width, got.height), (400, 800), "{source}");
        let decoded = image::load_from_memory(&got.bytes).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (400, 800));
    }
}

#[test]
fn thumbnail_fits_in_320_pixels_and_keeps_the_aspect() {
    let got = intake(&encode(&picture(1080, 2340), ImageFormat::Png)).unwrap();
    let thumb = image::load_from_memory(&got.thumbnail).unwrap();
    assert_eq!(got.thumbnail_content_type, "image/jpeg");
    assert_eq!(thumb.height(), THUMBNAIL_SIDE);
    assert!((thumb.width() as i32 - 148).abs() <= 1, "{}", thumb.width());
    assert_eq!(
        (got.thumbnail_width, got.thumbnail_height),
        (thumb.width(), thumb.height())
    );
}

#[test]
fn exif_orientation_is_applied_and_exif_dropped() {
    let img = picture(300, 200);
    let upload = jpeg_with_exif(&img, 6); // rotate 90° clockwise to display
    assert!(contains(&upload, b"Exif") && contains(&upload, b"GPS 31.2304N"));
    let got = intake(&upload).unwrap();
    assert_eq!(
        (got.width, got.height),
        (200, 300),
        "orientation 6 turns the picture upright"
    );
    assert!(!contains(&got.bytes, b"Exif"), "EXIF must be dropped");
    assert!(
        !contains(&got.bytes, b"GPS 31.2304N"),
        "location must not survive"
    );
    assert!(!contains(&got.thumbnail, b"Exif"));
}

#[test]
fn heic_pdf_and_other_files_are_refused_by_content_not_name() {
    let heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heicmoremore".to_vec();
    let pdf = b"%PDF-1.7\n1 0 obj << >> endobj\n".to_vec();
    let text = b"hello, this is not an image".to_vec();
    for (bytes, detected) in [(heic, "HEIC/HEIF"), (pdf, "PDF"), (text, "not an image")] {
        match intake(&bytes) {
            Err(IntakeError::UnsupportedType { detected: d }) => assert_eq!(d, detected),
            other => panic!("{detected}: {other:?}"),
        }
    }
    let msg = intake(b"%PDF-1.4").unwrap_err().to_string();
    assert!(
        msg.contains("unsupported image type") && msg.contains("PDF"),
        "{msg}"
    );
}

#[test]
fn empty_and_oversized_files_are_refused_before_decoding() {
    assert_eq!(intake(b"").unwrap_err(), IntakeError::Empty);
    let mut big = png_claiming(100, 100);
    big.resize(MAX_BYTES + 1, 0);
    assert!(matches!(intake(&big), Err(IntakeError::TooLarge { .. })));
}

#[test]
fn giant_canvases_in_tiny_files_are_refused_from_the_header() {
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("png", png_claiming(100_000, 100_000)),
        ("png just over", png_claiming(10_000, 5_001)),
        ("jpeg", jpeg_claiming(60_000, 60_000)),
        ("gif", gif_claiming(65_535, 65_535)),
        ("webp", webp_claiming(16_000, 16_000)),
    ];
    for (name, bytes) in cases {
        assert!(bytes.len() < 200, "{name} is a tiny file");
        match intake(&bytes) {
            Err(IntakeError::TooManyPixels { max, .. }) => assert_eq!(max, MAX_PIXELS),
            // Some decoders stop at their own dimension limit first; refused all the same.
            Err(IntakeError::Corrupt { .. }) => {}
            other => panic!("{name}: expected a refusal, got {other:?}"),
        }
    }
    let msg = intake(&png_claiming(100_000, 100_000))
        .unwrap_err()
        .to_string();
    assert!(msg.contains("100000x100000"), "{msg}");
}

#[test]
fn buyers_canvases_are_capped_lower_than_agents() {
    use kadesk_vision::intake::{intake_within, BUYER_MAX_PIXELS};
    // 5000 × 5000 = 25 megapixels: over the buyers' cap, under the agents'.
    let claim = png_claiming(5_000, 5_000);
    match intake_within(&claim, BUYER_MAX_PIXELS) {
        Err(IntakeError::TooManyPixels { max, .. }) => assert_eq!(max, BUYER_MAX_PIXELS),
        other => panic!("expected the buyers' cap, got {other:?}"),
    }
    // Past the pixel check, the forged file fails only on its missing data.
    assert!(matches!(intake(&claim), Err(IntakeError::Corrupt { .. })));
    // A cap above the agents' is held to theirs.
    match intake_within(&png_claiming(10_000, 5_001), u64::MAX) {
        Err(IntakeError::TooManyPixels { max, .. }) => assert_eq!(max, MAX_PIXELS),
        other => panic!("{other:?}"),
    }
}

#[test]
fn truncated_files_give_a_clear_error() {
    let png = encode(&picture(64, 64), ImageFormat::Png);
    let err = intake(&png[..png.len() / 2]).unwrap_err();
    assert!(
        matches!(err, IntakeError::Corrupt { format: "png", .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("truncated or damaged"));
}

fn samples() -> Vec<Vec<u8>> {
    let img = picture(48, 32);
    [
        ImageFormat::Png,
        ImageFormat::Jpeg,
        ImageFormat::WebP,
        ImageFormat::Gif,
    ]
    .into_iter()
    .map(|f| encode(&img, f))
    .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// Any prefix of a valid file: an image or an error, never a panic.
    #[test]
    fn truncation_never_panics(which in 0usize..4, cut in 0.0f64..1.0) {
        let file = &samples()[which];
        let n = (file.len() as f64 * cut) as usize;
        let _ = intake(&file[..n]);
    }

    /// Valid magic bytes followed by garbage.
    #[test]
    fn garbage_after_magic_never_panics(which in 0usize..4, tail in proptest::collection::vec(any::<u8>(), 0..512)) {
        let magic: &[u8] = match which {
            0 => b"\x89PNG\r\n\x1a\n",
            1 => b"\xff\xd8\xff",
            2 => b"RIFF\0\0\0\0WEBP",
            _ => b"GIF89a",
        };
        let mut bytes = magic.to_vec();
        bytes.extend(tail);
        prop_assert!(intake(&bytes).is_err());
    }

    /// Bytes flipped anywhere in a valid file.
    #[test]
    fn corruption_never_panics(which in 0usize..4, flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..8)) {
        let mut file = samples()[which].clone();
        let len = file.len();
        for (at, b) in flips {
            file[at % len] ^= b;
        }
        let _ = intake(&file);
    }

    /// Claimed canvases above the limit are refused whatever their shape.
    #[test]
    fn claimed_size_over_the_limit_is_refused(w in 1u32..200_000, h in 1u32..200_000) {
        prop_assume!(u64::from(w) * u64::from(h) > MAX_PIXELS);
        prop_assert!(intake(&png_claiming(w, h)).is_err());
    }
}
