//! `kadesk user reset-password|disable|enable` as an operator runs them
//! next to a running server: a new password and a disabled user end every
//! session of the user at once (the next request is 401, the agent socket
//! refuses to send), and a disabled user cannot sign in until enabled.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Output, Stdio};
use std::time::Duration;

use common::{kadesk_command, start, text};
use futures_util::{SinkExt, StreamExt};
use kadesk::bench::http_json;
use serde_json::{json, Value};
use tokio::process::Child;
use tokio_tungstenite::tungstenite::Message as WsMessage;

const PASSWORD: &str = "pw-correct-horse";

/// Runs `kadesk ARGS --data-dir DATA`, with `stdin` as its input.
fn kadesk(data: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = kadesk_command(data, args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// A server with the agent `xiaowang` (password [`PASSWORD`]).
async fn server_with_agent() -> (tempfile::TempDir, Child, String) {
    let data = tempfile::tempdir().unwrap();
    let out = kadesk(
        data.path(),
        &[
            "user",
            "add",
            "--username",
            "xiaowang",
            "--display-name",
            "小王",
            "--password-stdin",
        ],
        PASSWORD,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let (child, addr) = start(data.path()).await;
    (data, child, addr)
}

async fn sign_in(addr: &str, password: &str) -> anyhow::Result<String> {
    let body = json!({"username": "xiaowang", "password": password});
    let answer = http_json(addr, "POST", "/api/v1/auth/login", None, &body).await?;
    Ok(answer["token"].as_str().unwrap().to_owned())
}

async fn me(addr: &str, token: &str) -> anyhow::Result<Value> {
    http_json(addr, "GET", "/api/v1/auth/me", Some(token), &Value::Null).await
}

#[tokio::test]
async fn reset_password_ends_the_users_open_sessions() {
    let (data, _server, addr) = server_with_agent().await;
    let token = sign_in(&addr, PASSWORD).await.unwrap();
    assert_eq!(me(&addr, &token).await.unwrap()["username"], "xiaowang");

    let out = kadesk(
        data.path(),
        &["user", "reset-password", "xiaowang", "--password-stdin"],
        "a-new-password\n",
    );
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", text(&out.stderr));
    assert!(stdout.contains("1 session(s) ended"), "{stdout}");

    let refused = me(&addr, &token).await.unwrap_err().to_string();
    assert!(refused.contains("401"), "{refused}");
    assert!(sign_in(&addr, PASSWORD).await.is_err(), "old password");
    sign_in(&addr, "a-new-password").await.unwrap();
}

#[tokio::test]
async fn disable_ends_sessions_stops_the_socket_and_refuses_sign_in_until_enabled() {
    let (data, _server, addr) = server_with_agent().await;
    let token = sign_in(&addr, PASSWORD).await.unwrap();
    let (mut ws, _) =
        tokio_tungstenite::connect_async(format!("ws://{addr}/api/v1/agent/ws?token={token}"))
            .await
            .unwrap();

    let out = kadesk(data.path(), &["user", "disable", "xiaowang"], "");
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", text(&out.stderr));
    assert!(
        stdout.contains("disabled xiaowang; 1 session(s) ended"),
        "{stdout}"
    );

    let refused = me(&addr, &token).await.unwrap_err().to_string();
    assert!(refused.contains("401"), "{refused}");
    let refused = sign_in(&addr, PASSWORD).await.unwrap_err().to_string();
    assert!(refused.contains("401"), "{refused}");

    // The socket opened before may not act for the disabled user.
    let send = json!({"type": "send", "client_id": "c1", "conversation_id": 1, "text": "还在吗"});
    ws.send(WsMessage::Text(send.to_string().into()))
        .await
        .unwrap();
    let code = loop {
        match tokio::time::timeout(Duration::from_secs(10), ws.next())
            .await
            .expect("closed within 10 s")
        {
            Some(Ok(WsMessage::Close(Some(frame)))) => break u16::from(frame.code),
            Some(Ok(WsMessage::Text(text))) => {
                assert!(
                    !text.contains("\"ack\""),
                    "a disabled user's send was stored: {text}"
                )
            }
            Some(Ok(_)) => continue,
            other => panic!("expected a close frame, got {other:?}"),
        }
    };
    assert_eq!(code, 4001, "session ended: sign in again");

    let out = kadesk(data.path(), &["user", "enable", "xiaowang"], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    sign_in(&addr, PASSWORD).await.unwrap();
}

#[tokio::test]
async fn user_commands_name_an_unknown_user() {
    let data = tempfile::tempdir().unwrap();
    for args in [
        vec!["user", "disable", "ghost"],
        vec!["user", "enable", "ghost"],
        vec!["user", "reset-password", "ghost", "--password-stdin"],
    ] {
        let out = kadesk(data.path(), &args, "a-new-password\n");
        assert!(!out.status.success(), "{args:?}");
        let stderr = text(&out.stderr);
        assert!(
            stderr.contains("no user named \"ghost\""),
            "{args:?}: {stderr}"
        );
    }
}
