//! The desk's one error type. Each variant says whose fault it is: a
//! refusal carries the stable [`ErrorCode`] and a message meant for the
//! person who asked (the HTTP adapter sends both as they are); a store error
//! keeps its own kind; anything else is a fault of the desk, logged by the
//! adapter and never shown.

use kadesk_domain::ErrorCode;
use kadesk_store::StoreError;

/// What went wrong in the desk.
#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    /// The request was refused: bad input, not found, busy. `message` is
    /// worded for the client and names the problem.
    #[error("{message}")]
    Refused { code: ErrorCode, message: String },
    /// The store failed or refused (not found, conflict, closed).
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A stored bot dialog does not read or write as JSON.
    #[error("bot state: {0}")]
    BotState(#[from] serde_json::Error),
    /// A fault of the desk (I/O, a worker that died); the cause is logged.
    #[error("{0}")]
    Internal(String),
}

impl DeskError {
    /// A refusal with `code`.
    pub fn refused(code: ErrorCode, message: impl Into<String>) -> DeskError {
        DeskError::Refused {
            code,
            message: message.into(),
        }
    }

    /// Bad input.
    pub fn validation(message: impl Into<String>) -> DeskError {
        DeskError::refused(ErrorCode::Validation, message)
    }

    /// Something that does not exist.
    pub fn not_found(message: impl Into<String>) -> DeskError {
        DeskError::refused(ErrorCode::NotFound, message)
    }

    /// Too much work queued; try again shortly.
    pub fn busy(message: impl Into<String>) -> DeskError {
        DeskError::refused(ErrorCode::Busy, message)
    }

    /// The stable code a client is given for this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            DeskError::Refused { code, .. } => *code,
            DeskError::Store(StoreError::NotFound { .. }) => ErrorCode::NotFound,
            DeskError::Store(StoreError::Conflict { .. }) => ErrorCode::Conflict,
            DeskError::Store(StoreError::Closed(_)) => ErrorCode::Validation,
            _ => ErrorCode::Internal,
        }
    }

    /// A fault of the desk.
    pub fn internal(cause: impl std::fmt::Display) -> DeskError {
        DeskError::Internal(cause.to_string())
    }
}

/// Results of the desk.
pub type DeskResult<T> = Result<T, DeskError>;
