//! `kadesk bench chat`: a real server process on a temporary data folder,
//! many buyer sockets and a few agent sockets on loopback, messages at a
//! steady rate; messages stored per second, send→delivered latency, the
//! bot's reply latency, server CPU per message, the client's own share and
//! the server's RSS; under `--callgrind FILE`, the server's instructions per
//! message (see `bench/mod.rs`).

use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde_json::json;
use tokio::sync::Mutex;
use tokio_tungstenite::tungstenite::Message as WsMessage;

use super::{cores, cpu_seconds, http_json, memory_kib, percentile, sent_at, BenchServer};

/// What `kadesk bench chat` runs.
pub(crate) struct ChatRun {
    pub buyers: usize,
    pub agents: usize,
    pub duration: Duration,
    pub rate: u64,
    pub database_url: Option<String>,
    /// Whether the bot answers buyer messages.
    pub bot: bool,
    /// Where to write the server's callgrind profile, if it runs under valgrind.
    pub callgrind: Option<std::path::PathBuf>,
    /// The server binary, when not this one.
    pub server_bin: Option<std::path::PathBuf>,
}

/// What one buyer socket saw.
#[derive(Default)]
struct BuyerSeen {
    /// Send → ack, µs.
    acks: Vec<u64>,
    /// Buyer message stored → the bot's next message in the room, µs.
    bot_replies: Vec<u64>,
    /// Bot messages received.
    bot_messages: u64,
}

/// The bench's sockets read in small chunks: tungstenite zero-fills its
/// whole read buffer (128 KiB by default) before every read attempt, which
/// would make the client, not the server, the bottleneck.
fn client_config() -> tokio_tungstenite::tungstenite::protocol::WebSocketConfig {
    tokio_tungstenite::tungstenite::protocol::WebSocketConfig::default().read_buffer_size(4096)
}

/// Runs `callgrind_control ARG PID` and says whether it worked.
async fn callgrind_control(arg: &str, pid: u32) -> bool {
    tokio::process::Command::new("callgrind_control")
        .arg(arg)
        .arg(pid.to_string())
        .stdout(std::process::Stdio::null())
        .status()
        .await
        .is_ok_and(|s| s.success())
}

/// The instructions counted in a callgrind output file (its `summary:`
/// line, else its `totals:` line).
fn callgrind_instructions(path: &std::path::Path) -> Option<u64> {
    let text = std::fs::read_to_string(path).ok()?;
    let field = |prefix: &str| {
        text.lines()
            .find_map(|line| line.strip_prefix(prefix))
            .and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok())
    };
    field("summary:").or_else(|| field("totals:"))
}

pub(crate) async fn chat(run: ChatRun) -> anyhow::Result<()> {
    let ChatRun {
        buyers,
        agents,
        duration,
        rate,
        ref database_url,
        bot,
        ref callgrind,
        ref server_bin,
    } = run;
    // Every simulated buyer opens a session from this one address.
    let burst = (buyers + 10).to_string();
    let mut env = vec![("KADESK_WIDGET__SESSIONS_BURST", burst.as_str())];
    if !bot {
        env.push(("KADESK_BOT__ENABLED", "false"));
    }
    // callgrind writes its profile of the sending phase to `FILE.send`
    // (the dump the bench asks for); `FILE` itself gets the rest at exit.
    let server = BenchServer::start_with(
        database_url.as_deref(),
        &env,
        server_bin.as_deref(),
        callgrind.as_deref(),
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
        "server pid {pid} at {addr}; database: {}; bot {}{}",
        database_url
            .as_deref()
            .map(kadesk_store::redact_url)
            .unwrap_or_else(|| "SQLite (temporary)".into()),
        if bot { "on" } else { "off" },
        if callgrind.is_some() {
            "; under callgrind"
        } else {
            ""
        }
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
        let (ws, _) = tokio_tungstenite::connect_async_with_config(
            format!("ws://{addr}/api/v1/agent/ws?token={agent_token}"),
            Some(client_config()),
            false,
        )
        .await?;
        agent_sockets.push(ws);
    }
    let mut buyer_sockets = Vec::new();
    for token in &tokens {
        let (mut ws, _) = tokio_tungstenite::connect_async_with_config(
            format!("ws://{addr}/api/v1/widget/ws"),
            Some(client_config()),
            false,
        )
        .await?;
        // The visitor token goes in the first frame, never in the URL.
        let auth = json!({"type": "auth", "token": token});
        ws.send(WsMessage::Text(auth.to_string().into())).await?;
        buyer_sockets.push(ws);
    }
    println!(
        "{buyers} buyer sockets and {agents} agent sockets open in {:.1} s",
        setup.elapsed().as_secs_f64()
    );
    if callgrind.is_some() {
        // Each buyer's first message starts its conversation (and the first
        // one trains the language model): send one from each and wait for
        // the answers to stop, so the count below is of the steady state.
        let warm = Instant::now();
        let warm_ups = buyer_sockets
            .iter_mut()
            .enumerate()
            .map(|(i, ws)| async move {
                let frame = json!({"type": "send", "client_id": format!("w{i}"),
                "text": format!("我的卡密还没收到，订单号 D20261121X{:04}", i % 10000)});
                ws.send(WsMessage::Text(frame.to_string().into()))
                    .await
                    .ok();
                // Answered: acknowledged and, with the bot on, a bot reply came.
                let (mut acked, mut answered) = (false, !bot);
                loop {
                    let quiet = if acked && answered { 3 } else { 600 };
                    match tokio::time::timeout(Duration::from_secs(quiet), ws.next()).await {
                        Ok(Some(Ok(WsMessage::Text(text)))) => {
                            acked |= text.contains("\"type\":\"ack\"");
                            answered |= text.contains("\"sender\":\"bot\"");
                            if text.contains("\"type\":\"error\"") {
                                break;
                            }
                        }
                        Ok(Some(Ok(_))) => {}
                        _ => break,
                    }
                }
            });
        // The first alone (it trains the language model), then the rest.
        let mut warm_ups = warm_ups.collect::<Vec<_>>().into_iter();
        if let Some(first) = warm_ups.next() {
            first.await;
        }
        futures_util::future::join_all(warm_ups).await;
        println!(
            "warm-up (one message per buyer) done in {:.1} s",
            warm.elapsed().as_secs_f64()
        );
        if !callgrind_control("--zero", pid).await {
            anyhow::bail!("callgrind_control --zero {pid} failed (is valgrind installed?)");
        }
    }

    let clock = Instant::now();
    let (server_cpu_before, client_cpu_before) = (cpu_seconds(Some(pid)), cpu_seconds(None));
    let latencies = Arc::new(Mutex::new(Vec::<u64>::new()));
    let seen = Arc::new(Mutex::new(BuyerSeen::default()));
    // Time after the last send for answers to arrive (valgrind is slow).
    let drain = Duration::from_secs(if callgrind.is_some() { 60 } else { 5 });
    let stop_at = duration + drain;

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
        let seen = seen.clone();
        buyer_tasks.push(tokio::spawn(async move {
            let (mut sink, mut stream) = ws.split();
            let reader = tokio::spawn(async move {
                let mut mine = BuyerSeen::default();
                // Send times of this buyer's stored messages the bot has not answered yet.
                let mut unanswered = std::collections::VecDeque::new();
                while let Ok(Some(Ok(frame))) = tokio::time::timeout(stop_at.saturating_sub(clock.elapsed()), stream.next()).await {
                    let WsMessage::Text(text) = frame else { continue };
                    let now = clock.elapsed().as_micros() as u64;
                    if text.contains("\"type\":\"ack\"") {
                        if let Some(t) = sent_at(&text) {
                            mine.acks.push(now.saturating_sub(t));
                        }
                    } else if text.starts_with("{\"type\":\"message\"") {
                        if text.contains("\"sender\":\"bot\"") {
                            mine.bot_messages += 1;
                            if let Some(t) = unanswered.pop_front() {
                                mine.bot_replies.push(now.saturating_sub(t));
                            }
                        } else if text.contains("\"sender\":\"buyer\"") {
                            if let Some(t) = sent_at(&text) {
                                unanswered.push_back(t);
                            }
                        }
                    }
                }
                let mut all = seen.lock().await;
                all.acks.extend(mine.acks);
                all.bot_replies.extend(mine.bot_replies);
                all.bot_messages += mine.bot_messages;
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
    let wall = clock.elapsed().as_secs_f64();
    let server_cpu = cpu_seconds(Some(pid)) - server_cpu_before;
    let client_cpu = cpu_seconds(None) - client_cpu_before;
    let instructions = match callgrind {
        Some(path) => {
            if callgrind_control("--dump=send", pid).await {
                // The dump goes to `FILE.1` (callgrind numbers its dumps).
                let dumped = std::path::PathBuf::from(format!("{}.1", path.display()));
                callgrind_instructions(&dumped).map(|n| (n, dumped))
            } else {
                None
            }
        }
        None => None,
    };
    let (peak_kib, rss_kib) = memory_kib(pid);

    let seen = std::mem::take(&mut *seen.lock().await);
    let mut acks = seen.acks;
    let mut replies = seen.bot_replies;
    let mut delivered = latencies.lock().await.clone();
    acks.sort_unstable();
    replies.sort_unstable();
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
    if bot {
        println!(
            "send→bot reply p50 {:.1} ms  p99 {:.1} ms  ({} bot messages; {} buyer messages answered)",
            percentile(&replies, 0.5) as f64 / 1000.0,
            percentile(&replies, 0.99) as f64 / 1000.0,
            seen.bot_messages,
            replies.len()
        );
    }
    let per_message = |total: f64| if stored > 0.0 { total / stored } else { 0.0 };
    println!(
        "server CPU: {:.2} s over {wall:.1} s ({:.2} cores), {:.0} µs per stored message",
        server_cpu,
        server_cpu / wall,
        per_message(server_cpu) * 1e6
    );
    if let Some((n, file)) = &instructions {
        println!(
            "server instructions (callgrind, sending phase): {n} in all, {:.0} per stored message; profile: {}",
            per_message(*n as f64),
            file.display()
        );
    }
    let cores = cores();
    println!(
        "client CPU: {:.2} s ({:.2} cores of {cores}; the server used {:.2})",
        client_cpu,
        client_cpu / wall,
        server_cpu / wall
    );
    // The client could not send on schedule, or it burnt more CPU than the
    // server, or the two together filled the machine with the client the
    // bigger share: the figures say more about the client than the server.
    let behind = (sent as f64) < 0.95 * rate as f64 * duration.as_secs_f64();
    let busy = (client_cpu + server_cpu) / wall > 0.9 * cores as f64;
    if behind || client_cpu > server_cpu || (busy && client_cpu > 0.5 * server_cpu) {
        println!(
            "note: the client is the bottleneck here ({}); these figures understate the server",
            if behind {
                "it sent fewer messages than the rate asks"
            } else {
                "it used as much CPU as the server"
            }
        );
    } else if busy {
        println!("note: client and server together kept every core busy");
    }
    println!(
        "server memory: peak RSS {:.1} MiB, RSS now {:.1} MiB",
        peak_kib as f64 / 1024.0,
        rss_kib as f64 / 1024.0
    );
    server.stop().await;
    Ok(())
}
