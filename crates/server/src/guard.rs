//! What a browser may do with the console's cookie, and the headers that
//! keep pages and files from being misused; one place for the whole server.
//!
//! The console signs in with a cookie, and a browser attaches that cookie to
//! requests any page sends to the server, including pages on a sibling site
//! (`SameSite=Lax` only stops other *sites*). So [`cross_site`] lets a
//! state-changing request (POST, PUT, PATCH, DELETE) that is signed in by
//! the cookie through only when
//! 1. it comes from the server's own pages: `Sec-Fetch-Site: same-origin`
//!    (or `none`), else an `Origin` equal to the configured `public_url` or
//!    to the address the request was sent to (`Host`); anything else is
//!    refused with 403, and so is a request that names neither;
//! 2. its body is of a type no foreign page can send without the server's
//!    CORS permission: JSON, or a raw image for uploads. `text/plain`, form
//!    encodings and a missing content type are refused with 415.
//!
//! Requests signed in by `Authorization: Bearer` (API clients, the buyer's
//! widget with its visitor token) are not affected: a foreign page cannot
//! attach that header to a request with the cookie. Neither are requests
//! without the cookie (the shop's webhook and `POST /shop/orders` with the
//! API key, the widget's session). Sign-in sets the cookie, so it always
//! takes JSON and, coming from a browser, must come from the same origin.
//! The agent socket checks the same origin with [`socket_origin`].
//!
//! [`security_headers`] adds `X-Content-Type-Options: nosniff` and
//! `Referrer-Policy: same-origin` to every answer, a Content-Security-Policy
//! fitting the built console and demo page (no framing), and a policy that
//! allows nothing to every other answer.

use axum::extract::{Request, State};
use axum::http::header::{
    CONTENT_SECURITY_POLICY, CONTENT_TYPE, HOST, ORIGIN, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS,
    X_FRAME_OPTIONS,
};
use axum::http::{HeaderMap, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use kadesk_domain::ErrorCode;

use crate::auth::{bearer_token, session_cookie};
use crate::error::ApiError;
use crate::AppState;

/// The sign-in endpoint: it sets the cookie, so it is guarded even without one.
const LOGIN_PATH: &str = "/api/v1/auth/login";
/// Longest part of a foreign `Origin` quoted back in an error.
const QUOTED_ORIGIN_CHARS: usize = 100;

/// Where a request comes from, as far as the browser tells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Site {
    /// One of the server's own pages, or typed in by the user.
    Same,
    /// Another site or origin; the text says what the browser sent.
    Foreign(String),
    /// No `Origin` and no `Sec-Fetch-Site`: not a browser, or a very old one.
    Unknown,
}

/// `scheme://host[:port]`, lower-case, without the default port.
fn normalise_origin(scheme: &str, authority: &str) -> String {
    let scheme = scheme.to_ascii_lowercase();
    let authority = authority.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "http" | "ws" => Some(":80"),
        "https" | "wss" => Some(":443"),
        _ => None,
    };
    let authority = match default_port {
        Some(port) => authority.strip_suffix(port).unwrap_or(&authority),
        None => &authority,
    };
    format!("{scheme}://{authority}")
}

/// The origin of a URL (`https://desk.example.com/x` → `https://desk.example.com`).
fn origin_of_url(url: &str) -> Option<String> {
    let (scheme, rest) = url.trim().split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    (!scheme.is_empty() && !authority.is_empty()).then(|| normalise_origin(scheme, authority))
}

/// Whether `origin` (as a browser sends it) is the server's own: the
/// configured public URL's, or the address the request was sent to.
fn is_own_origin(origin: &str, public_url: Option<&str>, host: Option<&str>) -> bool {
    let Some(origin) = origin_of_url(origin) else {
        return false;
    };
    if public_url.and_then(origin_of_url).as_deref() == Some(origin.as_str()) {
        return true;
    }
    let Some(host) = host.map(str::trim).filter(|h| !h.is_empty()) else {
        return false;
    };
    ["http", "https"]
        .iter()
        .any(|scheme| normalise_origin(scheme, host) == origin)
}

/// Where a request comes from: `Sec-Fetch-Site` when the browser sends it
/// (every current one does), else `Origin`.
pub fn site(headers: &HeaderMap, public_url: Option<&str>) -> Site {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(fetch_site) = header("sec-fetch-site") {
        return match fetch_site.trim().to_ascii_lowercase().as_str() {
            "same-origin" | "none" => Site::Same,
            other => Site::Foreign(format!("Sec-Fetch-Site: {other}")),
        };
    }
    match headers.get(ORIGIN) {
        None => Site::Unknown,
        Some(origin) => {
            let text = origin.to_str().unwrap_or("(not text)");
            if is_own_origin(text, public_url, header(HOST.as_str())) {
                Site::Same
            } else {
                let quoted: String = text.chars().take(QUOTED_ORIGIN_CHARS).collect();
                Site::Foreign(format!("Origin {quoted}"))
            }
        }
    }
}

fn cross_site_refusal(what: &str) -> ApiError {
    ApiError::new(
        ErrorCode::Forbidden,
        format!(
            "cross-site request refused ({what}): a request signed in with the console's cookie \
             must come from the console itself; API clients send Authorization: Bearer <token>"
        ),
    )
}

/// Whether a request body of this `Content-Type` may change state under
/// the cookie: JSON, or a raw image (uploads). A foreign page can send
/// neither without the server's CORS permission.
fn acceptable_body(headers: &HeaderMap) -> bool {
    content_type(headers).is_some_and(|essence| {
        essence == "application/json"
            || essence == "application/octet-stream"
            || essence.starts_with("image/")
    })
}

/// The media type of the body without parameters, lower-case.
fn content_type(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(CONTENT_TYPE)?.to_str().ok()?;
    Some(
        value
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase(),
    )
}

fn body_refusal(headers: &HeaderMap) -> ApiError {
    let sent = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.chars().take(60).collect::<String>())
        .unwrap_or_else(|| "none".into());
    ApiError::new(
        ErrorCode::UnsupportedMediaType,
        format!(
            "content type {sent} is not accepted with the console's cookie: send \
             Content-Type: application/json (an empty body is fine), or the raw image for uploads"
        ),
    )
}

fn changes_state(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The cross-site rules above, as a middleware for the whole router.
pub async fn cross_site(State(state): State<AppState>, request: Request, next: Next) -> Response {
    match check(&state, &request) {
        Ok(()) => next.run(request).await,
        Err(refusal) => {
            tracing::info!(code = %refusal.code, "cross-site rules refused a request");
            refusal.into_response()
        }
    }
}

fn check(state: &AppState, request: &Request) -> Result<(), ApiError> {
    if !changes_state(request.method()) {
        return Ok(());
    }
    let headers = request.headers();
    let public_url = state.config.public_url.as_deref();
    if request.uri().path() == LOGIN_PATH {
        // Login CSRF: a foreign page must not sign the browser in as someone else.
        if let Site::Foreign(what) = site(headers, public_url) {
            return Err(cross_site_refusal(&what));
        }
        if content_type(headers).as_deref() != Some("application/json") {
            return Err(ApiError::new(
                ErrorCode::UnsupportedMediaType,
                "send the sign-in as JSON with Content-Type: application/json",
            ));
        }
        return Ok(());
    }
    if bearer_token(headers).is_some() || session_cookie(headers).is_none() {
        return Ok(());
    }
    match site(headers, public_url) {
        Site::Same => {}
        Site::Foreign(what) => return Err(cross_site_refusal(&what)),
        Site::Unknown => {
            return Err(cross_site_refusal(
                "the request names no Origin and no Sec-Fetch-Site",
            ))
        }
    }
    if !acceptable_body(headers) {
        return Err(body_refusal(headers));
    }
    Ok(())
}

/// The agent socket's check: a browser opening it must be on one of the
/// server's own pages (`public_url`, or the address it connected to).
/// Clients that are not browsers send no `Origin` and pass.
pub fn socket_origin(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(origin) = headers.get(ORIGIN) else {
        return Ok(());
    };
    let text = origin.to_str().unwrap_or("(not text)");
    let host = headers.get(HOST).and_then(|v| v.to_str().ok());
    if is_own_origin(text, state.config.public_url.as_deref(), host) {
        return Ok(());
    }
    let quoted: String = text.chars().take(QUOTED_ORIGIN_CHARS).collect();
    Err(cross_site_refusal(&format!("socket opened from {quoted}")))
}

/// The policy of the console and the demo page: only the server's own
/// scripts, styles, pictures and sockets, and no framing by any page. The
/// demo page hosts the widget, which puts its stylesheet inline into its
/// shadow root, hence inline styles there.
fn page_policy(path: &str, host: Option<&str>) -> String {
    let demo = path == "/demo" || path.starts_with("/demo/");
    let style = if demo {
        "'self' 'unsafe-inline'"
    } else {
        "'self'"
    };
    // `'self'` covers same-origin sockets in current browsers; older ones
    // need the ws: and wss: addresses spelled out.
    let sockets = host
        .filter(|h| {
            !h.is_empty()
                && h.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
        })
        .map(|h| format!(" ws://{h} wss://{h}"))
        .unwrap_or_default();
    // The demo shop is the widget's live preview in the console's widget
    // page, framed by the console itself; nothing else frames anything.
    let ancestors = if demo { "'self'" } else { "'none'" };
    format!(
        "default-src 'self'; script-src 'self'; style-src {style}; img-src 'self' data:; \
         connect-src 'self'{sockets}; font-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors {ancestors}"
    )
}

/// What every answer that is not a page gets: it loads nothing and is framed by nothing.
const NOTHING_POLICY: &str = "default-src 'none'; frame-ancestors 'none'";

/// Adds the security headers (see the module's documentation).
pub async fn security_headers(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let host = request
        .headers()
        .get(HOST)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let mut response = next.run(request).await;
    let is_page = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let headers = response.headers_mut();
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    if !headers.contains_key(CONTENT_SECURITY_POLICY) {
        let policy = if is_page {
            HeaderValue::from_str(&page_policy(&path, host.as_deref()))
                .unwrap_or_else(|_| HeaderValue::from_static(NOTHING_POLICY))
        } else {
            HeaderValue::from_static(NOTHING_POLICY)
        };
        headers.insert(CONTENT_SECURITY_POLICY, policy);
    }
    if is_page {
        let demo = path == "/demo" || path.starts_with("/demo/");
        let frame = if demo { "SAMEORIGIN" } else { "DENY" };
        headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static(frame));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_str(value).expect("header value"));
        }
        map
    }

    #[test]
    fn origins_compare_without_default_ports_case_or_paths() {
        let public = Some("https://Desk.Example.com/");
        assert!(is_own_origin("https://desk.example.com", public, None));
        assert!(is_own_origin("https://desk.example.com:443", public, None));
        assert!(!is_own_origin("http://desk.example.com", public, None));
        assert!(!is_own_origin("https://shop.example.com", public, None));
        assert!(is_own_origin(
            "http://127.0.0.1:8080",
            None,
            Some("127.0.0.1:8080")
        ));
        assert!(!is_own_origin(
            "http://127.0.0.1:8081",
            None,
            Some("127.0.0.1:8080")
        ));
        assert!(!is_own_origin("null", None, Some("127.0.0.1:8080")));
    }

    #[test]
    fn fetch_metadata_decides_before_origin() {
        let own = headers(&[
            ("sec-fetch-site", "same-origin"),
            ("origin", "http://elsewhere"),
        ]);
        assert_eq!(site(&own, None), Site::Same);
        let sibling = headers(&[
            ("sec-fetch-site", "same-site"),
            ("host", "desk.example.com"),
        ]);
        assert!(matches!(site(&sibling, None), Site::Foreign(_)));
        let origin_only = headers(&[("origin", "http://desk:8080"), ("host", "desk:8080")]);
        assert_eq!(site(&origin_only, None), Site::Same);
        assert_eq!(site(&HeaderMap::new(), None), Site::Unknown);
    }

    #[test]
    fn only_json_and_raw_images_are_acceptable_bodies() {
        for ok in [
            "application/json",
            "application/json; charset=utf-8",
            "image/png",
            "application/octet-stream",
        ] {
            assert!(acceptable_body(&headers(&[("content-type", ok)])), "{ok}");
        }
        for refused in [
            "text/plain",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "text/csv",
        ] {
            assert!(
                !acceptable_body(&headers(&[("content-type", refused)])),
                "{refused}"
            );
        }
        assert!(!acceptable_body(&HeaderMap::new()));
    }

    #[tokio::test]
    async fn pages_get_their_policy_and_every_other_answer_the_empty_one() {
        use axum::body::Body;
        use axum::response::Html;
        use tower::ServiceExt;
        let app = axum::Router::new()
            .route("/console/", axum::routing::get(|| async { Html("<p>") }))
            .route("/demo", axum::routing::get(|| async { Html("<p>") }))
            .route("/widget.js", axum::routing::get(|| async { "js" }))
            .layer(axum::middleware::from_fn(security_headers));
        let answer = |path: &'static str| {
            let app = app.clone();
            async move {
                let request = axum::http::Request::get(path)
                    .header(HOST, "127.0.0.1:8080")
                    .body(Body::empty())
                    .expect("request");
                app.oneshot(request).await.expect("answers")
            }
        };
        let console = answer("/console/").await;
        let policy = console.headers()[CONTENT_SECURITY_POLICY]
            .to_str()
            .expect("text");
        assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
        assert!(policy.contains("wss://127.0.0.1:8080"), "{policy}");
        assert_eq!(console.headers()[X_FRAME_OPTIONS], "DENY");
        let demo = answer("/demo").await;
        assert!(demo.headers()[CONTENT_SECURITY_POLICY]
            .to_str()
            .expect("text")
            .contains("'unsafe-inline'"));
        let script = answer("/widget.js").await;
        assert_eq!(script.headers()[CONTENT_SECURITY_POLICY], NOTHING_POLICY);
        assert!(!script.headers().contains_key(X_FRAME_OPTIONS));
        for response in [&console, &demo, &script] {
            assert_eq!(response.headers()[X_CONTENT_TYPE_OPTIONS], "nosniff");
            assert_eq!(response.headers()[REFERRER_POLICY], "same-origin");
        }
    }

    #[test]
    fn the_page_policy_forbids_framing_and_foreign_scripts() {
        let policy = page_policy("/console/", Some("127.0.0.1:8080"));
        assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
        assert!(policy.contains("script-src 'self';"), "{policy}");
        assert!(policy.contains("ws://127.0.0.1:8080"), "{policy}");
        assert!(!policy.contains("unsafe-inline"), "{policy}");
        assert!(page_policy("/demo", None).contains("style-src 'self' 'unsafe-inline'"));
        // The demo shop is the console's widget preview: framed by its own site only.
        assert!(page_policy("/demo/", None).contains("frame-ancestors 'self'"));
        assert!(!page_policy("/console/", Some("evil\" x")).contains("evil"));
    }
}
