//! The whole pipeline on real (generated, degraded) screenshots: OCR with the
//! PP-OCRv4 models, extraction, fingerprints, the report's JSON and the
//! evaluation. Needs the models: run `scripts/fetch-models.sh DATA_DIR` and
//! set `KADESK_MODELS_DIR=DATA_DIR/models` (the test script does both).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use kadesk_vision::eval::load_truths;
use kadesk_vision::similarity::{distance, SAME_PICTURE, SAME_TEXT};
use kadesk_vision::{analyze, eval, Kind, OcrEngine, OcrOptions};

fn models_dir() -> PathBuf {
    match std::env::var_os("KADESK_MODELS_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => panic!(
            "KADESK_MODELS_DIR is not set: these tests need the OCR models. \
             Run `scripts/fetch-models.sh DATA_DIR` and set KADESK_MODELS_DIR=DATA_DIR/models \
             (scripts/test.sh does both)."
        ),
    }
}

/// One engine for all tests, shared across the test threads as a worker pool would.
fn engine() -> &'static OcrEngine {
    static ENGINE: OnceLock<OcrEngine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        // Plans compiled on first use: the tests touch only a few widths.
        let options = OcrOptions {
            threads: 2,
            prebuild: false,
        };
        OcrEngine::load_with(models_dir(), options).unwrap_or_else(|e| panic!("{e}"))
    })
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn read(name: &str) -> Vec<u8> {
    std::fs::read(fixtures().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn each_fixture_reads_its_kind_and_key_fields() {
    for truth in load_truths(&fixtures()).unwrap() {
        let report = analyze(engine(), &read(&truth.file)).unwrap();
        assert_eq!(report.kind, truth.kind, "{}", truth.file);
        for field in [
            "order_no",
            "trade_no",
            "amount",
            "payment_status",
            "time",
            "error_code",
            "platform",
        ] {
            assert_eq!(
                report.fields.get(field),
                truth.fields.get(field),
                "{}: {field}",
                truth.file
            );
        }
        assert!(
            report.missing.is_empty(),
            "{}: {:?}",
            truth.file,
            report.missing
        );
    }
}

#[test]
fn tilted_dark_order_page_gives_the_order_number() {
    let report = analyze(engine(), &read("order_zh_dark_tilted.jpg")).unwrap();
    assert_eq!(report.kind, Kind::OrderPage);
    assert_eq!(
        report.fields.order_no.as_deref(),
        Some("2024110700394302147")
    );
    assert_eq!(report.fields.amount.as_deref(), Some("23.00"));
    assert!(report.lines.len() >= 15, "{} lines", report.lines.len());
    // Boxes lie inside the image and have a size.
    for line in &report.lines {
        let [x0, y0, x1, y1] = line.bbox;
        assert!(
            x0 < x1 && y0 < y1 && x1 <= report.width && y1 <= report.height,
            "{line:?}"
        );
        assert!((0.0..=1.0).contains(&line.confidence));
    }
}

#[test]
fn report_json_has_exactly_the_documented_shape() {
    let report = analyze(engine(), &read("error_en_dark_noisy.jpg"))
        .unwrap()
        .with_file("error.jpg");
    let v: serde_json::Value = serde_json::to_value(&report).unwrap();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys.len(), 6, "{keys:?}");
    for k in ["file", "kind", "fields", "missing", "lines", "elapsed_ms"] {
        assert!(keys.contains(&k), "{k} missing in {keys:?}");
    }
    assert_eq!(v["file"], "error.jpg");
    assert_eq!(v["kind"], "error_dialog");
    let fields = v["fields"].as_object().unwrap();
    assert_eq!(fields.len(), 10);
    assert!(fields["order_no"].is_null() && fields["amount"].is_null());
    assert_eq!(fields["error_code"], "ACT-997");
    let line = &v["lines"][0];
    assert_eq!(line.as_object().unwrap().len(), 3);
    assert!(line["text"].is_string() && line["confidence"].is_number());
    assert_eq!(line["box"].as_array().unwrap().len(), 4);
    assert!(v["elapsed_ms"].is_u64());
}

#[test]
fn one_engine_serves_several_threads_with_the_same_results() {
    let bytes = read("receipt_wechat_tilted.jpg");
    let alone = analyze(engine(), &bytes).unwrap();
    let results: Vec<_> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..3)
            .map(|_| s.spawn(|| analyze(engine(), &bytes).unwrap()))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for r in results {
        assert_eq!(r.fields, alone.fields);
        assert_eq!(r.lines.len(), alone.lines.len());
    }
}

#[test]
fn the_same_screenshot_recompressed_is_seen_before_and_another_is_not() {
    let bytes = read("error_en_dark_noisy.jpg");
    let img = image::load_from_memory(&bytes).unwrap();
    let mut again = Vec::new();
    img.resize(
        img.width() * 3 / 4,
        img.height() * 3 / 4,
        image::imageops::FilterType::Triangle,
    )
    .to_rgb8()
    .write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(
        &mut again, 45,
    ))
    .unwrap();
    let a = analyze(engine(), &bytes).unwrap();
    let b = analyze(engine(), &again).unwrap();
    let other = analyze(engine(), &read("order_zh_dark_tilted.jpg")).unwrap();
    assert!(
        distance(a.phash, b.phash) <= SAME_PICTURE,
        "phash {}",
        distance(a.phash, b.phash)
    );
    assert!(distance(a.text_fingerprint, b.text_fingerprint) <= SAME_TEXT);
    assert!(a.fingerprint().matches(&b.fingerprint()));
    assert!(!a.fingerprint().matches(&other.fingerprint()));
}

#[test]
fn eval_scores_a_labelled_folder() {
    let report = eval(engine(), fixtures()).unwrap();
    assert_eq!(report.images, 3);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert!(report.meets_bar(1.0), "{report}");
    assert_eq!(report.text_contains["order_no"].total, 2);
    assert!(report.time.median_ms > 0.0);
    let text = report.to_string();
    assert!(
        text.contains("time per image") && text.contains("order_no"),
        "{text}"
    );
    let json = serde_json::to_value(&report).unwrap();
    assert!(json["accuracy"]["kind"]["accuracy"].is_number());
}

#[test]
fn a_file_that_is_not_an_image_is_an_intake_error() {
    let err = analyze(engine(), b"%PDF-1.7 not a screenshot").unwrap_err();
    assert!(err.to_string().contains("unsupported image type"), "{err}");
}
