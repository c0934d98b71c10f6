//! PP-OCRv4 in pure Rust: text detection (DB) and recognition (SVTR-LCNet,
//! CTC) run with tract.
//!
//! tract needs a fixed input shape per compiled plan, so the engine keeps the
//! parsed models and compiles a plan per detection size (sides multiples of
//! 32, a small LRU cache) and per recognition width bucket (built at load).
//! The detector's input is sized to the text, not to the photo: a phone
//! screenshot is scaled so its lines are about 13 px high, which keeps
//! detection cheap without losing small print. Lines are recognised on
//! several threads sharing the same plans.

mod det;
mod rec;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use image::{DynamicImage, RgbImage};
use serde::Serialize;
use tract_onnx::prelude::*;

/// File names of the models inside the models folder (see `scripts/fetch-models.sh`).
pub const DET_MODEL: &str = "ch_PP-OCRv4_det_infer.onnx";
pub const REC_MODEL: &str = "ch_PP-OCRv4_rec_infer.onnx";

/// How many detection plans (one per input shape) are kept compiled.
const DET_PLAN_CACHE: usize = 8;
/// Recognised lines below this mean character probability are dropped.
const MIN_CONFIDENCE: f32 = 0.5;

type Plan = Arc<TypedRunnableModel>;

/// Why the engine could not load or run.
#[derive(Debug, thiserror::Error)]
pub enum OcrError {
    #[error(
        "OCR model {path} is missing: run scripts/fetch-models.sh DATA_DIR to fetch it into DATA_DIR/models"
    )]
    MissingModel { path: PathBuf },
    #[error(
        "OCR model {path} cannot be loaded ({reason}): fetch it again with scripts/fetch-models.sh"
    )]
    Load { path: PathBuf, reason: String },
    #[error("OCR inference failed: {0}")]
    Inference(String),
}

fn inference(e: impl std::fmt::Display) -> OcrError {
    OcrError::Inference(e.to_string())
}

/// A rotated rectangle: centre, size along its own axes, angle in radians.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct RotRect {
    pub cx: f32,
    pub cy: f32,
    pub w: f32,
    pub h: f32,
    pub angle: f32,
}

impl RotRect {
    /// Axis-aligned bounds `[x0, y0, x1, y1]`.
    pub fn bounds(&self) -> [f32; 4] {
        let (c, s) = (self.angle.cos().abs(), self.angle.sin().abs());
        let hw = (self.w * c + self.h * s) / 2.0;
        let hh = (self.w * s + self.h * c) / 2.0;
        [self.cx - hw, self.cy - hh, self.cx + hw, self.cy + hh]
    }

    /// The upright rectangle of a box.
    pub fn from_bounds(b: [f32; 4]) -> RotRect {
        RotRect {
            cx: (b[0] + b[2]) / 2.0,
            cy: (b[1] + b[3]) / 2.0,
            w: (b[2] - b[0]).max(1.0),
            h: (b[3] - b[1]).max(1.0),
            angle: 0.0,
        }
    }
}

/// One recognised line of text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    pub text: String,
    /// Mean probability of the recognised characters, 0–1.
    pub confidence: f32,
    /// Axis-aligned box in image pixels: `[x0, y0, x1, y1]`.
    #[serde(rename = "box")]
    pub bbox: [u32; 4],
    /// The rotated box the text was read from (for layout analysis).
    #[serde(skip)]
    pub rect: RotRect,
}

impl Line {
    /// A line with an upright box, as the extraction tests build them.
    pub fn new(text: impl Into<String>, bbox: [u32; 4]) -> Line {
        let rect = RotRect::from_bounds(bbox.map(|v| v as f32));
        Line {
            text: text.into(),
            confidence: 1.0,
            bbox,
            rect,
        }
    }
}

/// Where the time of one [`OcrEngine::read_timed`] went.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct ReadTimings {
    pub detect_ms: f64,
    pub recognize_ms: f64,
    /// Text boxes found by the detector (before dropping unreadable ones).
    pub boxes: usize,
}

/// Engine settings.
#[derive(Debug, Clone)]
pub struct OcrOptions {
    /// Threads used to read one image (detection tiles and recognition).
    /// A worker pool that runs several images at once should use 1.
    pub threads: usize,
    /// Compile every recognition plan at load (steady latency) instead of on first use.
    pub prebuild: bool,
}

impl Default for OcrOptions {
    fn default() -> Self {
        let threads = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .min(4);
        OcrOptions {
            threads,
            prebuild: true,
        }
    }
}

/// The OCR engine: parsed models, their compiled plans and the character list.
/// Loading is heavy (run it once, off the async runtime); reading is `&self`
/// and the engine is `Send + Sync`, so a worker pool shares one.
pub struct OcrEngine {
    /// Parsed detection model, input shape still open; cloned to compile a plan per shape.
    det_model: InferenceModel,
    /// Parsed recognition model, likewise.
    rec_model: InferenceModel,
    /// CTC classes: index 0 is the blank, then the model's dictionary, then a space.
    chars: Vec<String>,
    /// Compiled detection plans by (height, width), most recently used last.
    det_plans: Mutex<Vec<((u32, u32), Plan)>>,
    /// Compiled recognition plans by input (row) width.
    rec_plans: Mutex<HashMap<usize, Plan>>,
    options: OcrOptions,
}

impl std::fmt::Debug for OcrEngine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OcrEngine")
            .field("chars", &self.chars.len())
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

fn parse(path: &Path) -> Result<InferenceModel, OcrError> {
    if !path.is_file() {
        return Err(OcrError::MissingModel {
            path: path.to_path_buf(),
        });
    }
    tract_onnx::onnx()
        .with_ignore_value_info(true)
        .with_ignore_output_shapes(true)
        .model_for_path(path)
        .map_err(|e| OcrError::Load {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })
}

fn compile(model: &InferenceModel, shape: [usize; 4]) -> Result<Plan, OcrError> {
    model
        .clone()
        .with_input_fact(0, f32::fact(shape).into())
        .and_then(|m| m.into_optimized())
        .and_then(|m| m.into_runnable())
        .map_err(inference)
}

impl OcrEngine {
    /// Loads the detection and recognition models from `models_dir` with default options.
    pub fn load(models_dir: impl AsRef<Path>) -> Result<OcrEngine, OcrError> {
        Self::load_with(models_dir, OcrOptions::default())
    }

    /// Loads the models with explicit options.
    pub fn load_with(
        models_dir: impl AsRef<Path>,
        options: OcrOptions,
    ) -> Result<OcrEngine, OcrError> {
        let dir = models_dir.as_ref();
        let det_path = dir.join(DET_MODEL);
        let rec_path = dir.join(REC_MODEL);
        let det_model = parse(&det_path)?;
        let rec_model = parse(&rec_path)?;
        let dict = rec_model
            .properties
            .get("onnx.metadata_props.character")
            .and_then(|t| {
                t.try_as_plain_ram()
                    .ok()
                    .and_then(|v| v.to_scalar::<String>().ok().cloned())
            })
            .ok_or_else(|| OcrError::Load {
                path: rec_path.clone(),
                reason: "no 'character' metadata property".into(),
            })?;
        let mut chars = vec![String::new()];
        chars.extend(dict.split('\n').map(str::to_string));
        // Some exports end the list with a newline; the model's last class is a space.
        if chars.last().is_some_and(|c| c.is_empty()) {
            chars.pop();
        }
        chars.push(" ".to_string());
        let engine = OcrEngine {
            det_model,
            rec_model,
            chars,
            det_plans: Mutex::new(Vec::new()),
            rec_plans: Mutex::new(HashMap::new()),
            options,
        };
        if engine.options.prebuild {
            for &w in rec::WIDTHS {
                engine.rec_plan(w)?;
            }
        }
        Ok(engine)
    }

    /// Number of recognisable characters (the model's dictionary plus a space).
    pub fn charset_len(&self) -> usize {
        self.chars.len() - 1
    }

    fn det_plan(&self, h: u32, w: u32) -> Result<Plan, OcrError> {
        {
            let mut plans = self.det_plans.lock().map_err(inference)?;
            if let Some(i) = plans.iter().position(|(k, _)| *k == (h, w)) {
                let entry = plans.remove(i);
                let plan = entry.1.clone();
                plans.push(entry);
                return Ok(plan);
            }
        }
        let plan = compile(&self.det_model, [1, 3, h as usize, w as usize])?;
        let mut plans = self.det_plans.lock().map_err(inference)?;
        if !plans.iter().any(|(k, _)| *k == (h, w)) {
            if plans.len() >= DET_PLAN_CACHE {
                plans.remove(0);
            }
            plans.push(((h, w), plan.clone()));
        }
        Ok(plan)
    }

    fn rec_plan(&self, w: usize) -> Result<Plan, OcrError> {
        if let Some(p) = self.rec_plans.lock().map_err(inference)?.get(&w) {
            return Ok(p.clone());
        }
        let plan = compile(&self.rec_model, [1, 3, rec::HEIGHT, w])?;
        self.rec_plans
            .lock()
            .map_err(inference)?
            .entry(w)
            .or_insert(plan.clone());
        Ok(plan)
    }

    /// Reads all text in an image: detects lines, then recognises each.
    /// Lines come top to bottom, left to right.
    pub fn read(&self, image: &DynamicImage) -> Result<Vec<Line>, OcrError> {
        self.read_timed(image).map(|(lines, _)| lines)
    }

    /// [`read`](Self::read), also telling where the time went.
    pub fn read_timed(&self, image: &DynamicImage) -> Result<(Vec<Line>, ReadTimings), OcrError> {
        match image {
            DynamicImage::ImageRgb8(rgb) => self.read_rgb_timed(rgb),
            other => self.read_rgb_timed(&other.to_rgb8()),
        }
    }

    /// [`read_timed`](Self::read_timed) for an RGB image.
    pub fn read_rgb_timed(&self, rgb: &RgbImage) -> Result<(Vec<Line>, ReadTimings), OcrError> {
        let start = Instant::now();
        let boxes = self.detect(rgb)?;
        let detected = Instant::now();
        let n = boxes.len();
        let lines = self.recognize(rgb, boxes)?;
        let timings = ReadTimings {
            detect_ms: (detected - start).as_secs_f64() * 1000.0,
            recognize_ms: detected.elapsed().as_secs_f64() * 1000.0,
            boxes: n,
        };
        Ok((lines, timings))
    }

    /// Runs the detector (its bands in parallel) and returns rotated boxes in
    /// image coordinates, in reading order.
    fn detect(&self, rgb: &RgbImage) -> Result<Vec<RotRect>, OcrError> {
        let (w, h) = rgb.dimensions();
        if w < 4 || h < 4 {
            return Ok(Vec::new());
        }
        let threads = self.options.threads.clamp(1, 8) as u32;
        let size = det::plan_size(w, h, det::estimate_text_height(rgb), threads);
        let data = det::input_tensor(rgb, &size);
        let plan = self.det_plan(size.band_height, size.width)?;
        let (bh, bw) = (size.band_height as usize, size.width as usize);
        let run_band = |k: u32| -> Result<Vec<f32>, OcrError> {
            let band = det::band_tensor(&data, &size, k);
            let input = Tensor::from_shape(&[1, 3, bh, bw], &band).map_err(inference)?;
            let out = plan.run(tvec!(input.into())).map_err(inference)?;
            let map = out
                .first()
                .ok_or_else(|| inference("detector returned nothing"))?;
            let view = map.try_as_plain_ram().map_err(inference)?;
            let prob = view.as_slice::<f32>().map_err(inference)?;
            if prob.len() < bh * bw {
                return Err(inference(format!(
                    "detector map has {} values, expected {}",
                    prob.len(),
                    bh * bw
                )));
            }
            Ok(prob[..bh * bw].to_vec())
        };
        let maps: Vec<Vec<f32>> = if size.bands == 1 {
            vec![run_band(0)?]
        } else {
            std::thread::scope(|s| {
                let handles: Vec<_> = (1..size.bands)
                    .map(|k| s.spawn(move || run_band(k)))
                    .collect();
                let mut maps = vec![run_band(0)];
                maps.extend(handles.into_iter().map(|h| {
                    h.join()
                        .unwrap_or_else(|_| Err(inference("detector thread panicked")))
                }));
                maps.into_iter().collect::<Result<Vec<_>, _>>()
            })?
        };
        let prob = det::stitch(&maps, &size);
        let mut boxes: Vec<RotRect> = det::boxes_from_map(&prob, &size)
            .into_iter()
            .map(|(r, _)| r)
            .filter(|r| r.h >= 5.0 && r.w >= 5.0)
            .collect();
        boxes.sort_by(|a, b| {
            let (ab, bb) = (a.bounds(), b.bounds());
            // Same row when the centres are within half a line; then left to right.
            if (a.cy - b.cy).abs() < 0.5 * a.h.min(b.h) {
                ab[0].total_cmp(&bb[0])
            } else {
                a.cy.total_cmp(&b.cy)
            }
        });
        Ok(boxes)
    }

    /// Recognises every box, spread over the configured threads (widest
    /// lines first, so the threads finish together).
    fn recognize(&self, rgb: &RgbImage, boxes: Vec<RotRect>) -> Result<Vec<Line>, OcrError> {
        let n = boxes.len();
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(rec::natural_width(&boxes[i])));
        let results: Vec<Mutex<Option<(String, f32)>>> = (0..n).map(|_| Mutex::new(None)).collect();
        let failure: Mutex<Option<OcrError>> = Mutex::new(None);
        let next = AtomicUsize::new(0);
        let work = || {
            // One state per width and thread: tract then reuses its buffers.
            let mut states: HashMap<usize, TypedSimpleState> = HashMap::new();
            loop {
                let k = next.fetch_add(1, Ordering::Relaxed);
                let Some(&i) = order.get(k) else { break };
                match self.recognize_line(rgb, &boxes[i], &mut states) {
                    Ok(t) => {
                        if let Ok(mut slot) = results[i].lock() {
                            *slot = Some(t);
                        }
                    }
                    Err(e) => {
                        if let Ok(mut f) = failure.lock() {
                            f.get_or_insert(e);
                        }
                        break;
                    }
                }
            }
        };
        let threads = self.options.threads.clamp(1, 8).min(n.max(1));
        if threads <= 1 {
            work();
        } else {
            std::thread::scope(|s| {
                for _ in 1..threads {
                    s.spawn(work);
                }
                work();
            });
        }
        if let Some(e) = failure.into_inner().map_err(inference)? {
            return Err(e);
        }
        let (iw, ih) = rgb.dimensions();
        let mut lines = Vec::with_capacity(n);
        for (slot, rect) in results.into_iter().zip(boxes) {
            let Some((text, confidence)) = slot.into_inner().map_err(inference)? else {
                continue;
            };
            let text = text.trim().to_string();
            if text.is_empty() || confidence < MIN_CONFIDENCE {
                continue;
            }
            let b = rect.bounds();
            let clamp = |v: f32, max: u32| v.round().clamp(0.0, max as f32) as u32;
            let bbox = [
                clamp(b[0], iw),
                clamp(b[1], ih),
                clamp(b[2], iw),
                clamp(b[3], ih),
            ];
            lines.push(Line {
                text,
                confidence,
                bbox,
                rect,
            });
        }
        Ok(lines)
    }

    /// Rectifies one box, runs the model at its width bucket and decodes it.
    fn recognize_line(
        &self,
        rgb: &RgbImage,
        rect: &RotRect,
        states: &mut HashMap<usize, TypedSimpleState>,
    ) -> Result<(String, f32), OcrError> {
        let natural = rec::natural_width(rect);
        let bucket = rec::bucket(natural);
        let width = natural.min(bucket);
        let strip = rec::rectify(rgb, rect, width);
        let mut data = vec![0f32; 3 * rec::HEIGHT * bucket];
        rec::write_strip(&strip, width, bucket, &mut data);
        let input = Tensor::from_shape(&[1, 3, rec::HEIGHT, bucket], &data).map_err(inference)?;
        let state = match states.entry(bucket) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(v) => {
                let plan = self.rec_plan(bucket)?;
                v.insert(plan.spawn().map_err(inference)?)
            }
        };
        let out = state.run(tvec!(input.into())).map_err(inference)?;
        let probs = out
            .first()
            .ok_or_else(|| inference("recogniser returned nothing"))?;
        let classes = probs.shape().last().copied().unwrap_or(0);
        if classes != self.chars.len() {
            return Err(inference(format!(
                "recogniser has {classes} classes but the character list {}",
                self.chars.len()
            )));
        }
        let view = probs.try_as_plain_ram().map_err(inference)?;
        let p = view.as_slice::<f32>().map_err(inference)?;
        let steps = p.len() / classes;
        // Only the steps over the line, not over the padding.
        let used = (width * steps).div_ceil(bucket) + 1;
        Ok(rec::ctc_decode(p, classes, used, &self.chars))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn engine_can_be_shared_by_a_worker_pool() {
        assert_send_sync::<OcrEngine>();
    }

    #[test]
    fn missing_models_say_how_to_fetch_them() {
        let err = OcrEngine::load("/nonexistent/models").unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("fetch-models.sh"), "{msg}");
    }

    #[test]
    fn rotated_bounds_contain_the_rectangle() {
        let r = RotRect {
            cx: 100.0,
            cy: 50.0,
            w: 100.0,
            h: 20.0,
            angle: 3f32.to_radians(),
        };
        let b = r.bounds();
        assert!(
            b[0] < 50.0 && b[2] > 150.0 && b[1] < 40.0 && b[3] > 60.0,
            "{b:?}"
        );
    }
}
