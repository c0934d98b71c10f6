//! What the desk read from a buyer's screenshot, as stored and sent to agents.
//! The vision crate produces the raw report; the server adds what only it can
//! know (fraud flags from the shop's orders, "seen before" from earlier
//! uploads) and stores this record.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::Millis;

/// What the buyer said a picture shows when they attached it (the widget's
/// four choices). Tells the bot what was expected, so it can ask precisely
/// for what is missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ScreenshotCategory {
    /// 订单截图: the shop's order page.
    Order,
    /// 支付凭证: a payment app's receipt.
    Payment,
    /// 错误界面: an error message.
    Error,
    /// 商品对比: the product page against what was received.
    Product,
}

wire_enum!(ScreenshotCategory {
    Order => "order",
    Payment => "payment",
    Error => "error",
    Product => "product",
});

/// The fields read from a screenshot; `None` when not found. Same keys as
/// `kadesk vision analyze --json`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct ScreenshotFields {
    /// The shop's order number.
    pub order_no: Option<String>,
    /// The payment provider's transaction number.
    pub trade_no: Option<String>,
    /// `"128.00"`: no sign, no symbol.
    pub amount: Option<String>,
    /// ISO code, e.g. `CNY`.
    pub currency: Option<String>,
    /// `paid`, `unpaid`, `failed` or `refunded`.
    pub payment_status: Option<String>,
    pub product: Option<String>,
    /// `YYYY-MM-DD HH:MM[:SS]`, as shown (the shop's local time).
    pub time: Option<String>,
    pub error_code: Option<String>,
    pub error_message: Option<String>,
    /// `alipay`, `wechat`, `paypal`, `qq` or `unionpay`.
    pub platform: Option<String>,
}

/// One recognised line of text and where it is on the picture.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AnalysisLine {
    pub text: String,
    /// 0–1.
    pub confidence: f32,
    /// `[x0, y0, x1, y1]` (left, top, right, bottom) in pixels of the
    /// stored (upright) picture, as `kadesk vision analyze --json` gives it.
    #[serde(rename = "box")]
    pub bbox: [u32; 4],
}

/// A finding that makes a screenshot suspect, for agents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AnalysisFlag {
    /// `receipt_amount_mismatch` or `receipt_time_mismatch`.
    pub code: String,
    /// What was found, in Chinese.
    pub zh: String,
    /// The same in English.
    pub en: String,
}

/// Earlier uploads of the same picture or the same text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SeenBefore {
    /// How many earlier screenshots of the last 7 days match.
    pub count: i64,
    /// The conversations they were sent in (at most 20, oldest first).
    pub conversations: Vec<i64>,
    /// When the first of them was uploaded.
    pub first_at: Millis,
}

/// The reading of one uploaded screenshot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ImageAnalysis {
    pub id: i64,
    pub conversation_id: i64,
    /// The message carrying the picture.
    pub message_id: i64,
    /// The attachment's id (SHA-256 of the stored picture).
    pub file_id: String,
    /// `done`, or `failed` when the picture could not be read (see `error`).
    pub status: String,
    /// What the buyer said the picture shows, when they chose.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<ScreenshotCategory>,
    /// `order_page`, `payment_receipt`, `error_dialog`, `product_page`, `chat` or `other`.
    pub kind: String,
    pub fields: ScreenshotFields,
    /// Fields this kind of screen should show that were not read.
    pub missing: Vec<String>,
    pub lines: Vec<AnalysisLine>,
    /// Size of the analysed picture; line boxes are in these pixels.
    pub width: u32,
    pub height: u32,
    /// Why the screenshot is suspect; empty when nothing was found.
    pub flags: Vec<AnalysisFlag>,
    /// Earlier uploads of the same screenshot; absent when there are none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seen_before: Option<SeenBefore>,
    /// Why reading failed (status `failed`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Time spent reading, in milliseconds.
    pub elapsed_ms: i64,
    pub created_at: Millis,
}
