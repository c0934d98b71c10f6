//! The server process is killed with SIGKILL while buyers are sending; after
//! a restart on the same data folder every message a buyer saw acknowledged
//! is stored, exactly once.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use common::start;
use futures_util::{SinkExt, StreamExt};
use kadesk::bench::http_json;
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::Message as WsMessage;

/// Acknowledgements each buyer waits for before the server is killed.
const ACKS_BEFORE_KILL: usize = 4;

/// Sends a message every 120 ms until the socket dies; tells `acks` of each
/// acknowledgement as it arrives and returns the client ids acknowledged.
async fn keep_sending(
    addr: String,
    token: String,
    buyer: usize,
    acks: tokio::sync::mpsc::UnboundedSender<usize>,
) -> HashSet<String> {
    let ws = buyer_socket(&addr, &token, None).await;
    let (mut sink, mut stream) = ws.split();
    let reader = tokio::spawn(async move {
        let mut acked = HashSet::new();
        while let Some(Ok(WsMessage::Text(text))) = stream.next().await {
            let frame: Value = serde_json::from_str(&text).unwrap();
            if frame["type"] == "ack" {
                acked.insert(frame["client_id"].as_str().unwrap().to_owned());
                let _ = acks.send(buyer);
            }
        }
        acked
    });
    for n in 0.. {
        let frame = json!({"type": "send", "client_id": format!("b{buyer}-{n}"), "text": format!("第 {n} 条：卡密怎么还没到")});
        if sink
            .send(WsMessage::Text(frame.to_string().into()))
            .await
            .is_err()
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(120)).await;
    }
    reader.await.unwrap()
}

/// The buyer socket, authenticated by its first frame.
async fn buyer_socket(
    addr: &str,
    token: &str,
    after: Option<i64>,
) -> tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>> {
    let (mut ws, _) = tokio_tungstenite::connect_async(format!("ws://{addr}/api/v1/widget/ws"))
        .await
        .unwrap();
    let auth = json!({"type": "auth", "token": token, "after": after});
    ws.send(WsMessage::Text(auth.to_string().into()))
        .await
        .unwrap();
    ws
}

/// Every message of a buyer's conversation, read back through the socket.
async fn stored_client_ids(addr: &str, token: &str) -> Vec<String> {
    let mut ws = buyer_socket(addr, token, Some(0)).await;
    ws.send(WsMessage::Text(json!({"type": "ping"}).to_string().into()))
        .await
        .unwrap();
    let mut ids = Vec::new();
    // History is sent before the answer to the ping.
    while let Some(Ok(WsMessage::Text(text))) = ws.next().await {
        let frame: Value = serde_json::from_str(&text).unwrap();
        match frame["type"].as_str() {
            Some("message") => ids.push(
                frame["message"]["client_id"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            ),
            Some("pong") => break,
            _ => {}
        }
    }
    ids
}

#[tokio::test]
async fn acknowledged_messages_survive_sigkill() {
    let data = tempfile::tempdir().unwrap();
    let (mut server, addr) = start(data.path()).await;
    let mut tokens = Vec::new();
    for _ in 0..5 {
        let session = http_json(&addr, "POST", "/api/v1/widget/session", None, &json!({}))
            .await
            .unwrap();
        tokens.push(session["visitor_token"].as_str().unwrap().to_owned());
    }
    let (acks_tx, mut acks_rx) = tokio::sync::mpsc::unbounded_channel();
    let senders: Vec<_> = tokens
        .iter()
        .enumerate()
        .map(|(i, token)| {
            tokio::spawn(keep_sending(
                addr.clone(),
                token.clone(),
                i,
                acks_tx.clone(),
            ))
        })
        .collect();
    drop(acks_tx);
    // Kill while every buyer is sending and has seen some acks, however
    // fast or slow the machine is.
    let mut seen = vec![0usize; tokens.len()];
    while seen.iter().any(|&n| n < ACKS_BEFORE_KILL) {
        let buyer = tokio::time::timeout(Duration::from_secs(60), acks_rx.recv())
            .await
            .expect("every buyer is acknowledged within 60 s")
            .expect("the senders run until the kill");
        seen[buyer] += 1;
    }
    server.start_kill().unwrap(); // SIGKILL: no shutdown, no flush
    server.wait().await.unwrap();
    let mut acked: HashMap<usize, HashSet<String>> = HashMap::new();
    for (i, sender) in senders.into_iter().enumerate() {
        acked.insert(i, sender.await.unwrap());
    }
    for (i, ids) in &acked {
        assert!(
            ids.len() >= ACKS_BEFORE_KILL,
            "buyer {i}: the acks counted before the kill are among those returned: {ids:?}"
        );
    }

    let (_server, addr) = start(data.path()).await;
    for (i, token) in tokens.iter().enumerate() {
        let stored = stored_client_ids(&addr, token).await;
        let unique: HashSet<String> = stored.iter().cloned().collect();
        assert_eq!(
            unique.len(),
            stored.len(),
            "buyer {i}: no message stored twice"
        );
        let lost: Vec<_> = acked[&i].difference(&unique).collect();
        assert!(
            lost.is_empty(),
            "buyer {i}: acknowledged but lost: {lost:?}"
        );
    }
}

#[tokio::test]
async fn sigterm_closes_sockets_for_reconnect_and_exits_cleanly() {
    let data = tempfile::tempdir().unwrap();
    let (mut server, addr) = start(data.path()).await;
    let session = http_json(&addr, "POST", "/api/v1/widget/session", None, &json!({}))
        .await
        .unwrap();
    let token = session["visitor_token"].as_str().unwrap();
    let mut ws = buyer_socket(&addr, token, None).await;
    // Past the auth frame: the server has said hello.
    loop {
        match ws.next().await {
            Some(Ok(WsMessage::Text(text))) if text.contains("\"hello\"") => break,
            Some(Ok(_)) => continue,
            other => panic!("expected hello, got {other:?}"),
        }
    }
    let pid = server.id().unwrap();
    let status = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let close = loop {
        match tokio::time::timeout(Duration::from_secs(10), ws.next())
            .await
            .expect("closed within 10 s")
        {
            Some(Ok(WsMessage::Close(frame))) => break frame,
            Some(Ok(_)) => continue,
            other => panic!("expected a close frame, got {other:?}"),
        }
    };
    assert_eq!(
        u16::from(close.expect("close has a code").code),
        1012,
        "service restart: reconnect"
    );
    let exit = tokio::time::timeout(Duration::from_secs(10), server.wait())
        .await
        .expect("exits")
        .unwrap();
    assert!(exit.success(), "exit status {exit}");
}
