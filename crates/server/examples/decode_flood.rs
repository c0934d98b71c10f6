//! Peak memory under a flood of bomb-like buyer pictures (a benchmark, not a
//! test): serves kadesk on 127.0.0.1 in this process (SQLite in a temporary
//! folder), sends UPLOADS buyer uploads at once of a black PNG that is a few
//! dozen KB on the wire and MEGAPIXELS decoded, and prints how they were
//! answered, how many decoded at once and the process's peak RSS.
//!
//! ```text
//! cargo run -p kadesk-server --example decode_flood -- [UPLOADS=16] [MEGAPIXELS=16] [SLOTS=cores]
//! ```
//! SLOTS sets the decode gate (slots decoding at once; as many again may
//! wait); a large value shows what the flood costs without the gate.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use kadesk_desk::files::FileStore;
use kadesk_server::{auth, AppState, ServerConfig};
use kadesk_store::Store;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn status_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

fn arg(n: usize, default: usize) -> usize {
    std::env::args()
        .nth(n)
        .and_then(|a| a.parse().ok())
        .unwrap_or(default)
}

async fn upload(addr: SocketAddr, token: &str, png: &[u8]) -> u16 {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST /api/v1/widget/uploads HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\
         Authorization: Bearer {token}\r\nContent-Type: image/png\r\nContent-Length: {}\r\n\r\n",
        png.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(png).await.unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.unwrap();
    String::from_utf8_lossy(&response)
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

#[tokio::main]
async fn main() {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let (uploads, megapixels, slots) = (arg(1, 16), arg(2, 16), arg(3, cores));
    let side = ((megapixels * 1_000_000) as f64).sqrt() as u32;
    let png = {
        let image = image::DynamicImage::ImageRgb8(image::RgbImage::new(side, side));
        let mut out = std::io::Cursor::new(Vec::new());
        image.write_to(&mut out, image::ImageFormat::Png).unwrap();
        Arc::new(out.into_inner())
    };
    let dir = tempfile::tempdir().unwrap();
    let store = Store::connect(&format!("sqlite://{}", dir.path().join("k.db").display()))
        .await
        .unwrap();
    let token = auth::new_token();
    store
        .create_contact(
            "访客",
            "zh-CN",
            kadesk_domain::Channel::Web,
            Some(&auth::token_hash(&token)),
        )
        .await
        .unwrap();
    let mut state = AppState::new(
        store,
        ServerConfig {
            files_dir: dir.path().join("files"),
            nlu_examples: dir.path().join("examples.tsv"),
            ..ServerConfig::default()
        },
    );
    state.files = FileStore::new(dir.path().join("files")).with_decode_gate(slots, slots);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server_state = state.clone();
    tokio::spawn(kadesk_server::serve(
        listener,
        server_state,
        std::future::pending(),
    ));

    let before = status_kib("VmRSS:");
    let started = Instant::now();
    let burst: Vec<_> = (0..uploads)
        .map(|_| {
            let (png, token) = (png.clone(), token.clone());
            tokio::spawn(async move { upload(addr, &token, &png).await })
        })
        .collect();
    let mut answers = std::collections::BTreeMap::<u16, usize>::new();
    for status in futures_util::future::join_all(burst).await {
        *answers.entry(status.unwrap()).or_default() += 1;
    }
    println!(
        "{uploads} uploads of a {side}x{side} PNG ({} KB, {megapixels} MP) with {slots} decode slots",
        png.len() / 1024
    );
    println!(
        "answers: {answers:?} in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    println!(
        "decoding at once at most: {}",
        state.files.decode_gate().peak()
    );
    println!(
        "RSS before: {} MiB, peak: {} MiB",
        before / 1024,
        status_kib("VmHWM:") / 1024
    );
}
