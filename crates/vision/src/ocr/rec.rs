//! Text recognition around the PP-OCRv4 SVTR-LCNet model: rectifying a
//! rotated box into a 48-pixel-high strip, normalising it, and CTC decoding.

use image::RgbImage;

use super::RotRect;

/// Input height of the recognition model.
pub(crate) const HEIGHT: usize = 48;
/// Recognition input widths, one compiled plan each. A line is padded to
/// the next width; lines longer than the last one are squeezed into it.
/// (Packing several short lines into one run saves little — the model's cost
/// is linear in width — and costs accuracy: neighbours confuse letter case.)
pub(crate) const WIDTHS: &[usize] = &[
    64, 128, 192, 256, 320, 384, 448, 512, 640, 768, 896, 1024, 1280, 1600,
];

/// The width bucket a line of `w` columns goes to.
pub(crate) fn bucket(w: usize) -> usize {
    WIDTHS
        .iter()
        .copied()
        .find(|&b| b >= w)
        .unwrap_or(WIDTHS[WIDTHS.len() - 1])
}

/// Width (in model pixels) of a box once scaled to the model's height.
pub(crate) fn natural_width(r: &RotRect) -> usize {
    let w = (r.w * HEIGHT as f32 / r.h.max(1.0)).round() as usize;
    w.clamp(16, WIDTHS[WIDTHS.len() - 1])
}

/// Samples the rotated box out of the image into a `HEIGHT × width` strip
/// (RGB, row-major), averaging several samples per pixel when shrinking.
/// Light text on a dark background is inverted, as the model reads dark on light best.
pub(crate) fn rectify(image: &RgbImage, r: &RotRect, width: usize) -> Vec<[f32; 3]> {
    let (iw, ih) = (image.width() as f32, image.height() as f32);
    let (c, s) = (r.angle.cos(), r.angle.sin());
    let step_u = r.w / width as f32;
    let step_v = r.h / HEIGHT as f32;
    let k = (step_u.max(step_v).ceil() as usize).clamp(1, 3);
    let mut out = vec![[0f32; 3]; HEIGHT * width];
    let raw = image.as_raw();
    let stride = image.width() as usize * 3;
    let sample = |x: f32, y: f32| -> [f32; 3] {
        let x = x.clamp(0.0, iw - 1.0);
        let y = y.clamp(0.0, ih - 1.0);
        let (x0, y0) = (x.floor(), y.floor());
        let (fx, fy) = (x - x0, y - y0);
        let (x0, y0) = (x0 as usize, y0 as usize);
        let x1 = (x0 + 1).min(iw as usize - 1);
        let y1 = (y0 + 1).min(ih as usize - 1);
        let mut px = [0f32; 3];
        for (ch, p) in px.iter_mut().enumerate() {
            let a = f32::from(raw[y0 * stride + x0 * 3 + ch]);
            let b = f32::from(raw[y0 * stride + x1 * 3 + ch]);
            let cc = f32::from(raw[y1 * stride + x0 * 3 + ch]);
            let d = f32::from(raw[y1 * stride + x1 * 3 + ch]);
            *p = (a * (1.0 - fx) + b * fx) * (1.0 - fy) + (cc * (1.0 - fx) + d * fx) * fy;
        }
        px
    };
    let inv = 1.0 / (k * k) as f32;
    for v in 0..HEIGHT {
        for u in 0..width {
            let mut acc = [0f32; 3];
            for sv in 0..k {
                for su in 0..k {
                    let du = (u as f32 + (su as f32 + 0.5) / k as f32) * step_u - r.w / 2.0;
                    let dv = (v as f32 + (sv as f32 + 0.5) / k as f32) * step_v - r.h / 2.0;
                    let x = r.cx + du * c - dv * s;
                    let y = r.cy + du * s + dv * c;
                    let p = sample(x, y);
                    for ch in 0..3 {
                        acc[ch] += p[ch];
                    }
                }
            }
            out[v * width + u] = [acc[0] * inv, acc[1] * inv, acc[2] * inv];
        }
    }
    if is_light_on_dark(&out, width) {
        for p in out.iter_mut() {
            for ch in p.iter_mut() {
                *ch = 255.0 - *ch;
            }
        }
    }
    out
}

fn luma(p: &[f32; 3]) -> f32 {
    0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2]
}

/// The background is taken from the strip's top and bottom rows; when it is
/// darker than the strip's average, the text is the light part.
fn is_light_on_dark(strip: &[[f32; 3]], width: usize) -> bool {
    let mut border: Vec<f32> = strip[..width]
        .iter()
        .chain(strip[(HEIGHT - 1) * width..].iter())
        .map(luma)
        .collect();
    border.sort_by(|a, b| a.total_cmp(b));
    let bg = border[border.len() / 2];
    let mean = strip.iter().map(luma).sum::<f32>() / strip.len() as f32;
    bg < mean - 2.0
}

/// Writes a strip into an input tensor (`3 × HEIGHT × bucket`, BGR, scaled
/// to [-1, 1]); the columns past the strip stay 0, PaddleOCR's padding.
pub(crate) fn write_strip(strip: &[[f32; 3]], width: usize, bucket: usize, out: &mut [f32]) {
    let plane = HEIGHT * bucket;
    let w = width.min(bucket);
    for y in 0..HEIGHT {
        for x in 0..w {
            let p = strip[y * width + x];
            for c in 0..3 {
                out[c * plane + y * bucket + x] = p[2 - c] / 127.5 - 1.0;
            }
        }
    }
}

/// Greedy CTC decoding of `steps × classes` probabilities: best class per
/// step, repeats merged, blanks (class 0) dropped. Only the first `used`
/// steps (those covering the line, not the padding) are read.
/// Returns the text and the mean probability of its characters.
pub(crate) fn ctc_decode(
    probs: &[f32],
    classes: usize,
    used: usize,
    chars: &[String],
) -> (String, f32) {
    let steps = probs.len() / classes;
    let mut text = String::new();
    let mut sum = 0f32;
    let mut n = 0usize;
    let mut prev = 0usize;
    for t in 0..steps.min(used) {
        let row = &probs[t * classes..(t + 1) * classes];
        let (mut best, mut best_p) = (0usize, f32::MIN);
        for (i, &p) in row.iter().enumerate() {
            if p > best_p {
                best = i;
                best_p = p;
            }
        }
        if best != 0 && best != prev {
            if let Some(ch) = chars.get(best) {
                text.push_str(ch);
                sum += best_p;
                n += 1;
            }
        }
        prev = best;
    }
    let conf = if n == 0 { 0.0 } else { sum / n as f32 };
    (text, conf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ctc_merges_repeats_and_drops_blanks() {
        let chars: Vec<String> = ["<blank>", "a", "b"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        // steps: a a blank a b b
        let seq = [1, 1, 0, 1, 2, 2];
        let mut probs = vec![0f32; seq.len() * 3];
        for (t, &c) in seq.iter().enumerate() {
            probs[t * 3 + c] = 0.9;
        }
        let (text, conf) = ctc_decode(&probs, 3, seq.len(), &chars);
        assert_eq!(text, "aab");
        assert!((conf - 0.9).abs() < 1e-6);
    }

    #[test]
    fn buckets_cover_every_width() {
        assert_eq!(bucket(10), 64);
        assert_eq!(bucket(65), 128);
        assert_eq!(bucket(5000), 1600);
    }
}
