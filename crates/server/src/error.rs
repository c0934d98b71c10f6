//! The one error type at the HTTP edge. Handlers return `Result<_, ApiError>`;
//! the client gets `{"error":{"code","message"}}` with a stable code, and the
//! real cause of a server fault goes to the log, never to the client.

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use kadesk_domain::ErrorCode;
use kadesk_store::StoreError;
use serde_json::json;

/// Seconds a `busy` answer asks the client to wait (`Retry-After`).
pub const BUSY_RETRY_AFTER_SECONDS: &str = "5";

/// An error answered to a client.
#[derive(Debug)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    /// Sent as `Retry-After` (seconds) with a `rate_limited` or `busy` answer.
    pub retry_after_secs: Option<u64>,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError {
            code,
            message: message.into(),
            retry_after_secs: None,
        }
    }

    /// The same error, telling the client when to try again.
    pub fn retry_after(mut self, secs: u64) -> ApiError {
        self.retry_after_secs = Some(secs.max(1));
        self
    }

    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(ErrorCode::BadRequest, message)
    }

    pub fn validation(message: impl Into<String>) -> ApiError {
        ApiError::new(ErrorCode::Validation, message)
    }

    pub fn unauthorized() -> ApiError {
        ApiError::new(
            ErrorCode::Unauthorized,
            "sign in first: no valid session was given",
        )
    }

    pub fn forbidden(message: impl Into<String>) -> ApiError {
        ApiError::new(ErrorCode::Forbidden, message)
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(ErrorCode::NotFound, message)
    }

    pub fn rate_limited() -> ApiError {
        ApiError::new(
            ErrorCode::RateLimited,
            "too many requests; wait a moment and try again",
        )
    }

    /// A server fault: the cause is logged here, the client sees a generic message.
    pub fn internal(cause: impl std::fmt::Display) -> ApiError {
        tracing::error!(error = %cause, "internal error");
        ApiError::new(
            ErrorCode::Internal,
            "internal server error; the cause is in the server log",
        )
    }

    /// The JSON body of this error.
    pub fn body(&self) -> serde_json::Value {
        json!({"error": {"code": self.code, "message": self.message}})
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.code.http_status())
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        if status.is_client_error() {
            tracing::debug!(code = %self.code, message = %self.message, "request refused");
        }
        let mut response = (status, axum::Json(self.body())).into_response();
        if let Some(secs) = self.retry_after_secs {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, secs.into());
        } else if self.code == ErrorCode::Busy {
            // Every `busy` says when to come back (a handler may set its own).
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from_static(BUSY_RETRY_AFTER_SECONDS),
            );
        }
        response
    }
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> ApiError {
        match err {
            StoreError::NotFound { .. } => ApiError::not_found(err.to_string()),
            StoreError::Conflict { .. } => ApiError::new(ErrorCode::Conflict, err.to_string()),
            StoreError::Closed(_) => ApiError::validation(format!(
                "{err}; a closed conversation takes no new messages"
            )),
            other => ApiError::internal(other),
        }
    }
}

impl From<kadesk_desk::DeskError> for ApiError {
    fn from(err: kadesk_desk::DeskError) -> ApiError {
        use kadesk_desk::DeskError as E;
        match err {
            E::Refused { code, message } => ApiError::new(code, message),
            E::Store(e) => e.into(),
            other => ApiError::internal(other),
        }
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> ApiError {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            return ApiError::new(
                ErrorCode::PayloadTooLarge,
                "request body is larger than the 1 MiB limit",
            );
        }
        match rejection {
            JsonRejection::MissingJsonContentType(_) => {
                ApiError::bad_request("send the body as JSON with content-type: application/json")
            }
            other => ApiError::bad_request(format!("invalid JSON body: {}", other.body_text())),
        }
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> ApiError {
        ApiError::bad_request(format!("invalid query: {}", rejection.body_text()))
    }
}

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> ApiError {
        ApiError::bad_request(format!("invalid path: {}", rejection.body_text()))
    }
}

/// `axum::Json` whose rejections are [`ApiError`]s.
#[derive(Debug, Clone, Copy, Default, axum::extract::FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct Json<T>(pub T);

impl<T: serde::Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// `axum::extract::Query` whose rejections are [`ApiError`]s.
#[derive(Debug, Clone, Copy, Default, axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct Query<T>(pub T);

/// `axum::extract::Path` whose rejections are [`ApiError`]s.
#[derive(Debug, Clone, Copy, Default, axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct Path<T>(pub T);

/// Result of handlers.
pub type ApiResult<T> = Result<T, ApiError>;
