//! `kadesk bench chat`, `kadesk bench login` and `kadesk bench routing` (the
//! pure assignment decision over a large queue, timed per tick). `chat` starts a real server process on a temporary data
//! folder, opens many buyer sockets and a few agent sockets on loopback,
//! sends messages at a steady rate and reports messages stored per second,
//! send→delivered latency (buyer send to agent socket), the bot's reply
//! latency, the server's CPU time per message, the client's own CPU share
//! (and whether the client was the bottleneck) and the server's RSS. With
//! `--callgrind FILE` the server runs under valgrind's callgrind and the
//! bench reports the server's instructions per message (counted over the
//! sending phase only): a figure that does not depend on the machine's load.
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
        /// Whether the bot answers every buyer message (`on`, the default) or not at all.
        #[arg(long, default_value = "on", value_parser = ["on", "off"])]
        bot: String,
        /// Run the server under `valgrind --tool=callgrind`, writing the
        /// profile of the sending phase to this file, and report the
        /// server's instructions per message. Use a low `--rate` (valgrind
        /// runs the server about 50× slower).
        #[arg(long)]
        callgrind: Option<std::path::PathBuf>,
        /// The `kadesk` binary to run as the server (default: this one), to
        /// compare two builds with the same client.
        #[arg(long)]
        server_bin: Option<std::path::PathBuf>,
    },
    /// The routing decision alone: one assignment tick over a large queue
    /// and floor (the pure `kadesk_routing::assign`, no database).
    Routing {
        /// Conversations waiting.
        #[arg(long, default_value_t = 10_000)]
        waiting: usize,
        /// Agents on the floor (most online, some away or offline).
        #[arg(long, default_value_t = 500)]
        agents: usize,
        /// Ticks to time.
        #[arg(long, default_value_t = 200)]
        ticks: usize,
    },
    /// Report speed: seeds conversation histories, times the overview and each view.
    Reports {
        /// Conversations to seed.
        #[arg(long, default_value_t = 100_000)]
        conversations: usize,
        /// Messages per conversation.
        #[arg(long, default_value_t = 10)]
        messages: usize,
        /// Database to seed (default: SQLite in a temporary folder); give an
        /// empty PostgreSQL database to measure PostgreSQL. A database an
        /// earlier run seeded is timed as it is (compare two builds).
        #[arg(long)]
        database_url: Option<String>,
    },
    /// The console's search on many conversations (see `bench_search`).
    Search {
        /// Conversations to create.
        #[arg(long, default_value_t = 100_000)]
        conversations: i64,
        /// Messages in each.
        #[arg(long, default_value_t = 3)]
        messages: i64,
        /// Database (default: SQLite in a temporary folder).
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
        BenchCommand::Routing {
            waiting,
            agents,
            ticks,
        } => {
            routing(waiting, agents, ticks);
            Ok(())
        }
        BenchCommand::Chat {
            buyers,
            agents,
            seconds,
            rate,
            database_url,
            bot,
            callgrind,
            server_bin,
        } => {
            chat(ChatRun {
                buyers,
                agents,
                duration: Duration::from_secs(seconds),
                rate,
                database_url,
                bot: bot == "on",
                callgrind,
                server_bin,
            })
            .await
        }
        BenchCommand::Login {
            parallel,
            database_url,
        } => login(parallel, database_url).await,
        BenchCommand::Reports {
            conversations,
            messages,
            database_url,
        } => crate::bench_reports::run(conversations, messages, database_url).await,
        BenchCommand::Search {
            conversations,
            messages,
            database_url,
        } => crate::bench_search::run(conversations, messages, database_url).await,
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

/// CPU time (user + system) a process has used so far; `pid` `None` is this process.
fn cpu_seconds(pid: Option<u32>) -> f64 {
    let path = match pid {
        Some(pid) => format!("/proc/{pid}/stat"),
        None => "/proc/self/stat".to_owned(),
    };
    let stat = std::fs::read_to_string(path).unwrap_or_default();
    // The command name (field 2) may hold spaces: count fields after its ')'.
    let Some((_, rest)) = stat.rsplit_once(')') else {
        return 0.0;
    };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15, in clock ticks (USER_HZ = 100 on Linux).
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0)
    };
    (ticks(11) + ticks(12)) as f64 / 100.0
}

/// How many processors this machine has.
fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
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
        BenchServer::start_with(database_url, env, None, None).await
    }

    /// [`BenchServer::start`] with another server binary and/or under
    /// callgrind (instrumentation on, counters zeroed later by the bench).
    async fn start_with(
        database_url: Option<&str>,
        env: &[(&str, &str)],
        server_bin: Option<&std::path::Path>,
        callgrind: Option<&std::path::Path>,
    ) -> anyhow::Result<BenchServer> {
        let data = tempfile::tempdir()?;
        let exe = match server_bin {
            Some(bin) => bin.to_path_buf(),
            None => std::env::current_exe()?,
        };
        let mut cmd = match callgrind {
            Some(out) => {
                let mut cmd = tokio::process::Command::new("valgrind");
                cmd.arg("--tool=callgrind")
                    .arg(format!("--callgrind-out-file={}", out.display()))
                    .arg("--dump-instr=no")
                    .arg(exe);
                cmd
            }
            None => tokio::process::Command::new(exe),
        };
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

/// What `kadesk bench chat` runs.
struct ChatRun {
    buyers: usize,
    agents: usize,
    duration: Duration,
    rate: u64,
    database_url: Option<String>,
    /// Whether the bot answers buyer messages.
    bot: bool,
    /// Where to write the server's callgrind profile, if it runs under valgrind.
    callgrind: Option<std::path::PathBuf>,
    /// The server binary, when not this one.
    server_bin: Option<std::path::PathBuf>,
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

async fn chat(run: ChatRun) -> anyhow::Result<()> {
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

/// Times [`kadesk_routing::assign`] over a synthetic floor
/// ([`kadesk_routing::synthetic_floor`]: five teams and a general line, a
/// tenth needing a skill, mixed priorities; capacity 5, loads 0–5, 90 %
/// online) and prints the time per tick and per assignment.
fn routing(waiting: usize, agents: usize, ticks: usize) {
    use kadesk_routing::assign;
    let now: i64 = 1_800_000_000_000;
    let (queue, floor) = kadesk_routing::synthetic_floor(waiting, agents, now);
    let free: u32 = floor
        .iter()
        .filter(|a| a.available())
        .map(|a| a.capacity - a.open)
        .sum();
    let mut times = Vec::with_capacity(ticks);
    let mut assigned = 0;
    for _ in 0..ticks.max(1) {
        let start = Instant::now();
        let done = assign(&queue, &floor, now);
        times.push(start.elapsed());
        assigned = done.len();
    }
    times.sort();
    let mean = times.iter().sum::<Duration>() / times.len() as u32;
    let p50 = times[times.len() / 2];
    let max = times[times.len() - 1];
    println!(
        "routing: {waiting} waiting, {agents} agents ({free} free places), {} ticks",
        times.len()
    );
    println!("  assignments per tick: {assigned}");
    println!(
        "  per tick: mean {:.3} ms, p50 {:.3} ms, max {:.3} ms (bar: 5 ms)",
        mean.as_secs_f64() * 1e3,
        p50.as_secs_f64() * 1e3,
        max.as_secs_f64() * 1e3
    );
    if assigned > 0 {
        println!(
            "  per assignment: {:.2} µs",
            mean.as_secs_f64() * 1e6 / assigned as f64
        );
    }
}
