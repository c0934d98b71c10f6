//! Screenshots sent into a conversation, end to end with the real OCR models
//! and the real degraded fixtures of `crates/vision/tests/fixtures`: stored
//! clean, shown at once, read in the background, flagged, counted when seen
//! before, acted on by the bot; refused clearly when bad or when the reader
//! is busy.
//!
//! Needs `KADESK_MODELS_DIR` (see `scripts/fetch-models.sh`); fails with
//! instructions when it is unset.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::cell::RefCell;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use common::{signed_in, upload, Reply, TestDb, TestServer};
use kadesk_desk::vision::VisionService;
use kadesk_domain::Role;
use kadesk_server::AppState;
use kadesk_shop::OrderInput;
use kadesk_vision::{OcrEngine, OcrError};
use serde_json::{json, Value};

/// Upper bound for one reading in a debug build; a failure bound, not a measurement.
const READ_LIMIT: Duration = Duration::from_secs(180);

const ORDER_FIXTURE: &str = "order_zh_dark_tilted";
const RECEIPT_FIXTURE: &str = "receipt_wechat_tilted";
const ERROR_FIXTURE: &str = "error_en_dark_noisy";

/// One engine for every test of this binary (loading it is the slow part).
fn engine() -> Arc<OcrEngine> {
    static ENGINE: OnceLock<Arc<OcrEngine>> = OnceLock::new();
    ENGINE
        .get_or_init(|| {
            let dir = std::env::var("KADESK_MODELS_DIR").expect(
                "set KADESK_MODELS_DIR to the OCR models folder (scripts/fetch-models.sh DATA_DIR, \
                 then KADESK_MODELS_DIR=DATA_DIR/models)",
            );
            Arc::new(OcrEngine::load(dir).expect("the OCR models load"))
        })
        .clone()
}

fn fixture_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../vision/tests/fixtures")
}

/// A fixture's bytes and its ground truth.
fn fixture(name: &str) -> (Vec<u8>, Value) {
    let dir = fixture_dir();
    let bytes = std::fs::read(dir.join(format!("{name}.jpg"))).unwrap();
    let truth = std::fs::read_to_string(dir.join(format!("{name}.json"))).unwrap();
    (bytes, serde_json::from_str(&truth).unwrap())
}

/// A state reading screenshots with one worker.
async fn reading_state(db: &TestDb, bot: bool) -> AppState {
    let state = if bot {
        db.bot_state().await
    } else {
        db.state().await
    };
    // The engine loads on the pool's thread, not the runtime.
    state.with_vision(VisionService::start_with(1, 4, || Ok(engine())))
}

async fn ingest(server: &TestServer, order: Value) {
    let order: OrderInput = serde_json::from_value(order).unwrap();
    server.state.shop.ingest(vec![order]).await.unwrap();
}

fn attach_path(conversation: i64, category: &str) -> String {
    format!("/api/v1/conversations/{conversation}/attachments?category={category}")
}

/// Waits for the `analysis` frame of `message_id` on an agent socket.
async fn analysis_of(agent: &mut common::Socket, message_id: i64) -> Value {
    agent
        .until_within(READ_LIMIT, |f| {
            f["type"] == "analysis" && f["analysis"]["message_id"] == message_id
        })
        .await["analysis"]
        .clone()
}

/// Files kept under the files folder (pictures and thumbnails).
fn stored_files(db: &TestDb) -> usize {
    fn walk(dir: &std::path::Path) -> usize {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return 0;
        };
        entries
            .flatten()
            .map(|e| {
                let path = e.path();
                if path.is_dir() {
                    walk(&path)
                } else {
                    1
                }
            })
            .sum()
    }
    walk(&db.files_dir())
}

#[tokio::test]
async fn an_order_screenshot_shows_at_once_is_read_and_the_bot_asks_for_the_proof_of_that_order() {
    for db in TestDb::all().await {
        let server = TestServer::start_with(reading_state(&db, true).await).await;
        let (bytes, truth) = fixture(ORDER_FIXTURE);
        let order_no = truth["fields"]["order_no"].as_str().unwrap().to_owned();
        ingest(
            &server,
            json!({
                "order_no": order_no, "product": "芒果TV会员 季卡", "contact": "buyer@example.com",
                "amount": "23.00", "payment_status": "paid", "delivery_status": "delivered",
                "created_at": "2024-11-07 00:39:00", "paid_at": "2024-11-07 00:39:43",
                "card_keys": ["MGTV-7Q2K-99XA-PL3M"]
            }),
        )
        .await;
        let (_, agent_token) =
            signed_in(&server.state.store, "xiaowang", Role::Agent, "pw-123456").await;
        let mut agent = server
            .socket(&format!("/api/v1/agent/ws?token={agent_token}"))
            .await;
        let (token, conversation) = server.buyer("zh-CN").await;
        let mut socket = server.buyer_socket(&token, None).await;
        socket.next_of("hello").await;

        let Reply { status, body, .. } = upload(
            server.addr,
            &attach_path(conversation, "order"),
            &token,
            &bytes,
            "application/octet-stream",
            "%E8%AE%A2%E5%8D%95.jpg",
        )
        .await;
        assert_eq!(status, 201, "{} {body}", db.label);
        let attachment = &body["attachment"];
        assert_eq!(body["message"]["attachments"][0]["id"], attachment["id"]);
        assert_eq!(attachment["name"], "订单.jpg");
        assert_eq!(attachment["width"], truth["width"]);
        assert_eq!(attachment["height"], truth["height"]);
        let thumbnail = attachment["thumbnail_url"].as_str().unwrap().to_owned();
        let message_id = body["message"]["id"].as_i64().unwrap();

        // The picture is in the chat before it is read.
        let shown = socket
            .until(|f| f["type"] == "message" && f["message"]["id"] == message_id)
            .await;
        assert_eq!(
            shown["message"]["attachments"][0]["thumbnail_url"],
            thumbnail
        );

        let analysis = analysis_of(&mut agent, message_id).await;
        assert_eq!(analysis["status"], "done", "{analysis}");
        assert_eq!(analysis["kind"], "order_page");
        assert_eq!(analysis["category"], "order");
        assert_eq!(analysis["fields"]["order_no"], order_no.as_str());
        assert!(analysis["lines"].as_array().unwrap().len() > 3);

        // The bot takes the order number read and asks for the proof before
        // it says anything about that order; the buyer's socket never
        // carries the reading itself.
        let frames = RefCell::new(Vec::new());
        let reply = socket
            .until_within(READ_LIMIT, |f| {
                frames.borrow_mut().push(f["type"].clone());
                f["type"] == "message" && f["message"]["sender"] == "bot"
            })
            .await;
        let text = reply["message"]["text"].as_str().unwrap();
        assert!(text.contains(&order_no) && text.contains("邮箱"), "{text}");
        assert!(!frames.borrow().iter().any(|t| t == "analysis"));

        let (status, list) = server
            .get(
                &format!("/api/v1/conversations/{conversation}/analyses"),
                Some(&agent_token),
            )
            .await;
        assert_eq!(status, 200, "{list}");
        assert_eq!(list["items"][0]["fields"]["order_no"], order_no.as_str());
        let (status, _) = server
            .get(
                &format!("/api/v1/conversations/{conversation}/analyses"),
                Some(&token),
            )
            .await;
        assert_eq!(status, 401, "buyers do not list readings");
        server.stop().await;
    }
}

#[tokio::test]
async fn an_order_screenshot_without_an_order_number_gets_a_precise_ask() {
    for db in TestDb::all().await {
        let server = TestServer::start_with(reading_state(&db, true).await).await;
        let (token, conversation) = server.buyer("zh-CN").await;
        let mut socket = server.buyer_socket(&token, None).await;
        socket.next_of("hello").await;
        // An error dialog sent as "order screenshot": no order number on it.
        let (bytes, _) = fixture(ERROR_FIXTURE);
        let Reply { status, body, .. } = upload(
            server.addr,
            &attach_path(conversation, "order"),
            &token,
            &bytes,
            "application/octet-stream",
            "x.jpg",
        )
        .await;
        assert_eq!(status, 201, "{body}");
        let reply = socket
            .until_within(READ_LIMIT, |f| {
                f["type"] == "message" && f["message"]["sender"] == "bot"
            })
            .await;
        let text = reply["message"]["text"].as_str().unwrap();
        assert!(
            text.contains("订单详情页") && text.contains("订单号"),
            "{text}"
        );
        server.stop().await;
    }
}

#[tokio::test]
async fn a_full_queue_answers_busy_before_storing_anything() {
    for db in TestDb::all().await {
        // No worker: the one queue place stays taken once used.
        let state = db
            .state()
            .await
            .with_vision(VisionService::start_with(0, 1, || {
                Err(OcrError::Inference("no engine in this test".into()))
            }));
        let server = TestServer::start_with(state).await;
        let (token, conversation) = server.buyer("zh-CN").await;
        let (first, _) = fixture(ORDER_FIXTURE);
        let (second, _) = fixture(RECEIPT_FIXTURE);
        let path = attach_path(conversation, "payment");
        let Reply { status, body, .. } = upload(
            server.addr,
            &path,
            &token,
            &first,
            "application/octet-stream",
            "a.jpg",
        )
        .await;
        assert_eq!(status, 201, "{body}");
        let files_after_first = stored_files(&db);
        assert_eq!(files_after_first, 2, "the picture and its thumbnail");

        let reply = upload(
            server.addr,
            &path,
            &token,
            &second,
            "application/octet-stream",
            "b.jpg",
        )
        .await;
        let body = &reply.body;
        assert_eq!(reply.status, 503, "{body}");
        assert_eq!(body["error"]["code"], "busy");
        assert!(reply.header("retry-after").is_some(), "{reply:?}");
        assert!(body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("稍后再试"));
        assert_eq!(stored_files(&db), files_after_first, "nothing stored");
        let conv = server.state.store.conversation(conversation).await.unwrap();
        assert_eq!(conv.last_seq, 1, "only the first picture's message");
        server.stop().await;
    }
}

/// A PNG header claiming a giant canvas, with a tiny body.
fn png_claiming(w: u32, h: u32) -> Vec<u8> {
    let mut idat = vec![0x78, 0x01];
    idat.extend(std::iter::repeat_n(0u8, 256));
    kadesk_vision::forge::png_claiming(w, h, 8, 2, &idat)
}

#[tokio::test]
async fn bad_pictures_are_refused_with_clear_codes_and_nothing_is_stored() {
    for db in TestDb::all().await {
        let server = TestServer::start_with(reading_state(&db, false).await).await;
        let (token, conversation) = server.buyer("zh-CN").await;
        let (jpeg, _) = fixture(ORDER_FIXTURE);
        let mut heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic".to_vec();
        heic.extend(std::iter::repeat_n(0u8, 64));
        let cases: Vec<(&str, Vec<u8>, u16, &str, &str)> = vec![
            (
                "renamed PDF",
                b"%PDF-1.7\n%\xe2\xe3\xcf\xd3 fake".to_vec(),
                415,
                "unsupported_media_type",
                "PDF",
            ),
            ("HEIC", heic, 415, "unsupported_media_type", "HEIC"),
            (
                "truncated JPEG",
                jpeg[..jpeg.len() / 3].to_vec(),
                422,
                "validation",
                "truncated",
            ),
            (
                "giant canvas",
                png_claiming(30_000, 30_000),
                413,
                "payload_too_large",
                "30000x30000",
            ),
        ];
        for (what, bytes, status, code, named) in cases {
            let Reply {
                status: got, body, ..
            } = upload(
                server.addr,
                &attach_path(conversation, "order"),
                &token,
                &bytes,
                "application/octet-stream",
                "photo.jpg",
            )
            .await;
            assert_eq!(got, status, "{} {what}: {body}", db.label);
            assert_eq!(body["error"]["code"], code, "{what}");
            let message = body["error"]["message"].as_str().unwrap();
            assert!(message.contains(named), "{what}: {message}");
        }
        assert_eq!(stored_files(&db), 0, "nothing stored");
        let conv = server.state.store.conversation(conversation).await.unwrap();
        assert_eq!(conv.last_seq, 0, "no message");
        server.stop().await;
    }
}

/// A JPEG with an EXIF block holding a GPS-looking position.
fn jpeg_with_gps() -> Vec<u8> {
    let img = image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(64, 48, |x, y| {
        image::Rgb([(x * 4) as u8, (y * 5) as u8, 90])
    }));
    let mut jpeg = std::io::Cursor::new(Vec::new());
    img.write_to(&mut jpeg, image::ImageFormat::Jpeg).unwrap();
    let jpeg = jpeg.into_inner();
    let mut tiff = b"II*\0".to_vec();
    tiff.extend_from_slice(&8u32.to_le_bytes());
    tiff.extend_from_slice(&0u16.to_le_bytes());
    tiff.extend_from_slice(&0u32.to_le_bytes());
    tiff.extend_from_slice(b"GPS 31.2304N 121.4737E");
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend_from_slice(&tiff);
    let mut out = vec![0xff, 0xd8, 0xff, 0xe1];
    out.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&jpeg[2..]);
    out
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[tokio::test]
async fn the_stored_picture_carries_no_exif_position() {
    for db in TestDb::all().await {
        let server = TestServer::start(&db).await;
        let (token, conversation) = server.buyer("zh-CN").await;
        let upload_bytes = jpeg_with_gps();
        assert!(contains(&upload_bytes, b"GPS 31.2304N"));
        let Reply { status, body, .. } = upload(
            server.addr,
            &attach_path(conversation, "error"),
            &token,
            &upload_bytes,
            "application/octet-stream",
            "gps.jpg",
        )
        .await;
        assert_eq!(status, 201, "{body}");
        let id = body["attachment"]["id"].as_str().unwrap();
        let stored = server.state.files.read(id).await.unwrap();
        assert!(stored.starts_with(&[0xff, 0xd8, 0xff]), "still a JPEG");
        assert!(!contains(&stored, b"GPS 31.2304N"), "position dropped");
        assert!(!contains(&stored, b"Exif\0\0"), "no EXIF block at all");
        server.stop().await;
    }
}

#[tokio::test]
async fn a_receipt_whose_amount_differs_from_the_order_is_flagged_and_handed_to_a_person_once_verified(
) {
    for db in TestDb::all().await {
        let server = TestServer::start_with(reading_state(&db, true).await).await;
        let (bytes, truth) = fixture(RECEIPT_FIXTURE);
        let order_no = truth["fields"]["order_no"].as_str().unwrap().to_owned();
        // The shop sold it for 98.50; the receipt shows 198.50.
        ingest(
            &server,
            json!({
                "order_no": order_no, "product": "王者荣耀 点券 600", "contact": "buyer@example.com",
                "amount": "98.50", "payment_status": "paid", "delivery_status": "delivered",
                "created_at": "2024-04-13 18:20:00", "paid_at": "2024-04-13 18:21:00",
                "card_keys": ["WZRY-1111-2222-3333"]
            }),
        )
        .await;
        let (_, agent_token) =
            signed_in(&server.state.store, "xiaoli", Role::Agent, "pw-123456").await;
        let mut agent = server
            .socket(&format!("/api/v1/agent/ws?token={agent_token}"))
            .await;
        let (token, conversation) = server.buyer("zh-CN").await;
        let Reply { status, body, .. } = upload(
            server.addr,
            &attach_path(conversation, "payment"),
            &token,
            &bytes,
            "application/octet-stream",
            "pay.jpg",
        )
        .await;
        assert_eq!(status, 201, "{body}");
        let message_id = body["message"]["id"].as_i64().unwrap();
        let analysis = analysis_of(&mut agent, message_id).await;
        let codes: Vec<&str> = analysis["flags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap())
            .collect();
        assert_eq!(
            codes,
            ["receipt_amount_mismatch"],
            "{} {analysis}",
            db.label
        );
        assert!(analysis["flags"][0]["zh"]
            .as_str()
            .unwrap()
            .contains("198.50"));

        // The bot does not vouch for it, nor tell whether the order exists:
        // it asks for the proof first, as for any order number.
        let asked = agent
            .until_within(READ_LIMIT, |f| {
                f["type"] == "message"
                    && f["message"]["conversation_id"] == conversation
                    && f["message"]["sender"] == "bot"
            })
            .await;
        let asked = asked["message"]["text"].as_str().unwrap().to_owned();
        assert!(asked.contains("邮箱"), "{} {asked}", db.label);
        for secret in ["98.50", "王者荣耀", "已付款"] {
            assert!(!asked.contains(secret), "{asked}");
        }
        let mut widget = server.buyer_socket(&token, None).await;
        widget.next_of("hello").await;
        widget
            .send(json!({"type": "send", "client_id": "proof-1", "text": "buyer@example.com"}))
            .await;

        // Once verified, a person checks it, with the finding in the summary.
        let handed = agent
            .until_within(READ_LIMIT, |f| {
                f["type"] == "conversation"
                    && f["conversation"]["id"] == conversation
                    && f["conversation"]["status"] == "queued"
            })
            .await;
        let handoff = &handed["conversation"]["handoff"];
        assert!(
            handoff["reasons"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r == "order_problem"),
            "{handoff}"
        );
        assert!(
            handoff["summary_zh"].as_str().unwrap().contains("198.50"),
            "{handoff}"
        );
        server.stop().await;
    }
}

#[tokio::test]
async fn the_same_screenshot_sent_again_is_counted_as_seen_before() {
    for db in TestDb::all().await {
        let server = TestServer::start_with(reading_state(&db, false).await).await;
        let (_, agent_token) =
            signed_in(&server.state.store, "xiaozhao", Role::Agent, "pw-123456").await;
        let mut agent = server
            .socket(&format!("/api/v1/agent/ws?token={agent_token}"))
            .await;
        let (bytes, _) = fixture(ERROR_FIXTURE);
        let (first_token, first) = server.buyer("en").await;
        let (second_token, second) = server.buyer("en").await;

        let Reply { status, body, .. } = upload(
            server.addr,
            &attach_path(first, "error"),
            &first_token,
            &bytes,
            "application/octet-stream",
            "a.jpg",
        )
        .await;
        assert_eq!(status, 201, "{body}");
        let reading = analysis_of(&mut agent, body["message"]["id"].as_i64().unwrap()).await;
        assert!(reading.get("seen_before").is_none(), "{reading}");

        let Reply { status, body, .. } = upload(
            server.addr,
            &attach_path(second, "error"),
            &second_token,
            &bytes,
            "application/octet-stream",
            "b.jpg",
        )
        .await;
        assert_eq!(status, 201, "{body}");
        let reading = analysis_of(&mut agent, body["message"]["id"].as_i64().unwrap()).await;
        assert_eq!(reading["seen_before"]["count"], 1, "{} {reading}", db.label);
        assert_eq!(reading["seen_before"]["conversations"], json!([first]));
        server.stop().await;
    }
}

#[tokio::test]
async fn a_buyer_cannot_post_into_someone_elses_conversation() {
    for db in TestDb::all().await {
        let server = TestServer::start(&db).await;
        let (token, _) = server.buyer("zh-CN").await;
        let (_, other) = server.buyer("zh-CN").await;
        let (bytes, _) = fixture(ORDER_FIXTURE);
        let Reply { status, body, .. } = upload(
            server.addr,
            &attach_path(other, "order"),
            &token,
            &bytes,
            "application/octet-stream",
            "x.jpg",
        )
        .await;
        // Another buyer's conversation answers like one that does not exist,
        // so conversation ids cannot be counted.
        assert_eq!(status, 404, "{body}");
        assert_eq!(body["error"]["code"], "not_found");
        assert_eq!(
            body["error"]["message"],
            format!("conversation {other} does not exist")
        );
        let missing = other + 1000;
        let Reply { status, body, .. } = upload(
            server.addr,
            &attach_path(missing, "order"),
            &token,
            &bytes,
            "application/octet-stream",
            "x.jpg",
        )
        .await;
        assert_eq!(status, 404, "{body}");
        assert_eq!(
            body["error"]["message"],
            format!("conversation {missing} does not exist")
        );
        let Reply { status, .. } = upload(
            server.addr,
            &attach_path(other, "order"),
            "not-a-token",
            &bytes,
            "application/octet-stream",
            "x.jpg",
        )
        .await;
        assert_eq!(status, 401);
        assert_eq!(stored_files(&db), 0);
        let conv = server.state.store.conversation(other).await.unwrap();
        assert_eq!(conv.last_seq, 0);
        server.stop().await;
    }
}
