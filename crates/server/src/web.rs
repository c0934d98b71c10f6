//! The console, the widget and the demo page, built by Vite into `web/dist`
//! and embedded in the binary. In debug builds the files are read from disk,
//! so a rebuilt front end shows without recompiling.

use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, LOCATION};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use rust_embed::Embed;

#[derive(Embed)]
#[folder = "../../web/dist"]
#[allow_missing = true]
struct Assets;

fn redirect(to: &'static str) -> Response {
    (StatusCode::FOUND, [(LOCATION, to)]).into_response()
}

fn file(path: &str) -> Option<Response> {
    let asset = Assets::get(path)?;
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let cache = if path.contains("/assets/") {
        "public, max-age=31536000, immutable"
    } else if path == "widget.js" {
        "public, max-age=300"
    } else {
        "no-cache"
    };
    Some(
        (
            [
                (CONTENT_TYPE, mime.essence_str().to_owned()),
                (CACHE_CONTROL, cache.to_owned()),
            ],
            asset.data.into_owned(),
        )
            .into_response(),
    )
}

/// Everything outside `/api`: the console (a single-page app under
/// `/console/`), `/widget.js`, and the demo shop at `/demo`.
pub async fn static_file(uri: Uri) -> Response {
    let path = uri.path().trim_start_matches('/');
    match path {
        "" | "console" => return redirect("/console/"),
        "demo" | "demo/" => {
            return file("demo/index.html").unwrap_or_else(not_built);
        }
        _ => {}
    }
    if let Some(found) = file(path) {
        return found;
    }
    if path.starts_with("console/") && !path.starts_with("console/assets/") {
        return file("console/index.html").unwrap_or_else(not_built);
    }
    (StatusCode::NOT_FOUND, "not found").into_response()
}

fn not_built() -> Response {
    (
        StatusCode::NOT_FOUND,
        "the web front end is not built: run `npm run build` in web/ (scripts/run.sh does this)",
    )
        .into_response()
}
