//! `kadesk bench …`: the commands, and what the server benchmarks share (a
//! `kadesk serve` child process on a temporary data folder, its CPU time and
//! memory, a minimal HTTP client). `chat` is in `bench/chat.rs` (with
//! `--callgrind FILE`, the server's instructions per message: a figure that
//! does not depend on the machine's load); `login` measures the server's peak
//! memory under a burst of sign-ins; `routing` times the pure assignment
//! decision over a large queue, per tick.

mod chat;

use std::time::{Duration, Instant};

use clap::Subcommand;
use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

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
            chat::chat(chat::ChatRun {
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
pub(crate) fn memory_kib(pid: u32) -> (u64, u64) {
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
pub(crate) fn cpu_seconds(pid: Option<u32>) -> f64 {
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
pub(crate) fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

pub(crate) fn percentile(sorted: &[u64], p: f64) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

/// Pulls `bench-t=<micros>` out of a frame without parsing all of it.
pub(crate) fn sent_at(frame: &str) -> Option<u64> {
    let start = frame.find("bench-t=")? + "bench-t=".len();
    let digits: String = frame[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// A `kadesk serve` child process on a temporary data folder.
pub(crate) struct BenchServer {
    pub(crate) pid: u32,
    pub(crate) addr: String,
    pub(crate) admin_password: String,
    pub(crate) child: tokio::process::Child,
    /// Kept so the folder lives as long as the server.
    _data: tempfile::TempDir,
}

impl BenchServer {
    /// Starts the server (with `env` set) and waits for its address and the
    /// generated admin password.
    pub(crate) async fn start(
        database_url: Option<&str>,
        env: &[(&str, &str)],
    ) -> anyhow::Result<BenchServer> {
        BenchServer::start_with(database_url, env, None, None).await
    }

    /// [`BenchServer::start`] with another server binary and/or under
    /// callgrind (instrumentation on, counters zeroed later by the bench).
    pub(crate) async fn start_with(
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

    pub(crate) async fn stop(mut self) {
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
