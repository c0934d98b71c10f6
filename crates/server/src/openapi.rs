//! The OpenAPI document, served at `/api/openapi.json`.

use axum::response::IntoResponse;
use utoipa::OpenApi;

use crate::api;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "kadesk",
        description = "Customer-service desk for digital-goods shops. WebSocket frames are described in docs/protocol.md."
    ),
    paths(
        api::auth::login,
        api::auth::logout,
        api::auth::me,
        api::conversations::list,
        api::conversations::show,
        api::conversations::messages,
        api::conversations::reply,
        api::conversations::claim,
        api::conversations::assign,
        api::conversations::resolve,
        api::conversations::reopen,
        api::conversations::handback,
        api::bot::simulate,
        api::contacts::list,
        api::contacts::show,
        api::contacts::update,
        api::users::list,
        api::users::create,
        api::users::disable,
        api::users::enable,
        api::users::set_password,
        api::users::sessions,
        api::users::end_sessions,
        api::users::end_session,
        api::widget::session,
        api::shop::products,
        api::shop::push_orders,
        api::shop::webhook,
        api::shop::import,
        api::shop::widget_verify,
        api::orders::list,
        api::orders::reveal,
        api::files::agent_upload,
        api::files::buyer_upload,
        api::files::download,
        api::bot_settings::show,
        api::bot_settings::update,
        api::bot_settings::restore,
        api::rating::rate,
        api::knowledge::list,
        api::knowledge::show,
        api::knowledge::create,
        api::knowledge::update,
        api::knowledge::remove,
        api::knowledge::search,
        api::files::thumbnail,
        api::attachments::attach,
        api::attachments::buyer_attach,
        api::attachments::analyses,
    )
)]
struct Doc;

/// `GET /api/openapi.json`
pub async fn document() -> impl IntoResponse {
    axum::Json(Doc::openapi())
}
