//! "Seen before" fingerprints: a perceptual hash of the picture (dHash, 64
//! bits) and a SimHash of its normalised OCR text (64 bits). Near-identical
//! screenshots — the same error dialog sent by many buyers, recompressed or
//! cropped a little — are a few bits apart; unrelated ones about 32.
//!
//! Both are plain `u64`s (store them as integers or 16-digit hex) compared
//! with [`distance`] (Hamming distance, 0–64).

use image::{DynamicImage, RgbImage};

use crate::extract::normalize;
use crate::ocr::Line;

/// Distance at or under which two perceptual hashes are taken as the same picture.
pub const SAME_PICTURE: u32 = 10;
/// Distance at or under which two text fingerprints are taken as the same text.
pub const SAME_TEXT: u32 = 10;

/// Difference hash: the image shrunk to 9×8 grey cells, one bit per
/// horizontal neighbour pair (is the left one brighter?).
pub fn phash(image: &DynamicImage) -> u64 {
    match image {
        DynamicImage::ImageRgb8(rgb) => phash_rgb(rgb),
        other => phash_rgb(&other.to_rgb8()),
    }
}

/// [`phash`] of an RGB image. Each cell's grey level is the mean of a grid
/// of samples (at most 64×64 per cell), so it costs the same for any size.
pub fn phash_rgb(image: &RgbImage) -> u64 {
    let (w, h) = (image.width() as usize, image.height() as usize);
    if w == 0 || h == 0 {
        return 0;
    }
    let raw = image.as_raw();
    let mut cells = [[0f32; 9]; 8];
    for (cy, row) in cells.iter_mut().enumerate() {
        let (y0, y1) = (cy * h / 8, ((cy + 1) * h / 8).max(cy * h / 8 + 1).min(h));
        for (cx, cell) in row.iter_mut().enumerate() {
            let (x0, x1) = (cx * w / 9, ((cx + 1) * w / 9).max(cx * w / 9 + 1).min(w));
            let sy = ((y1 - y0) / 64).max(1);
            let sx = ((x1 - x0) / 64).max(1);
            let (mut sum, mut n) = (0u64, 0u64);
            for y in (y0..y1).step_by(sy) {
                for x in (x0..x1).step_by(sx) {
                    let i = (y * w + x) * 3;
                    sum += u64::from(raw[i]) * 77
                        + u64::from(raw[i + 1]) * 150
                        + u64::from(raw[i + 2]) * 29;
                    n += 1;
                }
            }
            *cell = sum as f32 / n.max(1) as f32;
        }
    }
    let mut hash = 0u64;
    for row in &cells {
        for x in 0..8 {
            hash = (hash << 1) | u64::from(row[x] > row[x + 1]);
        }
    }
    hash
}

/// SimHash of the text of all lines: lower-cased, full-width folded, spaces
/// removed; features are character bigrams for Chinese and words for Latin
/// script, so the same dialog reads the same even when OCR splits lines differently.
pub fn text_fingerprint(lines: &[Line]) -> u64 {
    let text: Vec<String> = lines.iter().map(|l| l.text.clone()).collect();
    text_fingerprint_of(&text)
}

/// [`text_fingerprint`] of plain strings.
pub fn text_fingerprint_of<S: AsRef<str>>(texts: &[S]) -> u64 {
    let mut weights = [0i32; 64];
    let mut any = false;
    for t in texts {
        for feature in features(t.as_ref()) {
            any = true;
            let h = kadesk_domain::text::fnv1a(feature.as_bytes());
            for (bit, w) in weights.iter_mut().enumerate() {
                if h >> bit & 1 == 1 {
                    *w += 1;
                } else {
                    *w -= 1;
                }
            }
        }
    }
    if !any {
        return 0;
    }
    weights.iter().enumerate().fold(
        0u64,
        |acc, (bit, &w)| if w > 0 { acc | 1 << bit } else { acc },
    )
}

fn features(text: &str) -> Vec<String> {
    let norm = normalize(text).to_lowercase();
    let mut out = Vec::new();
    let mut word = String::new();
    let mut cjk: Vec<char> = Vec::new();
    let flush_cjk = |cjk: &mut Vec<char>, out: &mut Vec<String>| {
        match cjk.len() {
            0 => {}
            1 => out.push(cjk[0].to_string()),
            _ => out.extend(cjk.windows(2).map(|w| w.iter().collect::<String>())),
        }
        cjk.clear();
    };
    for c in norm.chars() {
        if c.is_ascii_alphanumeric() {
            flush_cjk(&mut cjk, &mut out);
            word.push(c);
        } else {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            if c.is_alphanumeric() {
                cjk.push(c);
            } else {
                flush_cjk(&mut cjk, &mut out);
            }
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    flush_cjk(&mut cjk, &mut out);
    out
}

/// Hamming distance between two 64-bit fingerprints (0 = identical, ~32 = unrelated).
pub fn distance(a: u64, b: u64) -> u32 {
    (a ^ b).count_ones()
}

/// Both fingerprints of one screenshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Fingerprint {
    pub phash: u64,
    pub text: u64,
}

impl Fingerprint {
    /// Same screenshot for "seen before" purposes: the picture or the text
    /// is near-identical (text alone when the picture is a re-shot photo).
    pub fn matches(&self, other: &Fingerprint) -> bool {
        let text_ok =
            self.text != 0 && other.text != 0 && distance(self.text, other.text) <= SAME_TEXT;
        distance(self.phash, other.phash) <= SAME_PICTURE || text_ok
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_text_read_in_different_pieces_is_close() {
        let a = text_fingerprint_of(&["充值失败", "卡密已被使用，请确认后重试", "错误代码：E1025"]);
        let b = text_fingerprint_of(&[
            "充值失败",
            "卡密已被使用，请确认后",
            "重试",
            "错误代码:E1025",
        ]);
        let c = text_fingerprint_of(&["Order details", "Order No. D20241120X7731", "Total $12.00"]);
        assert!(distance(a, b) <= SAME_TEXT, "{}", distance(a, b));
        assert!(distance(a, c) > SAME_TEXT, "{}", distance(a, c));
    }

    #[test]
    fn recompressed_picture_keeps_its_hash() {
        let img = image::RgbImage::from_fn(90, 160, |x, y| {
            let v = ((x * 7 + y * 3) % 255) as u8;
            image::Rgb([v, v / 2, 255 - v])
        });
        let a = DynamicImage::ImageRgb8(img.clone());
        let mut jpeg = Vec::new();
        a.write_to(
            &mut std::io::Cursor::new(&mut jpeg),
            image::ImageFormat::Jpeg,
        )
        .unwrap();
        let b = image::load_from_memory(&jpeg).unwrap();
        let flipped = DynamicImage::ImageRgb8(image::imageops::flip_horizontal(&img));
        assert!(distance(phash(&a), phash(&b)) <= 4);
        assert!(distance(phash(&a), phash(&flipped)) > SAME_PICTURE);
    }
}
