//! Uploading and fetching images.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use kadesk_domain::{Attachment, ErrorCode};

use crate::auth::{Agent, Visitor};
use crate::error::{ApiError, ApiResult, Json, Path};
use crate::AppState;
use kadesk_desk::files::{Uploader, MAX_UPLOAD_BYTES};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/widget/uploads", post(buyer_upload))
        .route_layer(crate::api::widget_cors())
        .route("/uploads", post(agent_upload))
        .layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES))
        .route("/files/{id}", get(download))
        .route("/files/{id}/thumbnail", get(thumbnail))
}

/// The uploaded file's name from `X-Filename` (percent-encoded UTF-8).
pub(crate) fn file_name(headers: &HeaderMap) -> String {
    let raw = headers
        .get("x-filename")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("image");
    percent_decode(raw)
}

fn percent_decode(raw: &str) -> String {
    percent_encoding::percent_decode_str(raw)
        .decode_utf8_lossy()
        .into_owned()
}

/// The upload's bytes, or the reason they could not be read (too large …).
pub(crate) fn upload_body(body: Result<Bytes, BytesRejection>) -> ApiResult<Bytes> {
    body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                ErrorCode::PayloadTooLarge,
                "file is larger than the 10 MiB limit",
            )
        } else {
            ApiError::bad_request(format!(
                "could not read the upload: {}",
                rejection.body_text()
            ))
        }
    })
}

/// Cleans and stores an uploaded picture and records its metadata.
pub(crate) async fn store_picture(
    state: &AppState,
    headers: &HeaderMap,
    body: Bytes,
    uploader: Uploader,
) -> ApiResult<kadesk_desk::files::Stored> {
    let stored = state
        .files
        .put(body.to_vec(), &file_name(headers), uploader)
        .await?;
    state.store.record_file(&stored.attachment).await?;
    Ok(stored)
}

async fn store_upload(
    state: &AppState,
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
    uploader: Uploader,
) -> ApiResult<Attachment> {
    let body = upload_body(body)?;
    Ok(store_picture(state, headers, body, uploader)
        .await?
        .attachment)
}

/// Upload an image as an agent (raw body).
#[utoipa::path(post, path = "/api/v1/uploads", request_body(content = Vec<u8>, content_type = "image/png"),
    responses((status = 201, body = Attachment), (status = 413), (status = 415),
        (status = 422, description = "validation: the file is empty or not a picture that decodes"),
        (status = 503, description = "busy: too many pictures decoding; see Retry-After")))]
async fn agent_upload(
    State(state): State<AppState>,
    _agent: Agent,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<(StatusCode, Json<Attachment>)> {
    Ok((
        StatusCode::CREATED,
        Json(store_upload(&state, &headers, body, Uploader::Agent).await?),
    ))
}

/// Upload an image as a buyer (raw body, visitor token as bearer; at most
/// 20 megapixels).
#[utoipa::path(post, path = "/api/v1/widget/uploads", request_body(content = Vec<u8>, content_type = "image/png"),
    responses((status = 201, body = Attachment), (status = 413), (status = 415),
        (status = 422, description = "validation: the file is empty or not a picture that decodes"),
        (status = 503, description = "busy: too many pictures decoding; see Retry-After")))]
async fn buyer_upload(
    State(state): State<AppState>,
    _visitor: Visitor,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<(StatusCode, Json<Attachment>)> {
    Ok((
        StatusCode::CREATED,
        Json(store_upload(&state, &headers, body, Uploader::Buyer).await?),
    ))
}

/// A stored file. Its id is the SHA-256 of its bytes, which only people who
/// saw the message know.
#[utoipa::path(get, path = "/api/v1/files/{id}", params(("id" = String, Path, description = "the file id (SHA-256 of the bytes, hex)")), responses((status = 200), (status = 404)))]
async fn download(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<Response> {
    let meta = state.store.file(&id).await?;
    let bytes = state.files.read(&id).await?;
    Ok((
        [
            (CONTENT_TYPE, meta.content_type),
            (
                CACHE_CONTROL,
                "private, max-age=31536000, immutable".to_owned(),
            ),
            (X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
        ],
        bytes,
    )
        .into_response())
}

/// The JPEG thumbnail of a stored picture (longest side 320 px).
#[utoipa::path(get, path = "/api/v1/files/{id}/thumbnail", params(("id" = String, Path, description = "the file id (SHA-256 of the bytes, hex)")), responses((status = 200), (status = 404)))]
async fn thumbnail(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<Response> {
    // Only files recorded with a thumbnail have one.
    let meta = state.store.file(&id).await?;
    if meta.thumbnail_url.is_none() {
        return Err(ApiError::not_found(format!("file {id} has no thumbnail")));
    }
    let bytes = state.files.read_thumbnail(&id).await?;
    Ok((
        [
            (CONTENT_TYPE, "image/jpeg".to_owned()),
            (
                CACHE_CONTROL,
                "private, max-age=31536000, immutable".to_owned(),
            ),
            (X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
        ],
        bytes,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::percent_decode;

    #[test]
    fn file_names_are_percent_decoded() {
        assert_eq!(percent_decode("%E8%AE%A2%E5%8D%95.png"), "订单.png");
        assert_eq!(percent_decode("plain.png"), "plain.png");
        assert_eq!(percent_decode("bad%zz%"), "bad%zz%");
    }
}
