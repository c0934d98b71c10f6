//! Screenshot understanding for kadesk: a buyer's order page, payment receipt
//! or error dialog turned into an order number, an amount, a payment status,
//! an error code.
//!
//! The parts, in the order an upload goes through them:
//! - [`intake`]: safe upload handling (type sniffing, size and pixel limits
//!   checked before decoding, EXIF orientation applied and metadata dropped,
//!   thumbnail). Pure, no models.
//! - [`ocr`]: PaddleOCR PP-OCRv4 detection and recognition in pure Rust with
//!   tract. [`OcrEngine::load`] is heavy (run it once, off the async runtime);
//!   the engine is `Send + Sync` and shared by a worker pool.
//! - [`extract`]: layout-aware field extraction from the OCR lines, and the
//!   kind of screen. Pure, tested on synthetic lines.
//! - [`similarity`]: perceptual hash and OCR-text fingerprint for "seen before".
//! - [`analyze`] runs them all on one upload and returns a [`Report`];
//!   [`eval::eval`] scores the whole pipeline on a folder of labelled screenshots.
//!
//! The models come from `scripts/fetch-models.sh DATA_DIR` (PyPI
//! `rapidocr-onnxruntime==1.4.4`, checked by sha256) into `DATA_DIR/models`.

// Tests may unwrap; the library may not (workspace lint).
#![cfg_attr(test, allow(clippy::unwrap_used))]

pub mod eval;
pub mod extract;
pub mod forge;
pub mod intake;
pub mod ocr;
pub mod similarity;

use std::time::Instant;

use image::DynamicImage;
use serde::Serialize;

pub use eval::{eval, EvalReport};
pub use extract::{extract, Analysis, Fields, Kind, PaymentStatus};
pub use intake::{intake, Intake, IntakeError};
pub use ocr::{Line, OcrEngine, OcrError, OcrOptions};

/// Why a screenshot could not be analysed.
#[derive(Debug, thiserror::Error)]
pub enum AnalyzeError {
    #[error(transparent)]
    Intake(#[from] IntakeError),
    #[error(transparent)]
    Ocr(#[from] OcrError),
}

/// Everything read from one screenshot. Serialises to the `kadesk vision
/// analyze --json` object: `{"file","kind","fields":{…ten keys, null when
/// absent…},"missing":[…],"lines":[{"text","confidence","box"}],"elapsed_ms"}`.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Name of the analysed file, set by the caller (empty by default).
    pub file: String,
    pub kind: Kind,
    pub fields: Fields,
    /// Fields the kind requires that were not found (the bot asks for them).
    pub missing: Vec<String>,
    pub lines: Vec<Line>,
    /// Decoding, OCR and extraction, in milliseconds.
    pub elapsed_ms: u64,
    /// Perceptual hash of the picture (see [`similarity::phash`]).
    #[serde(skip)]
    pub phash: u64,
    /// SimHash of the recognised text (see [`similarity::text_fingerprint`]).
    #[serde(skip)]
    pub text_fingerprint: u64,
    /// Image size after orientation.
    #[serde(skip)]
    pub width: u32,
    #[serde(skip)]
    pub height: u32,
    /// Where the OCR time went.
    #[serde(skip)]
    pub timings: ocr::ReadTimings,
}

impl Report {
    /// Both fingerprints, for "seen before" lookups.
    pub fn fingerprint(&self) -> similarity::Fingerprint {
        similarity::Fingerprint {
            phash: self.phash,
            text: self.text_fingerprint,
        }
    }

    /// The report with its file name set.
    pub fn with_file(mut self, file: impl Into<String>) -> Report {
        self.file = file.into();
        self
    }
}

/// Analyses an uploaded screenshot: decodes it with the intake's limits,
/// reads its text, extracts the fields and fingerprints it. CPU-heavy: call
/// it from a blocking worker.
pub fn analyze(engine: &OcrEngine, bytes: &[u8]) -> Result<Report, AnalyzeError> {
    let start = Instant::now();
    let (image, _) = intake::decode(bytes)?;
    let mut report = analyze_image(engine, &image)?;
    report.elapsed_ms = start.elapsed().as_millis() as u64;
    Ok(report)
}

/// [`analyze`] for an image already decoded.
pub fn analyze_image(engine: &OcrEngine, image: &DynamicImage) -> Result<Report, OcrError> {
    let start = Instant::now();
    let rgb: std::borrow::Cow<'_, image::RgbImage> = match image {
        DynamicImage::ImageRgb8(rgb) => std::borrow::Cow::Borrowed(rgb),
        other => std::borrow::Cow::Owned(other.to_rgb8()),
    };
    let (lines, timings) = engine.read_rgb_timed(&rgb)?;
    let Analysis {
        kind,
        fields,
        missing,
    } = extract(&lines);
    Ok(Report {
        file: String::new(),
        kind,
        fields,
        missing,
        phash: similarity::phash_rgb(&rgb),
        text_fingerprint: similarity::text_fingerprint(&lines),
        lines,
        elapsed_ms: start.elapsed().as_millis() as u64,
        width: image.width(),
        height: image.height(),
        timings,
    })
}
