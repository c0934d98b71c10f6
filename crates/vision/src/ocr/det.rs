//! Text detection around the PP-OCRv4 DB model: sizing the input to the text,
//! building the input tensor, and turning the probability map into rotated
//! boxes (connected components, principal axis, unclip).

use image::imageops::FilterType;
use image::RgbImage;

use super::RotRect;

/// Text height (in detection-input pixels) the detector input is scaled to.
pub(crate) const TARGET_TEXT_HEIGHT: f32 = 13.0;
/// Bounds on the detection input's longer side, in pixels.
const MIN_SIDE: u32 = 256;
const MAX_LONG_SIDE: u32 = 1536;
/// Probability above which a pixel belongs to a text kernel.
const PIXEL_THRESHOLD: f32 = 0.3;
/// Mean probability a component needs to be kept.
const BOX_THRESHOLD: f32 = 0.55;
/// How far the shrunk text kernel is grown back (DB's unclip ratio).
const UNCLIP_RATIO: f32 = 1.6;

/// ImageNet mean and std, applied in BGR channel order as PaddleOCR does.
const MEAN: [f32; 3] = [0.485, 0.456, 0.406];
const STD: [f32; 3] = [0.229, 0.224, 0.225];

/// The input plan for one image: scale factor, content size, and the
/// horizontal bands the detector runs on (one plan shape for all bands, so
/// they run in parallel and the plan is reused across images).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct DetSize {
    /// Scale from the original image to the detector input.
    pub scale: f32,
    /// Content size after scaling (before padding); `width` is a multiple of 64.
    pub width: u32,
    pub height: u32,
    /// Number of bands and the height of each (a multiple of 64).
    pub bands: u32,
    pub band_height: u32,
}

/// Rows shared by neighbouring bands; each band's outer half of it is dropped.
pub(crate) const BAND_OVERLAP: u32 = 64;

impl DetSize {
    /// First row of band `k` in the scaled image.
    pub fn band_top(&self, k: u32) -> u32 {
        k * (self.band_height - BAND_OVERLAP)
    }

    /// Rows of the full tensor (all bands laid end to end, overlaps counted once).
    pub fn tensor_height(&self) -> u32 {
        self.band_top(self.bands - 1) + self.band_height
    }
}

/// Estimates the typical height of text lines, in pixels of the original
/// image, from a horizontal-edge row profile in vertical strips (strips keep
/// a slightly tilted photo's lines apart). `None` when no text-like rows exist.
pub(crate) fn estimate_text_height(image: &RgbImage) -> Option<f32> {
    let (w, h) = image.dimensions();
    if w < 16 || h < 16 {
        return None;
    }
    // Every `step`-th pixel of a ~540 px wide view: enough to see 8 px text, and fast.
    let step = (w / 540).max(1) as usize;
    let (w, h) = (w as usize, h as usize);
    let raw = image.as_raw();
    let luma = |x: usize, y: usize| {
        let i = (y * w + x) * 3;
        (u32::from(raw[i]) * 77 + u32::from(raw[i + 1]) * 150 + u32::from(raw[i + 2]) * 29) >> 8
    };
    let strips = 6usize;
    let strip_w = w / strips;
    let mut runs: Vec<u32> = Vec::new();
    for s in 0..strips {
        let x0 = s * strip_w;
        let x1 = if s + 1 == strips {
            w - step
        } else {
            x0 + strip_w
        };
        let mut run = 0u32;
        for y in (0..h).step_by(step) {
            let mut edges = 0u32;
            let mut prev = luma(x0, y);
            for x in (x0 + step..x1).step_by(step) {
                let cur = luma(x, y);
                if cur.abs_diff(prev) > 40 {
                    edges += 1;
                }
                prev = cur;
            }
            if edges >= 2 {
                run += 1;
            } else {
                if run >= 3 {
                    runs.push(run);
                }
                run = 0;
            }
        }
        if run >= 3 {
            runs.push(run);
        }
    }
    // Runs taller than a sixth of the image are pictures, not text.
    let rows = (h / step) as u32;
    runs.retain(|&r| r < rows / 6);
    if runs.len() < 3 {
        return None;
    }
    runs.sort_unstable();
    let median = runs[runs.len() / 2] as f32;
    Some(median * step as f32)
}

/// Chooses the detector input for an image: scaled so that text lines are
/// about [`TARGET_TEXT_HEIGHT`] pixels high, width a multiple of 64, cut
/// into `bands` horizontal bands of equal height.
pub(crate) fn plan_size(width: u32, height: u32, text_height: Option<f32>, bands: u32) -> DetSize {
    // Without an estimate, assume a phone screenshot: text is about 1/26 of the width.
    let text_h = text_height.unwrap_or(width as f32 / 26.0).max(4.0);
    let mut scale = TARGET_TEXT_HEIGHT / text_h;
    let long = width.max(height) as f32;
    let short = width.min(height) as f32;
    if long * scale > MAX_LONG_SIDE as f32 {
        scale = MAX_LONG_SIDE as f32 / long;
    }
    if short * scale < MIN_SIDE as f32 {
        scale = (MIN_SIDE as f32 / short).min(MAX_LONG_SIDE as f32 / long);
    }
    // Width to a multiple of 64 (fewer distinct plans); the scale follows it.
    let w = (((width as f32 * scale) / 64.0).round() as u32).max(1) * 64;
    let scale = w as f32 / width as f32;
    let h = ((height as f32 * scale).round() as u32).max(32);
    let bands = bands.clamp(1, (h / 192).max(1));
    let band_height = if bands == 1 {
        h.div_ceil(64) * 64
    } else {
        (h + (bands - 1) * BAND_OVERLAP)
            .div_ceil(bands)
            .div_ceil(64)
            * 64
    };
    DetSize {
        scale,
        width: w,
        height: h,
        bands,
        band_height,
    }
}

/// Resizes an RGB image: area averaging when shrinking, bilinear when growing.
pub(crate) fn resize_rgb(image: &RgbImage, nw: u32, nh: u32) -> RgbImage {
    let (w, h) = image.dimensions();
    if nw >= w || nh >= h {
        return image::imageops::resize(image, nw, nh, FilterType::Triangle);
    }
    let raw = image.as_raw();
    let (w, nw_us, nh_us) = (w as usize, nw as usize, nh as usize);
    let bounds = |n: usize, total: usize, i: usize| {
        let a = i * total / n;
        let b = ((i + 1) * total / n).max(a + 1).min(total);
        (a, b)
    };
    let xs: Vec<(usize, usize)> = (0..nw_us).map(|i| bounds(nw_us, w, i)).collect();
    let mut out = vec![0u8; nw_us * nh_us * 3];
    let mut acc = vec![0u32; nw_us * 3];
    for oy in 0..nh_us {
        let (y0, y1) = bounds(nh_us, h as usize, oy);
        acc.fill(0);
        for y in y0..y1 {
            let row = &raw[y * w * 3..(y + 1) * w * 3];
            for (ox, &(x0, x1)) in xs.iter().enumerate() {
                let (mut r, mut g, mut b) = (0u32, 0u32, 0u32);
                for x in x0..x1 {
                    r += u32::from(row[x * 3]);
                    g += u32::from(row[x * 3 + 1]);
                    b += u32::from(row[x * 3 + 2]);
                }
                acc[ox * 3] += r;
                acc[ox * 3 + 1] += g;
                acc[ox * 3 + 2] += b;
            }
        }
        let rows = (y1 - y0) as u32;
        for (ox, &(x0, x1)) in xs.iter().enumerate() {
            let n = rows * (x1 - x0) as u32;
            for c in 0..3 {
                out[(oy * nw_us + ox) * 3 + c] = ((acc[ox * 3 + c] + n / 2) / n) as u8;
            }
        }
    }
    RgbImage::from_raw(nw, nh, out).unwrap_or_else(|| RgbImage::new(nw, nh))
}

/// Builds the NCHW data (BGR, ImageNet-normalised) of the whole banded
/// input: `3 × tensor_height × width`. Rows past the image are filled with
/// the image's border colour so they read as background.
pub(crate) fn input_tensor(image: &RgbImage, size: &DetSize) -> Vec<f32> {
    let resized = resize_rgb(image, size.width, size.height);
    let (tw, th) = (size.width as usize, size.tensor_height() as usize);
    let plane = tw * th;
    let mut data = vec![0f32; 3 * plane];
    let border = border_color(&resized);
    let raw = resized.as_raw();
    let norm = |c: usize, v: u8| (f32::from(v) / 255.0 - MEAN[c]) / STD[c];
    for y in 0..th {
        for x in 0..tw {
            let px = if y < size.height as usize {
                let i = (y * tw + x) * 3;
                [raw[i], raw[i + 1], raw[i + 2]]
            } else {
                border
            };
            // Channel c of the tensor is B, G, R for c = 0, 1, 2.
            for c in 0..3 {
                data[c * plane + y * tw + x] = norm(c, px[2 - c]);
            }
        }
    }
    data
}

/// The rows of band `k` out of the full input data.
pub(crate) fn band_tensor(data: &[f32], size: &DetSize, k: u32) -> Vec<f32> {
    let (tw, th) = (size.width as usize, size.tensor_height() as usize);
    let bh = size.band_height as usize;
    let top = size.band_top(k) as usize;
    let mut out = Vec::with_capacity(3 * bh * tw);
    for c in 0..3 {
        let start = c * th * tw + top * tw;
        out.extend_from_slice(&data[start..start + bh * tw]);
    }
    out
}

/// Stitches the bands' probability maps into one `height × width` map,
/// each band contributing its rows away from the overlaps.
pub(crate) fn stitch(maps: &[Vec<f32>], size: &DetSize) -> Vec<f32> {
    let tw = size.width as usize;
    let h = size.height as usize;
    let mut out = vec![0f32; h * tw];
    let half = (BAND_OVERLAP / 2) as usize;
    for (k, map) in maps.iter().enumerate() {
        let top = size.band_top(k as u32) as usize;
        let first = if k == 0 { 0 } else { top + half };
        let last = if k + 1 == maps.len() {
            h
        } else {
            (top + size.band_height as usize - half).min(h)
        };
        for y in first..last {
            let src = (y - top) * tw;
            out[y * tw..(y + 1) * tw].copy_from_slice(&map[src..src + tw]);
        }
    }
    out
}

fn border_color(image: &RgbImage) -> [u8; 3] {
    let (w, h) = image.dimensions();
    let mut samples: Vec<[u8; 3]> = Vec::new();
    for x in (0..w).step_by(4) {
        samples.push(image.get_pixel(x, h - 1).0);
    }
    for y in (0..h).step_by(4) {
        samples.push(image.get_pixel(w - 1, y).0);
    }
    let mut out = [0u8; 3];
    for (c, o) in out.iter_mut().enumerate() {
        let mut v: Vec<u8> = samples.iter().map(|p| p[c]).collect();
        v.sort_unstable();
        *o = v.get(v.len() / 2).copied().unwrap_or(0);
    }
    out
}

/// Turns the stitched probability map (`height × width`) into rotated text
/// boxes in the coordinates of the original image.
pub(crate) fn boxes_from_map(prob: &[f32], size: &DetSize) -> Vec<(RotRect, f32)> {
    let (tw, w, h) = (
        size.width as usize,
        size.width as usize,
        size.height as usize,
    );
    let mut label = vec![0u32; w * h];
    let mut out = Vec::new();
    let mut stack: Vec<(usize, usize)> = Vec::new();
    let mut pixels: Vec<(usize, usize)> = Vec::new();
    let mut next = 0u32;
    for y0 in 0..h {
        for x0 in 0..w {
            if label[y0 * w + x0] != 0 || prob[y0 * tw + x0] <= PIXEL_THRESHOLD {
                continue;
            }
            next += 1;
            label[y0 * w + x0] = next;
            stack.push((x0, y0));
            pixels.clear();
            let mut score = 0f32;
            while let Some((x, y)) = stack.pop() {
                pixels.push((x, y));
                score += prob[y * tw + x];
                let mut visit = |nx: usize, ny: usize| {
                    let i = ny * w + nx;
                    if label[i] == 0 && prob[ny * tw + nx] > PIXEL_THRESHOLD {
                        label[i] = next;
                        stack.push((nx, ny));
                    }
                };
                if x > 0 {
                    visit(x - 1, y);
                }
                if x + 1 < w {
                    visit(x + 1, y);
                }
                if y > 0 {
                    visit(x, y - 1);
                }
                if y + 1 < h {
                    visit(x, y + 1);
                }
            }
            if pixels.len() < 6 {
                continue;
            }
            let mean = score / pixels.len() as f32;
            if mean < BOX_THRESHOLD {
                continue;
            }
            if let Some(rect) = component_rect(&pixels) {
                if rect.h < 2.0 || rect.w < 3.0 {
                    continue;
                }
                let rect = unclip(rect);
                let s = size.scale;
                out.push((
                    RotRect {
                        cx: (rect.cx + 0.5) / s - 0.5,
                        cy: (rect.cy + 0.5) / s - 0.5,
                        w: rect.w / s,
                        h: rect.h / s,
                        angle: rect.angle,
                    },
                    mean,
                ));
            }
        }
    }
    out
}

/// Minimum-ish rectangle of a component along its principal axis. Text is
/// close to horizontal, so angles are clamped to ±20°.
fn component_rect(pixels: &[(usize, usize)]) -> Option<RotRect> {
    let n = pixels.len() as f64;
    if n < 1.0 {
        return None;
    }
    let (mut sx, mut sy) = (0f64, 0f64);
    for &(x, y) in pixels {
        sx += x as f64;
        sy += y as f64;
    }
    let (mx, my) = (sx / n, sy / n);
    let (mut sxx, mut syy, mut sxy) = (0f64, 0f64, 0f64);
    for &(x, y) in pixels {
        let (dx, dy) = (x as f64 - mx, y as f64 - my);
        sxx += dx * dx;
        syy += dy * dy;
        sxy += dx * dy;
    }
    let mut angle = 0.5 * (2.0 * sxy).atan2(sxx - syy);
    // Short or square blobs have no reliable direction: keep them upright.
    let elongated = sxx > 4.0 * syy;
    if !elongated || angle.abs() > 20f64.to_radians() {
        angle = 0.0;
    }
    let (c, s) = (angle.cos(), angle.sin());
    let (mut umin, mut umax, mut vmin, mut vmax) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for &(x, y) in pixels {
        let (dx, dy) = (x as f64 - mx, y as f64 - my);
        let u = dx * c + dy * s;
        let v = -dx * s + dy * c;
        umin = umin.min(u);
        umax = umax.max(u);
        vmin = vmin.min(v);
        vmax = vmax.max(v);
    }
    let (uc, vc) = ((umin + umax) / 2.0, (vmin + vmax) / 2.0);
    Some(RotRect {
        cx: (mx + uc * c - vc * s) as f32,
        cy: (my + uc * s + vc * c) as f32,
        w: (umax - umin + 1.0) as f32,
        h: (vmax - vmin + 1.0) as f32,
        angle: angle as f32,
    })
}

/// Grows a shrunk text kernel back to the text's extent: offset = area × ratio / perimeter.
fn unclip(r: RotRect) -> RotRect {
    let d = r.w * r.h * UNCLIP_RATIO / (2.0 * (r.w + r.h));
    RotRect {
        w: r.w + 2.0 * d,
        h: r.h + 2.0 * d,
        ..r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_screenshot_is_scaled_to_the_text() {
        let s = plan_size(1080, 2340, Some(40.0), 2);
        assert!(s.width >= 320 && s.width <= 384, "{s:?}");
        assert_eq!(s.width % 64, 0);
        assert_eq!(s.band_height % 32, 0);
        assert_eq!(s.bands, 2);
        assert!(s.tensor_height() >= s.height, "{s:?}");
    }

    #[test]
    fn tiny_images_are_scaled_up_to_the_minimum_side() {
        let s = plan_size(100, 60, Some(40.0), 2);
        assert!(s.height >= MIN_SIDE - 32, "{s:?}");
        assert_eq!(s.bands, 1);
    }

    #[test]
    fn bands_stitch_back_to_the_full_map() {
        let size = plan_size(1080, 2340, Some(40.0), 2);
        let (w, h) = (size.width as usize, size.height as usize);
        let th = size.tensor_height() as usize;
        // A "map" whose value is the row number, cut into bands as the detector sees them.
        let full: Vec<f32> = (0..th * w).map(|i| (i / w) as f32).collect();
        let maps: Vec<Vec<f32>> = (0..size.bands)
            .map(|k| {
                let top = size.band_top(k) as usize;
                full[top * w..(top + size.band_height as usize) * w].to_vec()
            })
            .collect();
        let stitched = stitch(&maps, &size);
        assert_eq!(stitched.len(), h * w);
        assert!(stitched
            .iter()
            .enumerate()
            .all(|(i, v)| *v == (i / w) as f32));
    }

    #[test]
    fn area_resize_averages() {
        let img = RgbImage::from_fn(4, 2, |x, _| {
            if x < 2 {
                image::Rgb([0, 0, 0])
            } else {
                image::Rgb([200, 100, 50])
            }
        });
        let small = resize_rgb(&img, 2, 1);
        assert_eq!(small.get_pixel(0, 0).0, [0, 0, 0]);
        assert_eq!(small.get_pixel(1, 0).0, [200, 100, 50]);
    }

    #[test]
    fn a_horizontal_bar_becomes_one_box() {
        let size = DetSize {
            scale: 0.5,
            width: 64,
            height: 32,
            bands: 1,
            band_height: 64,
        };
        let mut prob = vec![0f32; 64 * 32];
        for y in 10..16 {
            for x in 8..50 {
                prob[y * 64 + x] = 0.9;
            }
        }
        let boxes = boxes_from_map(&prob, &size);
        assert_eq!(boxes.len(), 1);
        let (r, score) = boxes[0];
        assert!(score > 0.85);
        assert!(r.angle.abs() < 1e-3);
        assert!((r.cx - 57.5).abs() < 1.5, "{r:?}");
        assert!(r.w > 84.0 && r.h > 12.0, "{r:?}");
    }
}
