//! `kadesk bench chat` and `kadesk bench login`. `chat` starts a real server process on a temporary data
//! folder, opens many buyer sockets and a few agent sockets on loopback,
//! sends messages at a steady rate and reports messages stored per second,
//! send→delivered latency (buyer send to agent socket) and the server's RSS;
//! `login` measures the server's peak memory under a burst of sign-ins.

use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::Subcommand;
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::sync::Mutex;
use tokio_tungstenite::tungstenite::Message as WsMessage;

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Socket chat throughput and latency against a fresh server process.
    Chat {
        /// Buyer sockets, each in its own conversation.
        #[arg(long, default_value_t = 1000)]
        buyers: usize,
        /// Agent sockets (each sees every message).
        #[arg(long, default_value_t = 20)]
        agents: usize,
        /// How long buyers send.
        #[arg(long, default_value_t = 10)]
        seconds: u64,
        /// Messages per second, summed over all buyers.
        #[arg(long, default_value_t = 2500)]
        rate: u64,
        /// Database for the server (default: SQLite in a temporary folder).
        #[arg(long)]
        database_url: Option<String>,
    },
    /// Peak server memory under many parallel sign-ins (argon2 is bounded).
    Login {
        /// Sign-ins in flight at once.
        #[arg(long, default_value_t = 200)]
        parallel: usize,
        /// Database for the server (default: SQLite in a temporary folder).
        #[arg(long)]
        database_url: Option<String>,
    },
    /// Hybrid knowledge search: query latency over many articles and
    /// cases, embedding throughput, memory of the loaded weights.
    Knowledge(crate::knowledge_cli::BenchArgs),
}

pub async fn run(command: BenchCommand) -> anyhow::Result<()> {
    match command {
        BenchCommand::Chat {
            buyers,
            agents,
            seconds,
            rate,
            database_url,
        } => {
            chat(
                buyers,
                agents,
                Duration::from_secs(seconds),
                rate,
                database_url,
            )
            .await
        }
        BenchCommand::Login {
            parallel,
            database_url,
        } => login(parallel, database_url).await,
        BenchCommand::Knowledge(args) => crate::knowledge_cli::bench(args),
    }
}

/// Minimal HTTP/1.1 JSON request over loopback (no client library needed).
pub async fn http_json(
    addr: &str,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: &Value,
) -> anyhow::Result<Value> {
    let mut stream = TcpStream::connect(addr).await?;
    let body = body.to_string();
    let auth = token
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n{auth}\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await?;
    let text = String::from_utf8_lossy(&response);
    let (head, body) = text
        .split_once("\r\n\r\n")
        .ok_or_else(|| anyhow::anyhow!("malformed HTTP response"))?;
    if !head.starts_with("HTTP/1.1 2") {
        anyhow::bail!(
            "{method} {path}: {}",
            head.lines().next().unwrap_or_default()
        );
    }
    Ok(serde_json::from_str(body)?)
}

/// Reads `VmHWM` (peak) and `VmRSS` of a process, in KiB.
fn memory_kib(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (field("VmHWM:"), field("VmRSS:"))
}

fn percentile(sorted: &[u64], p: f64) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

/// Pulls `bench-t=<micros>` out of a frame without parsing all of it.
fn sent_at(frame: &str) -> Option<u64> {
    let start = frame.find("bench-t=")? + "bench-t=".len();
    let digits: String = frame[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// A `kadesk serve` child process on a temporary data folder.
struct BenchServer {
    pid: u32,
    addr: String,
    admin_password: String,
    child: tokio::process::Child,
    /// Kept so the folder lives as long as the server.
    _data: tempfile::TempDir,
}

impl BenchServer {
    /// Starts the server (with `env` set) and waits for its address and the
    /// generated admin password.
    async fn start(
        database_url: Option<&str>,
        env: &[(&str, &str)],
    ) -> anyhow::Result<BenchServer> {
        let data = tempfile::tempdir()?;
        let exe = std::env::current_exe()?;
        let mut cmd = tokio::process::Command::new(exe);
        cmd.arg("serve")
            .arg("--data-dir")
            .arg(data.path())
            .arg("--listen")
            .arg("127.0.0.1:0")
            .env("KADESK_LOG", "warn")
            .stdout(std::process::Stdio::piped())
            .kill_on_drop(true);
        for (name, value) in env {
            cmd.env(name, value);
        }
        if let Some(url) = database_url {
            cmd.arg("--database-url").arg(url);
        }
        let mut child = cmd.spawn()?;
        let pid = child
            .id()
            .ok_or_else(|| anyhow::anyhow!("server exited at once"))?;
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| anyhow::anyhow!("no stdout"))?;
        let mut lines = BufReader::new(stdout).lines();
        let (mut addr, mut password): (Option<String>, Option<String>) = (None, None);
        while let Some(line) = lines.next_line().await? {
            if let Some(rest) = line.strip_prefix("kadesk listening on http://") {
                addr = Some(rest.trim().to_owned());
            }
            if let Some(rest) = line.trim().strip_prefix("login: username=admin password=") {
                password = rest.split_whitespace().next().map(str::to_owned);
            }
            if addr.is_some() && password.is_some() {
                break;
            }
        }
        let addr = addr.ok_or_else(|| anyhow::anyhow!("server printed no address"))?;
        let admin_password =
            password.ok_or_else(|| anyhow::anyhow!("server printed no admin password"))?;
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        Ok(BenchServer {
            pid,
            addr,
            admin_password,
            child,
            _data: data,
        })
    }

    async fn stop(mut self) {
        self.child.kill().await.ok();
    }
}

/// `kadesk bench login`: `parallel` sign-ins with wrong passwords for user
/// names that do not exist, all in flight at once, each from its own
/// address (the server trusts the bench as a proxy), so neither the
/// per-address nor the per-name limit cuts them short: only the argon2
/// gate stands between them and the server's memory.
async fn login(parallel: usize, database_url: Option<String>) -> anyhow::Result<()> {
    let server = BenchServer::start(
        database_url.as_deref(),
        &[("KADESK_SERVER__TRUSTED_PROXIES", "[\"127.0.0.1\"]")],
    )
    .await?;
    let (before_peak, before_rss) = memory_kib(server.pid);
    println!(
        "server pid {} at {}; memory before: RSS {:.1} MiB",
        server.pid,
        server.addr,
        before_rss as f64 / 1024.0
    );
    let started = Instant::now();
    let attempts = (0..parallel).map(|n| {
        let addr = server.addr.clone();
        async move {
            let client = format!("10.{}.{}.{}", (n >> 16) & 255, (n >> 8) & 255, n & 255);
            status_of(
                &addr,
                "/api/v1/auth/login",
                &[("X-Forwarded-For", client.as_str())],
                &json!({"username": format!("nobody{n}"), "password": "wrong password"}),
            )
            .await
        }
    });
    let statuses = futures_util::future::join_all(attempts).await;
    let elapsed = started.elapsed();
    let (peak, rss) = memory_kib(server.pid);
    let mut counts = std::collections::BTreeMap::<String, usize>::new();
    for status in &statuses {
        let key = match status {
            Ok(code) => code.to_string(),
            Err(_) => "connection error".to_owned(),
        };
        *counts.entry(key).or_default() += 1;
    }
    println!(
        "{parallel} parallel sign-ins answered in {:.2} s: {}",
        elapsed.as_secs_f64(),
        counts
            .iter()
            .map(|(k, v)| format!("{v} × {k}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!(
        "server memory: peak RSS {:.1} MiB (before the burst {:.1} MiB), RSS now {:.1} MiB",
        peak as f64 / 1024.0,
        before_peak as f64 / 1024.0,
        rss as f64 / 1024.0
    );
    server.stop().await;
    Ok(())
}

/// POSTs JSON with extra headers; the response status.
async fn status_of(
    addr: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &Value,
) -> anyhow::Result<u16> {
    let mut stream = TcpStream::connect(addr).await?;
    let body = body.to_string();
    let extra: String = headers
        .iter()
        .map(|(name, value)| format!("{name}: {value}\r\n"))
        .collect();
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n{extra}\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await?;
    let head = String::from_utf8_lossy(&response);
    head.split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| anyhow::anyhow!("malformed HTTP response"))
}

async fn chat(
    buyers: usize,
    agents: usize,
    duration: Duration,
    rate: u64,
    database_url: Option<String>,
) -> anyhow::Result<()> {
    // Every simulated buyer opens a session from this one address.
    let burst = (buyers + 10).to_string();
    let server = BenchServer::start(
        database_url.as_deref(),
        &[("KADESK_WIDGET__SESSIONS_BURST", burst.as_str())],
    )
    .await?;
    let (pid, addr, password) = (
        server.pid,
        server.addr.clone(),
        server.admin_password.clone(),
    );
    let login = http_json(
        &addr,
        "POST",
        "/api/v1/auth/login",
        None,
        &json!({"username": "admin", "password": password}),
    )
    .await?;
    let agent_token = login["token"].as_str().unwrap_or_default().to_owned();
    println!(
        "server pid {pid} at {addr}; database: {}",
        database_url
            .as_deref()
            .map(kadesk_store::redact_url)
            .unwrap_or_else(|| "SQLite (temporary)".into())
    );

    // Buyer sessions over HTTP, then sockets.
    let setup = Instant::now();
    let mut tokens = Vec::with_capacity(buyers);
    for _ in 0..buyers {
        let session = http_json(
            &addr,
            "POST",
            "/api/v1/widget/session",
            None,
            &json!({"language": "zh-CN"}),
        )
        .await?;
        tokens.push(
            session["visitor_token"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
        );
    }
    let mut agent_sockets = Vec::new();
    for _ in 0..agents {
        let (ws, _) = tokio_tungstenite::connect_async(format!(
            "ws://{addr}/api/v1/agent/ws?token={agent_token}"
        ))
        .await?;
        agent_sockets.push(ws);
    }
    let mut buyer_sockets = Vec::new();
    for token in &tokens {
        let (mut ws, _) =
            tokio_tungstenite::connect_async(format!("ws://{addr}/api/v1/widget/ws")).await?;
        // The visitor token goes in the first frame, never in the URL.
        let auth = json!({"type": "auth", "token": token});
        ws.send(WsMessage::Text(auth.to_string().into())).await?;
        buyer_sockets.push(ws);
    }
    println!(
        "{buyers} buyer sockets and {agents} agent sockets open in {:.1} s",
        setup.elapsed().as_secs_f64()
    );

    let clock = Instant::now();
    let latencies = Arc::new(Mutex::new(Vec::<u64>::new()));
    let ack_latencies = Arc::new(Mutex::new(Vec::<u64>::new()));
    let stop_at = duration + Duration::from_secs(5);

    let mut agent_tasks = Vec::new();
    for ws in agent_sockets {
        let latencies = latencies.clone();
        agent_tasks.push(tokio::spawn(async move {
            let (_sink, mut stream) = ws.split();
            let mut mine = Vec::new();
            while let Ok(Some(Ok(frame))) =
                tokio::time::timeout(stop_at.saturating_sub(clock.elapsed()), stream.next()).await
            {
                if let WsMessage::Text(text) = frame {
                    if text.starts_with("{\"type\":\"message\"") {
                        if let Some(t) = sent_at(&text) {
                            mine.push((clock.elapsed().as_micros() as u64).saturating_sub(t));
                        }
                    }
                }
            }
            latencies.lock().await.extend(mine);
        }));
    }

    let per_buyer = Duration::from_secs_f64(buyers as f64 / rate.max(1) as f64);
    let mut buyer_tasks = Vec::new();
    for (i, ws) in buyer_sockets.into_iter().enumerate() {
        let acks = ack_latencies.clone();
        buyer_tasks.push(tokio::spawn(async move {
            let (mut sink, mut stream) = ws.split();
            let reader = tokio::spawn(async move {
                let mut mine = Vec::new();
                while let Ok(Some(Ok(frame))) = tokio::time::timeout(stop_at.saturating_sub(clock.elapsed()), stream.next()).await {
                    if let WsMessage::Text(text) = frame {
                        if text.contains("\"type\":\"ack\"") {
                            if let Some(t) = sent_at(&text) {
                                mine.push((clock.elapsed().as_micros() as u64).saturating_sub(t));
                            }
                        }
                    }
                }
                acks.lock().await.extend(mine);
            });
            // Spread the buyers' first sends over one interval.
            let offset = per_buyer.mul_f64((i as f64 * 0.618_034) % 1.0);
            let mut ticker = tokio::time::interval_at(tokio::time::Instant::now() + offset, per_buyer);
            let mut n = 0u64;
            while clock.elapsed() < duration {
                ticker.tick().await;
                n += 1;
                let t = clock.elapsed().as_micros();
                let frame = json!({"type": "send", "client_id": format!("b{i}-{n}"),
                    "text": format!("我的卡密还没收到，订单号 D20261121X{:04} bench-t={t}", i % 10000)});
                if sink.send(WsMessage::Text(frame.to_string().into())).await.is_err() {
                    break;
                }
            }
            let _ = reader.await;
            n
        }));
    }
    let mut sent = 0u64;
    for task in buyer_tasks {
        sent += task.await.unwrap_or(0);
    }
    for task in agent_tasks {
        let _ = task.await;
    }
    let (peak_kib, rss_kib) = memory_kib(pid);

    let mut acks = ack_latencies.lock().await.clone();
    let mut delivered = latencies.lock().await.clone();
    acks.sort_unstable();
    delivered.sort_unstable();
    let stored = acks.len() as f64;
    println!(
        "sent {sent} messages in {:.1} s; {} acknowledged (stored)",
        duration.as_secs_f64(),
        acks.len()
    );
    println!(
        "messages stored per second: {:.0}",
        stored / duration.as_secs_f64()
    );
    println!(
        "send→ack       p50 {:.1} ms  p99 {:.1} ms",
        percentile(&acks, 0.5) as f64 / 1000.0,
        percentile(&acks, 0.99) as f64 / 1000.0
    );
    println!(
        "send→delivered p50 {:.1} ms  p99 {:.1} ms  ({} deliveries to {agents} agent sockets)",
        percentile(&delivered, 0.5) as f64 / 1000.0,
        percentile(&delivered, 0.99) as f64 / 1000.0,
        delivered.len()
    );
    println!(
        "server memory: peak RSS {:.1} MiB, RSS now {:.1} MiB",
        peak_kib as f64 / 1024.0,
        rss_kib as f64 / 1024.0
    );
    server.stop().await;
    Ok(())
}
