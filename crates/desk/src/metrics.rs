//! Live metrics the core records as things happen, through the `metrics`
//! facade: without an installed recorder (tests, CLI commands) each call is
//! a no-op; `kadesk serve` installs the Prometheus one and serves
//! `/metrics`. Each helper is one counter or histogram update with static
//! labels, so the chat path pays a few tens of nanoseconds per message.
//! Gauges that describe a state (queue length, open sockets, database pool)
//! are read when `/metrics` is scraped instead, costing nothing in between.
//! The list of names is in the README (Operations).

use kadesk_domain::SenderKind;

/// Messages stored, by sender (`buyer`, `agent`, `bot`, `system`).
pub const MESSAGES_STORED: &str = "kadesk_messages_stored_total";
/// Bot turns (one buyer message or event the bot decided on).
pub const BOT_TURNS: &str = "kadesk_bot_turns_total";
/// Handoffs to a person, by reason code.
pub const HANDOFFS: &str = "kadesk_handoffs_total";
/// Seconds the NLU took to read one message.
pub const NLU_SECONDS: &str = "kadesk_nlu_seconds";
/// Seconds the OCR took to read one screenshot.
pub const OCR_SECONDS: &str = "kadesk_ocr_seconds";
/// Failures of the core, by where they happened.
pub const ERRORS: &str = "kadesk_errors_total";

/// A message was stored.
pub fn message_stored(sender: SenderKind) {
    metrics::counter!(MESSAGES_STORED, "sender" => sender.as_str()).increment(1);
}

/// The bot decided on one buyer input.
pub fn bot_turn() {
    metrics::counter!(BOT_TURNS).increment(1);
}

/// The bot handed a conversation off for `reasons`.
pub fn handoff(reasons: &[&str]) {
    for reason in reasons {
        metrics::counter!(HANDOFFS, "reason" => reason.to_string()).increment(1);
    }
}

/// The NLU read a message in `seconds`.
pub fn nlu_time(seconds: f64) {
    metrics::histogram!(NLU_SECONDS).record(seconds);
}

/// The OCR read a screenshot in `seconds`.
pub fn ocr_time(seconds: f64) {
    metrics::histogram!(OCR_SECONDS).record(seconds);
}

/// A failure in `place` (`bot`, `vision`, `http`, …).
pub fn error(place: &'static str) {
    metrics::counter!(ERRORS, "place" => place).increment(1);
}
