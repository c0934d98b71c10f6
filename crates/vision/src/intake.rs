//! Safe image intake: sniff the type from the content, refuse what is too big
//! before decoding it, apply the EXIF orientation, drop all metadata by
//! re-encoding, and make a thumbnail.
//!
//! Everything here is pure (bytes in, bytes out) and bounded: the file size,
//! the pixel count and the decoder's allocations are all capped, and the pixel
//! count is read from the header before a single pixel is decoded, so a
//! "decompression bomb" (a tiny file that claims a giant canvas) is refused
//! cheaply.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

/// Largest upload accepted, in bytes (10 MB).
pub const MAX_BYTES: usize = 10 * 1024 * 1024;
/// Largest canvas accepted, in pixels (50 megapixels): agents' uploads, and
/// the screenshot reader (which reads pictures already accepted).
pub const MAX_PIXELS: u64 = 50_000_000;
/// Largest canvas accepted from a buyer (20 megapixels): a phone screenshot
/// is 3–4, a long scrolling one of ten screens about 15. Decoding costs up
/// to 8 bytes a pixel, so the cap bounds what one buyer upload can hold.
pub const BUYER_MAX_PIXELS: u64 = 20_000_000;
/// Longest side of the thumbnail, in pixels.
pub const THUMBNAIL_SIDE: u32 = 320;
/// Bytes a decoder may allocate per pixel allowed: RGBA with 16-bit channels.
const ALLOC_PER_PIXEL: u64 = 8;
/// JPEG quality for re-encoded photos and for thumbnails.
const JPEG_QUALITY: u8 = 90;
const THUMBNAIL_QUALITY: u8 = 80;

/// Why an upload was refused. Messages name the problem and what to do.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum IntakeError {
    #[error("the file is empty: send a PNG, JPEG, WebP or GIF screenshot")]
    Empty,
    #[error("the file is {bytes} bytes, more than the {max} allowed: send a smaller screenshot")]
    TooLarge { bytes: usize, max: usize },
    #[error("unsupported image type ({detected}): send a PNG, JPEG, WebP or GIF screenshot")]
    UnsupportedType { detected: String },
    #[error(
        "the image is {width}x{height} pixels, more than the {max} allowed: send a smaller screenshot"
    )]
    TooManyPixels { width: u32, height: u32, max: u64 },
    #[error("the {format} image cannot be read ({reason}): it may be truncated or damaged")]
    Corrupt {
        format: &'static str,
        reason: String,
    },
    #[error("the image could not be re-encoded ({0})")]
    Encode(String),
}

/// A cleaned upload: the image re-encoded without metadata, upright, with a thumbnail.
#[derive(Clone)]
pub struct Intake {
    /// The re-encoded image (PNG for PNG/WebP/GIF input, JPEG for JPEG input), no EXIF.
    pub bytes: Vec<u8>,
    /// MIME type of `bytes`: `image/png` or `image/jpeg`.
    pub content_type: &'static str,
    /// Width and height after orientation.
    pub width: u32,
    pub height: u32,
    /// The type the upload was sniffed as: `png`, `jpeg`, `webp` or `gif`.
    pub source_type: &'static str,
    /// JPEG thumbnail, longest side at most [`THUMBNAIL_SIDE`].
    pub thumbnail: Vec<u8>,
    /// MIME type of `thumbnail` (always `image/jpeg`).
    pub thumbnail_content_type: &'static str,
    pub thumbnail_width: u32,
    pub thumbnail_height: u32,
}

impl std::fmt::Debug for Intake {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Intake")
            .field("bytes", &self.bytes.len())
            .field("content_type", &self.content_type)
            .field("width", &self.width)
            .field("height", &self.height)
            .field("source_type", &self.source_type)
            .field("thumbnail", &self.thumbnail.len())
            .finish()
    }
}

/// Sniffs the type of an upload from its first bytes. Returns the accepted
/// format, or `UnsupportedType` naming what it looks like (HEIC, PDF, …).
pub fn sniff(bytes: &[u8]) -> Result<ImageFormat, IntakeError> {
    if bytes.is_empty() {
        return Err(IntakeError::Empty);
    }
    let format = match bytes {
        [0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, ..] => Some(ImageFormat::Png),
        [0xff, 0xd8, 0xff, ..] => Some(ImageFormat::Jpeg),
        [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => Some(ImageFormat::WebP),
        [b'G', b'I', b'F', b'8', b'7' | b'9', b'a', ..] => Some(ImageFormat::Gif),
        _ => None,
    };
    format.ok_or_else(|| IntakeError::UnsupportedType {
        detected: describe_unknown(bytes).into(),
    })
}

/// Names a refused type for the error message.
fn describe_unknown(bytes: &[u8]) -> &'static str {
    let ftyp_brand = |brands: &[&[u8]]| {
        bytes.len() >= 12 && &bytes[4..8] == b"ftyp" && brands.iter().any(|b| &bytes[8..12] == *b)
    };
    if ftyp_brand(&[
        b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1",
    ]) {
        "HEIC/HEIF"
    } else if ftyp_brand(&[b"avif", b"avis"]) {
        "AVIF"
    } else if bytes.starts_with(b"%PDF") {
        "PDF"
    } else if bytes.starts_with(b"BM") {
        "BMP"
    } else if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        "TIFF"
    } else if bytes.starts_with(b"PK\x03\x04") {
        "ZIP archive"
    } else if bytes.starts_with(b"<svg") || bytes.starts_with(b"<?xml") {
        "SVG/XML"
    } else if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        "MP4/QuickTime"
    } else {
        "not an image"
    }
}

fn format_name(format: ImageFormat) -> &'static str {
    match format {
        ImageFormat::Png => "png",
        ImageFormat::Jpeg => "jpeg",
        ImageFormat::WebP => "webp",
        ImageFormat::Gif => "gif",
        _ => "image",
    }
}

/// Checks the size and type, reads the canvas size from the header, and only
/// then decodes (with allocation limits) and applies the EXIF orientation.
/// Used by [`intake`] and by the analysis, so both refuse the same files.
pub fn decode(bytes: &[u8]) -> Result<(DynamicImage, ImageFormat), IntakeError> {
    decode_within(bytes, MAX_PIXELS)
}

/// [`decode`] refusing canvases of more than `max_pixels` (at most [`MAX_PIXELS`]).
pub fn decode_within(
    bytes: &[u8],
    max_pixels: u64,
) -> Result<(DynamicImage, ImageFormat), IntakeError> {
    let max_pixels = max_pixels.min(MAX_PIXELS);
    let max_alloc = max_pixels * ALLOC_PER_PIXEL;
    if bytes.len() > MAX_BYTES {
        return Err(IntakeError::TooLarge {
            bytes: bytes.len(),
            max: MAX_BYTES,
        });
    }
    let format = sniff(bytes)?;
    let name = format_name(format);
    // The JPEG decoder paints a cut-off picture grey instead of failing; a
    // half-uploaded screenshot must be refused, not read.
    if format == ImageFormat::Jpeg && !jpeg_is_complete(bytes) {
        return Err(IntakeError::Corrupt {
            format: name,
            reason: "the file ends before the picture does (no end-of-image marker)".into(),
        });
    }
    let corrupt = |e: image::ImageError| IntakeError::Corrupt {
        format: name,
        reason: e.to_string(),
    };

    // Only the header is read here; the canvas size is checked before any pixel is decoded,
    // and the allocation cap stops any decoder that would still reserve too much.
    let mut limits = Limits::default();
    limits.max_alloc = Some(max_alloc);
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(corrupt)?;
    let (width, height) = decoder.dimensions();
    if width == 0 || height == 0 {
        return Err(IntakeError::Corrupt {
            format: name,
            reason: "zero width or height".into(),
        });
    }
    if u64::from(width) * u64::from(height) > max_pixels || decoder.total_bytes() > max_alloc {
        return Err(IntakeError::TooManyPixels {
            width,
            height,
            max: max_pixels,
        });
    }
    // A damaged EXIF block only loses the orientation, not the image.
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(corrupt)?;
    image.apply_orientation(orientation);
    Ok((image, format))
}

/// Walks a JPEG's segments and scans to its end-of-image marker; false when
/// the file stops first. Data after the marker (phone trailers) is allowed.
fn jpeg_is_complete(bytes: &[u8]) -> bool {
    let mut i = 2; // after SOI
    while i + 1 < bytes.len() {
        if bytes[i] != 0xFF {
            return false;
        }
        let marker = bytes[i + 1];
        match marker {
            0xD9 => return true,
            // Fill bytes, and markers without a length.
            0xFF => i += 1,
            0x01 | 0xD0..=0xD7 => i += 2,
            _ => {
                let Some(len) = bytes.get(i + 2..i + 4) else {
                    return false;
                };
                let len = usize::from(u16::from_be_bytes([len[0], len[1]]));
                i += 2 + len;
                if marker == 0xDA {
                    // Entropy-coded data: runs until a marker other than a
                    // stuffed 0xFF00 or a restart marker.
                    loop {
                        match bytes.get(i..i + 2) {
                            None => return false,
                            Some([0xFF, 0x00]) | Some([0xFF, 0xD0..=0xD7]) => i += 2,
                            Some([0xFF, _]) => break,
                            Some(_) => i += 1,
                        }
                    }
                }
            }
        }
    }
    false
}

/// Accepts an uploaded screenshot: sniffs the type (PNG, JPEG, WebP, first
/// frame of a GIF), enforces [`MAX_BYTES`] and [`MAX_PIXELS`] before decoding,
/// applies the EXIF orientation, re-encodes without any metadata and makes a
/// JPEG thumbnail.
pub fn intake(bytes: &[u8]) -> Result<Intake, IntakeError> {
    intake_within(bytes, MAX_PIXELS)
}

/// [`intake`] refusing canvases of more than `max_pixels` (e.g.
/// [`BUYER_MAX_PIXELS`] for buyers' uploads; at most [`MAX_PIXELS`]).
pub fn intake_within(bytes: &[u8], max_pixels: u64) -> Result<Intake, IntakeError> {
    let (image, format) = decode_within(bytes, max_pixels)?;
    let (width, height) = (image.width(), image.height());

    // Re-encoding from pixels drops every metadata block (EXIF with location, XMP, comments).
    let (clean, content_type) = if format == ImageFormat::Jpeg {
        (encode_jpeg(&image, JPEG_QUALITY)?, "image/jpeg")
    } else {
        (encode_png(&image)?, "image/png")
    };

    let thumb = image.thumbnail(THUMBNAIL_SIDE, THUMBNAIL_SIDE);
    let thumbnail = encode_jpeg(&thumb, THUMBNAIL_QUALITY)?;

    Ok(Intake {
        bytes: clean,
        content_type,
        width,
        height,
        source_type: format_name(format),
        thumbnail,
        thumbnail_content_type: "image/jpeg",
        thumbnail_width: thumb.width(),
        thumbnail_height: thumb.height(),
    })
}

fn encode_png(image: &DynamicImage) -> Result<Vec<u8>, IntakeError> {
    let mut out = Vec::new();
    // PNG keeps 8-bit RGB(A) or gray; 16-bit and float images are brought to 8 bits.
    let image = match image {
        DynamicImage::ImageLuma8(_)
        | DynamicImage::ImageLumaA8(_)
        | DynamicImage::ImageRgb8(_)
        | DynamicImage::ImageRgba8(_) => std::borrow::Cow::Borrowed(image),
        other if other.color().has_alpha() => {
            std::borrow::Cow::Owned(DynamicImage::ImageRgba8(other.to_rgba8()))
        }
        other => std::borrow::Cow::Owned(DynamicImage::ImageRgb8(other.to_rgb8())),
    };
    image
        .write_with_encoder(PngEncoder::new(&mut out))
        .map_err(|e| IntakeError::Encode(e.to_string()))?;
    Ok(out)
}

/// JPEG has no alpha: transparent pixels are laid on white first.
fn encode_jpeg(image: &DynamicImage, quality: u8) -> Result<Vec<u8>, IntakeError> {
    let rgb = if image.color().has_alpha() {
        let rgba = image.to_rgba8();
        let mut rgb = image::RgbImage::new(rgba.width(), rgba.height());
        for (dst, src) in rgb.pixels_mut().zip(rgba.pixels()) {
            let a = u16::from(src[3]);
            for c in 0..3 {
                dst[c] = ((u16::from(src[c]) * a + 255 * (255 - a)) / 255) as u8;
            }
        }
        rgb
    } else {
        image.to_rgb8()
    };
    let mut out = Vec::new();
    let encoder = JpegEncoder::new_with_quality(&mut out, quality);
    rgb.write_with_encoder(encoder)
        .map_err(|e| IntakeError::Encode(e.to_string()))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cut_off_jpeg_is_refused_and_a_trailer_after_the_end_is_not() {
        let image = DynamicImage::ImageRgb8(image::RgbImage::from_fn(64, 48, |x, y| {
            image::Rgb([(x * 3) as u8, (y * 5) as u8, 77])
        }));
        let jpeg = encode_jpeg(&image, 90).unwrap();
        assert!(jpeg_is_complete(&jpeg));
        let err = decode(&jpeg[..jpeg.len() * 2 / 3]).unwrap_err();
        assert!(
            matches!(err, IntakeError::Corrupt { format: "jpeg", .. }),
            "{err:?}"
        );
        let mut trailer = jpeg.clone();
        trailer.extend_from_slice(b"SEFT\xff\xda trailer");
        assert!(decode(&trailer).is_ok());
    }

    #[test]
    fn heic_and_pdf_are_named_in_the_error() {
        let heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic";
        match sniff(heic) {
            Err(IntakeError::UnsupportedType { detected }) => assert_eq!(detected, "HEIC/HEIF"),
            other => panic!("{other:?}"),
        }
        match sniff(b"%PDF-1.7\n") {
            Err(IntakeError::UnsupportedType { detected }) => assert_eq!(detected, "PDF"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn empty_file_is_refused() {
        assert_eq!(sniff(b"").unwrap_err(), IntakeError::Empty);
    }
}
