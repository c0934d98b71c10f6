//! A local stand-in of the OpenAI-compatible chat API on 127.0.0.1 that
//! records every request body: it answers with a fixed text, holds its
//! answer for 10 s, or fails. Shared by the desk's and the server's tests
//! (`#[path]`), so both test the model path against the same thing.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Fen per million tokens in [`settings`].
pub const PRICE: u64 = 2_000;

/// `[llm]` settings for the stand-in at `base_url`.
pub fn settings(base_url: String, timeout_ms: u64, budget: u64) -> kadesk_desk::llm::LlmSettings {
    kadesk_desk::llm::LlmSettings {
        enabled: true,
        base_url,
        api_key: "sk-test".into(),
        model: "stand-in".into(),
        timeout_ms,
        daily_token_budget: budget,
        price_fen_per_million_tokens: PRICE,
    }
}

/// What the stand-in's model says when it answers.
pub const REPLY: &str = "请在 Steam 的「兑换 Steam 钱包码」页面输入卡密。";
/// Tokens it reports per answer.
pub const TOKENS: u64 = 330;

#[derive(Clone, Copy)]
pub enum Mode {
    Answer,
    Slow,
    Fail,
}

/// Starts the stand-in; returns its base URL and the recorded request bodies.
pub async fn stand_in(mode: Mode) -> (String, Arc<Mutex<Vec<serde_json::Value>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut sock, _)) = listener.accept().await else {
                return;
            };
            let log = log.clone();
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                let body = loop {
                    let n = sock.read(&mut chunk).await.unwrap_or(0);
                    if n == 0 {
                        return;
                    }
                    buf.extend_from_slice(&chunk[..n]);
                    let text = String::from_utf8_lossy(&buf).to_string();
                    if let Some(end) = text.find("\r\n\r\n") {
                        let len = text[..end]
                            .lines()
                            .find_map(|l| {
                                let l = l.to_ascii_lowercase();
                                l.strip_prefix("content-length:")
                                    .map(|v| v.trim().parse::<usize>().unwrap())
                            })
                            .unwrap_or(0);
                        if buf.len() >= end + 4 + len {
                            break buf[end + 4..end + 4 + len].to_vec();
                        }
                    }
                };
                log.lock()
                    .unwrap()
                    .push(serde_json::from_slice(&body).unwrap());
                let (status, reply) = match mode {
                    Mode::Answer => ("200 OK", serde_json::json!({
                        "choices": [{"message": {"role": "assistant", "content": REPLY}}],
                        "usage": {"prompt_tokens": 300, "completion_tokens": 30, "total_tokens": TOKENS}
                    }).to_string()),
                    Mode::Slow => {
                        tokio::time::sleep(Duration::from_secs(10)).await;
                        ("200 OK", "{}".to_owned())
                    }
                    Mode::Fail => ("500 Internal Server Error", "{\"error\":\"down\"}".to_owned()),
                };
                let _ = sock
                    .write_all(format!("HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{reply}", reply.len()).as_bytes())
                    .await;
            });
        }
    });
    (format!("http://{addr}/v1"), seen)
}
