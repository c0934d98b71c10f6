//! Support for the tests of the `kadesk` binary: the binary as a command on
//! a data folder, and a server process on 127.0.0.1:0. HTTP goes through
//! `kadesk::bench::http_json`, the client the benchmarks use.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Child;

/// `kadesk ARGS --data-dir DATA`, run in `data`, logging at `warn`; the
/// caller adds input, environment and output handling.
pub fn kadesk_command(data: &Path, args: &[&str]) -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_kadesk"));
    command
        .args(args)
        .arg("--data-dir")
        .arg(data)
        .env("KADESK_LOG", "warn")
        .current_dir(data);
    command
}

/// A command's output as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `kadesk serve` on `data` and a free loopback port: the process (killed
/// when dropped) and the address it printed.
pub async fn start(data: &Path) -> (Child, String) {
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_kadesk"))
        .args(["serve", "--listen", "127.0.0.1:0", "--data-dir"])
        .arg(data)
        .env("KADESK_LOG", "warn")
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let addr = loop {
        let line = tokio::time::timeout(Duration::from_secs(30), lines.next_line())
            .await
            .expect("server starts within 30 s")
            .unwrap()
            .expect("server printed its address");
        if let Some(addr) = line.strip_prefix("kadesk listening on http://") {
            break addr.trim().to_owned();
        }
    };
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    (child, addr)
}
