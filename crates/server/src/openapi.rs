//! The OpenAPI document, served at `/api/openapi.json`.
//!
//! The console's TypeScript types are generated from this document
//! (`web/src/console/api/schema.d.ts`, checked against the live document by
//! the browser tests), so it must be exact: every path parameter declared,
//! query parameters in the query, one operation id per route, closed sets of
//! values as enums, and every error answer with its `ErrorBody`. What the
//! per-route annotations cannot say is fixed up here by [`Exact`].

use axum::response::IntoResponse;
use kadesk_domain::ErrorCode;
use serde::Serialize;
use utoipa::openapi::path::Operation;
use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Schema, Type};
use utoipa::openapi::{ContentBuilder, Ref, RefOr};
use utoipa::{Modify, OpenApi, ToSchema};

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
        api::contacts::export,
        api::contacts::erase,
        api::users::list,
        api::users::create,
        api::users::disable,
        api::users::enable,
        api::users::set_password,
        api::users::set_role,
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
        api::search::search,
        api::audit::list,
        api::orders::reveal,
        api::orders::redeliver,
        api::files::agent_upload,
        api::files::buyer_upload,
        api::files::download,
        api::bot_settings::show,
        api::bot_settings::update,
        api::bot_settings::restore,
        api::settings::show_general,
        api::settings::update_general,
        api::settings::restore_general,
        api::settings::show_widget,
        api::settings::update_widget,
        api::settings::widget_config,
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
        api::nlu::parse,
        api::cases::similar,
        api::assist::suggest,
        api::assist::model_summary,
        api::assist::usage,
        api::cases::search,
        api::cases::tags,
        api::cases::add_tag,
        api::cases::remove_tag,
        api::cases::show_tags,
        api::cases::put_tags,
        api::cases::show_settings,
        api::cases::put_settings,
        api::annotations::show,
        api::annotations::save,
        api::nlu::examples,
        api::nlu::add_examples,
        api::nlu::retrain,
        api::team::update_agent,
        api::team::my_status,
        api::team::set_status,
        api::team::queue,
        api::team::floor,
        api::sla::board,
        api::team::teams,
        api::team::create_team,
        api::team::update_team,
        api::team::delete_team,
        api::team::rules,
        api::team::create_rule,
        api::team::update_rule,
        api::team::delete_rule,
        api::waiting::leave_details,
        api::canned::list,
        api::canned::create,
        api::canned::update,
        api::canned::remove,
        api::canned::use_reply,
        api::notes::list,
        api::notes::create,
        api::notes::transfer,
        api::reports::overview,
        api::reports::channels,
        api::reports::agents,
        api::reports::view,
        api::reports::hours,
        api::reports::conversations,
        api::reports::export_csv,
        api::reports::experiments,
        api::reports::promote,
        api::channels::webhook_get,
        api::channels::webhook_post,
        api::channels::deliveries,
        api::channels::send_template,
    ),
    components(schemas(
        ErrorBody,
        ErrorDetail,
        kadesk_bot::Reason,
        kadesk_bot::Priority,
        kadesk_bot::ScreenshotKind,
        kadesk_desk::reports::Metric,
        api::reports::ExportTable,
        kadesk_desk::reports::View,
    )),
    modifiers(&Exact)
)]
struct Doc;

/// Every error answer: `{"error":{"code","message"}}`.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    error: ErrorDetail,
}

/// What went wrong: a stable code to act on and a message for people (English).
#[derive(Serialize, ToSchema)]
pub struct ErrorDetail {
    code: ErrorCode,
    message: String,
}

/// The fix-ups that make the document exact (see the module documentation).
struct Exact;

/// Fields whose Rust type is a plain string but whose values are a closed set
/// named by another schema: (schema, property, the schema of the values, list?).
const CLOSED_FIELDS: &[(&str, &str, &str, bool)] = &[
    ("Handoff", "priority", "Priority", false),
    ("Handoff", "reasons", "Reason", true),
    ("ImageAnalysis", "kind", "ScreenshotKind", false),
];

/// `ImageAnalysis.status` and `AnalysisFlag.code`, closed sets with no Rust enum.
const ANALYSIS_STATUSES: &[&str] = &["done", "failed"];
const ANALYSIS_FLAGS: &[&str] = &["receipt_amount_mismatch", "receipt_time_mismatch"];

impl Modify for Exact {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        for item in doc.paths.paths.values_mut() {
            for (is_read, op) in [
                (true, &mut item.get),
                (false, &mut item.put),
                (false, &mut item.post),
                (false, &mut item.delete),
                (false, &mut item.patch),
            ] {
                let Some(op) = op else { continue };
                name_by_module(op);
                declare_access(op);
                common_answers(op, is_read);
                errors_have_bodies(op);
            }
        }
        let Some(components) = doc.components.as_mut() else {
            return;
        };
        for (name, scheme) in security_schemes() {
            components.add_security_scheme(name, scheme);
        }
        let schemas = &mut components.schemas;
        for (schema, field, values, list) in CLOSED_FIELDS {
            let reference = RefOr::Ref(Ref::from_schema_name(*values));
            let replacement = if *list {
                ArrayBuilder::new().items(reference).into()
            } else {
                reference
            };
            set_property(schemas, schema, field, replacement);
        }
        set_property(
            schemas,
            "ImageAnalysis",
            "status",
            string_enum(ANALYSIS_STATUSES),
        );
        set_property(schemas, "AnalysisFlag", "code", string_enum(ANALYSIS_FLAGS));
        // `missing` names fields of `ScreenshotFields`.
        let field_names: Vec<String> = match schemas.get("ScreenshotFields") {
            Some(RefOr::T(Schema::Object(o))) => o.properties.keys().cloned().collect(),
            _ => Vec::new(),
        };
        let names: Vec<&str> = field_names.iter().map(String::as_str).collect();
        set_property(
            schemas,
            "ImageAnalysis",
            "missing",
            ArrayBuilder::new().items(string_enum(&names)).into(),
        );
    }
}

/// `show` → `contacts_show`: handlers of different modules share names, and
/// generated clients need one id per operation. The tag becomes the module.
fn name_by_module(op: &mut Operation) {
    let Some(module) = op
        .tags
        .as_ref()
        .and_then(|t| t.first())
        .and_then(|t| t.rsplit("::").next())
        .map(str::to_owned)
    else {
        return;
    };
    if let Some(id) = op.operation_id.as_mut() {
        if !id.starts_with(&format!("{module}_")) {
            *id = format!("{module}_{id}");
        }
    }
    op.tags = Some(vec![module]);
}

/// Who may call an operation: the credentials it takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    /// Anyone (the answer may still depend on what is asked).
    Public,
    /// A signed-in console user: the session's bearer token or its cookie.
    Console,
    /// A buyer: the widget's visitor token as bearer.
    Visitor,
    /// A console user or a buyer.
    ConsoleOrVisitor,
    /// The shop's API key as bearer (`[shop] api_key`).
    ShopKey,
    /// The shop's signature header (`[shop] webhook_secret`).
    ShopSignature,
}

/// The operations that do not take a console session (by operation id, as
/// [`name_by_module`] names them). Every other operation does.
const ACCESS: &[(&str, Access)] = &[
    ("auth_login", Access::Public),
    ("widget_session", Access::Public),
    ("settings_widget_config", Access::Public),
    ("shop_products", Access::Public),
    ("files_download", Access::Public),
    ("files_thumbnail", Access::Public),
    ("files_buyer_upload", Access::Visitor),
    ("attachments_buyer_attach", Access::Visitor),
    ("rating_rate", Access::Visitor),
    ("shop_widget_verify", Access::Visitor),
    ("waiting_leave_details", Access::Visitor),
    ("attachments_attach", Access::ConsoleOrVisitor),
    ("shop_push_orders", Access::ShopKey),
    ("shop_webhook", Access::ShopSignature),
    // Checked by the channel's adapter with the platform's own secret.
    ("channels_webhook_get", Access::Public),
    ("channels_webhook_post", Access::Public),
];

const SESSION_BEARER: &str = "session_token";
const SESSION_COOKIE: &str = "session_cookie";
const VISITOR: &str = "visitor_token";
const SHOP_KEY: &str = "shop_api_key";
const SHOP_SIGNATURE: &str = "shop_signature";

fn security_schemes() -> Vec<(&'static str, utoipa::openapi::security::SecurityScheme)> {
    use utoipa::openapi::security::{
        ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme,
    };
    let bearer = |what: &str| {
        SecurityScheme::Http(
            HttpBuilder::new()
                .scheme(HttpAuthScheme::Bearer)
                .description(Some(what))
                .build(),
        )
    };
    vec![
        (SESSION_BEARER, bearer("a console session: the `token` of `POST /api/v1/auth/login`")),
        (
            SESSION_COOKIE,
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                crate::auth::SESSION_COOKIE,
                "a console session, as the browser sends it; changes need a same-origin request with a JSON (or image) body",
            ))),
        ),
        (VISITOR, bearer("a buyer: the `visitor_token` of `POST /api/v1/widget/session`")),
        (SHOP_KEY, bearer("the shop's API key (`[shop] api_key`)")),
        (
            SHOP_SIGNATURE,
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "X-Kadesk-Signature",
                "t=<unix seconds>,v1=<hex HMAC-SHA256(webhook_secret, \"<t>.<raw body>\")>",
            ))),
        ),
    ]
}

fn access_of(op: &Operation) -> Access {
    let id = op.operation_id.as_deref().unwrap_or_default();
    ACCESS
        .iter()
        .find(|(name, _)| *name == id)
        .map_or(Access::Console, |(_, access)| *access)
}

/// Names the credentials of an operation in its `security`.
fn declare_access(op: &mut Operation) {
    use utoipa::openapi::security::SecurityRequirement;
    let one = |name: &str| SecurityRequirement::new(name, Vec::<String>::new());
    let requirements = match access_of(op) {
        Access::Public => return,
        Access::Console => vec![one(SESSION_BEARER), one(SESSION_COOKIE)],
        Access::Visitor => vec![one(VISITOR)],
        Access::ConsoleOrVisitor => vec![one(SESSION_BEARER), one(SESSION_COOKIE), one(VISITOR)],
        Access::ShopKey => vec![one(SHOP_KEY)],
        Access::ShopSignature => vec![one(SHOP_SIGNATURE)],
    };
    op.security = Some(requirements);
}

/// The answers every operation of a kind can give, whatever its handler
/// does, so no annotation has to remember them:
/// - 400 when a path or query parameter or the JSON body does not parse;
/// - 413 and 415 for a body: the size limits, and [`crate::guard`]'s refusal
///   of a cookie-signed change that is not JSON (or an image);
/// - 401 without valid credentials; 403 for a cookie-signed change from
///   another site ([`crate::guard`]).
fn common_answers(op: &mut Operation, is_read: bool) {
    let has_params = op.parameters.as_ref().is_some_and(|p| {
        p.iter().any(|p| {
            matches!(
                p.parameter_in,
                utoipa::openapi::path::ParameterIn::Path
                    | utoipa::openapi::path::ParameterIn::Query
            )
        })
    });
    let has_body = op.request_body.is_some();
    let access = access_of(op);
    let mut add = |status: &str, description: &str| {
        op.responses
            .responses
            .entry(status.to_owned())
            .or_insert_with(|| {
                RefOr::T(
                    utoipa::openapi::ResponseBuilder::new()
                        .description(description)
                        .build(),
                )
            });
    };
    if has_params || has_body {
        add("400", "bad_request: a parameter or the body does not parse");
    }
    if has_body {
        add("413", "payload_too_large: the body is over the limit");
    }
    let console = matches!(access, Access::Console | Access::ConsoleOrVisitor);
    if access != Access::Public {
        add("401", "unauthorized: no valid credentials");
    }
    if console && has_body {
        add(
            "415",
            "unsupported_media_type: a cookie-signed change must send JSON",
        );
    }
    if console && !is_read {
        add(
            "403",
            "forbidden: a cookie-signed change from another site, or the role does not allow it",
        );
    }
}

/// Every 4xx and 5xx answer carries an [`ErrorBody`] (what `ApiError` sends).
fn errors_have_bodies(op: &mut Operation) {
    for (status, response) in op.responses.responses.iter_mut() {
        let is_error = status.starts_with('4') || status.starts_with('5');
        if let (true, RefOr::T(response)) = (is_error, response) {
            if response.content.is_empty() {
                response.content.insert(
                    "application/json".to_owned(),
                    ContentBuilder::new()
                        .schema(Some(Ref::from_schema_name("ErrorBody")))
                        .build(),
                );
            }
            if response.description.is_empty() {
                response.description = "an error: see `error.code`".to_owned();
            }
        }
    }
}

fn string_enum(values: &[&str]) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(values.iter().copied()))
        .into()
}

/// Replaces one property's schema, keeping its description.
fn set_property(
    schemas: &mut std::collections::BTreeMap<String, RefOr<Schema>>,
    schema: &str,
    field: &str,
    replacement: RefOr<Schema>,
) {
    if let Some(RefOr::T(Schema::Object(object))) = schemas.get_mut(schema) {
        if let Some(slot) = object.properties.get_mut(field) {
            *slot = replacement;
        }
    }
}

/// `GET /api/openapi.json`
pub async fn document() -> impl IntoResponse {
    axum::Json(Doc::openapi())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn doc() -> serde_json::Value {
        serde_json::to_value(Doc::openapi()).expect("the document serialises")
    }

    #[test]
    fn every_operation_has_its_own_id() {
        let doc = doc();
        let mut seen = HashSet::new();
        for (path, item) in doc["paths"].as_object().expect("paths") {
            for (method, op) in item.as_object().expect("path item") {
                let id = op["operationId"].as_str().expect("an operation id");
                assert!(
                    seen.insert(id.to_owned()),
                    "{method} {path}: operation id {id} is used twice"
                );
            }
        }
    }

    #[test]
    fn path_parameters_are_exactly_the_ones_in_the_path() {
        let doc = doc();
        for (path, item) in doc["paths"].as_object().expect("paths") {
            let in_path: HashSet<&str> = path
                .split('/')
                .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
                .collect();
            for (method, op) in item.as_object().expect("path item") {
                let declared: HashSet<&str> = op["parameters"]
                    .as_array()
                    .map(|ps| {
                        ps.iter()
                            .filter(|p| p["in"] == "path")
                            .filter_map(|p| p["name"].as_str())
                            .collect()
                    })
                    .unwrap_or_default();
                assert_eq!(declared, in_path, "{method} {path}: path parameters");
            }
        }
    }

    #[test]
    fn every_error_answer_names_its_body() {
        let doc = doc();
        for (path, item) in doc["paths"].as_object().expect("paths") {
            for (method, op) in item.as_object().expect("path item") {
                for (status, answer) in op["responses"].as_object().expect("responses") {
                    if status.starts_with('4') || status.starts_with('5') {
                        assert_eq!(
                            answer["content"]["application/json"]["schema"]["$ref"],
                            "#/components/schemas/ErrorBody",
                            "{method} {path} {status}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn closed_sets_are_enums() {
        let doc = doc();
        let schemas = &doc["components"]["schemas"];
        assert_eq!(
            schemas["Handoff"]["properties"]["priority"]["$ref"],
            "#/components/schemas/Priority"
        );
        assert_eq!(
            schemas["Handoff"]["properties"]["reasons"]["items"]["$ref"],
            "#/components/schemas/Reason"
        );
        assert_eq!(
            schemas["ImageAnalysis"]["properties"]["kind"]["$ref"],
            "#/components/schemas/ScreenshotKind"
        );
        assert_eq!(
            schemas["ImageAnalysis"]["properties"]["status"]["enum"],
            serde_json::json!(["done", "failed"])
        );
        assert!(
            schemas["ImageAnalysis"]["properties"]["missing"]["items"]["enum"]
                .as_array()
                .is_some_and(|v| v.iter().any(|f| f == "order_no"))
        );
        assert_eq!(
            schemas["BotSettings"]["properties"]["source"]["$ref"],
            "#/components/schemas/SettingsSource"
        );
        assert!(schemas["ErrorDetail"]["properties"]["code"]["$ref"].is_string());
        assert_eq!(
            schemas["SimulateResponse"]["properties"]["turns"]["items"]["$ref"],
            "#/components/schemas/TurnReport"
        );
    }

    #[test]
    fn the_wire_names_of_the_enums_are_the_schema_values() {
        let doc = doc();
        let schemas = &doc["components"]["schemas"];
        let values = |name: &str| -> Vec<String> {
            schemas[name]["enum"]
                .as_array()
                .unwrap_or_else(|| panic!("{name} is an enum"))
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        };
        let priorities = values("Priority");
        for p in [
            kadesk_bot::Priority::Normal,
            kadesk_bot::Priority::High,
            kadesk_bot::Priority::Urgent,
        ] {
            assert!(priorities.iter().any(|v| v == p.as_str()), "{}", p.as_str());
        }
        assert!(values("Reason").iter().any(|v| v == "human_request"));
        assert!(values("ScreenshotKind")
            .iter()
            .any(|v| v == "payment_receipt"));
    }
}
