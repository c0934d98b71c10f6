//! The one table of stable error codes. HTTP statuses are attached at the
//! server edge; socket error frames use the same codes.

use serde::Serialize;
use utoipa::ToSchema;

/// A stable, machine-readable error code (see `docs/protocol.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    BadRequest,
    InvalidFrame,
    Validation,
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict,
    PayloadTooLarge,
    UnsupportedMediaType,
    RateLimited,
    Unavailable,
    Internal,
    /// A bounded queue is full (e.g. screenshot reading): try again shortly.
    Busy,
    /// The shop's webhook came without `X-Kadesk-Signature`.
    SignatureMissing,
    /// The webhook's signature header is not `t=<unix>,v1=<hex>`.
    SignatureMalformed,
    /// The webhook's signature does not match its body.
    SignatureInvalid,
    /// The webhook's signature timestamp is too far from the server's clock.
    SignatureExpired,
    /// The webhook's signature was used before.
    SignatureReplayed,
    /// Resolving needs a confirmed problem tag (the `tags_required` setting).
    TagsRequired,
    /// The platform lets the desk write freely only within a window after
    /// the buyer's last message (WhatsApp 24 h, WeChat 48 h), and it has
    /// passed: send the channel's template instead.
    ReplyWindowClosed,
}

impl ErrorCode {
    /// The code as sent on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::BadRequest => "bad_request",
            ErrorCode::InvalidFrame => "invalid_frame",
            ErrorCode::Validation => "validation",
            ErrorCode::Unauthorized => "unauthorized",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::NotFound => "not_found",
            ErrorCode::Conflict => "conflict",
            ErrorCode::PayloadTooLarge => "payload_too_large",
            ErrorCode::UnsupportedMediaType => "unsupported_media_type",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::Unavailable => "unavailable",
            ErrorCode::Internal => "internal",
            ErrorCode::Busy => "busy",
            ErrorCode::SignatureMissing => "signature_missing",
            ErrorCode::SignatureMalformed => "signature_malformed",
            ErrorCode::SignatureInvalid => "signature_invalid",
            ErrorCode::SignatureExpired => "signature_expired",
            ErrorCode::SignatureReplayed => "signature_replayed",
            ErrorCode::TagsRequired => "tags_required",
            ErrorCode::ReplyWindowClosed => "reply_window_closed",
        }
    }

    /// The HTTP status that carries this code.
    pub fn http_status(self) -> u16 {
        match self {
            ErrorCode::BadRequest | ErrorCode::InvalidFrame => 400,
            ErrorCode::Unauthorized
            | ErrorCode::SignatureMissing
            | ErrorCode::SignatureMalformed
            | ErrorCode::SignatureInvalid
            | ErrorCode::SignatureExpired
            | ErrorCode::SignatureReplayed => 401,
            ErrorCode::Forbidden => 403,
            ErrorCode::NotFound => 404,
            ErrorCode::Conflict | ErrorCode::ReplyWindowClosed => 409,
            ErrorCode::PayloadTooLarge => 413,
            ErrorCode::UnsupportedMediaType => 415,
            ErrorCode::Validation | ErrorCode::TagsRequired => 422,
            ErrorCode::RateLimited => 429,
            ErrorCode::Internal => 500,
            ErrorCode::Unavailable | ErrorCode::Busy => 503,
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
