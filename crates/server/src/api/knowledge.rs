//! The knowledge base for people: agents read and search the articles,
//! supervisors and admins write them. Every change is audited and rebuilds
//! the search index before the answer, so the bot uses it at once.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::Router;
use kadesk_domain::{Article, ArticleDraft, ArticleLanguage, Role};
use kadesk_store::ArticleFilter;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::{IntoParams, ToSchema};

use crate::api::page_size;
use crate::auth::Agent;
use crate::error::{ApiError, ApiResult, Json, Path, Query};
use crate::AppState;

/// Most hits a search returns.
const MAX_HITS: usize = 50;
/// Longest question searched, in characters.
const MAX_QUERY_CHARS: usize = 500;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/knowledge/articles", get(list).post(create))
        .route(
            "/knowledge/articles/{id}",
            get(show).put(update).delete(remove),
        )
        .route("/knowledge/search", get(search))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Only articles whose title or body contains this text.
    q: Option<String>,
    /// Only articles with this tag.
    tag: Option<String>,
    limit: Option<i64>,
    cursor: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ArticleList {
    items: Vec<Article>,
    next_cursor: Option<String>,
}

/// Articles, newest first.
#[utoipa::path(get, path = "/api/v1/knowledge/articles", params(ListQuery),
    responses((status = 200, body = ArticleList), (status = 400), (status = 401)))]
async fn list(
    State(state): State<AppState>,
    _agent: Agent,
    Query(q): Query<ListQuery>,
) -> ApiResult<Json<ArticleList>> {
    let after = match q.cursor.as_deref() {
        None | Some("") => None,
        Some(text) => Some(text.parse::<i64>().map_err(|_| {
            ApiError::bad_request(format!("cursor {text:?} is not one we gave out"))
        })?),
    };
    let filter = ArticleFilter {
        text: q.q,
        tag: q.tag,
    };
    let page = state
        .store
        .articles(&filter, after, page_size(q.limit)?)
        .await?;
    Ok(Json(ArticleList {
        items: page.items,
        next_cursor: page.next.map(|id| id.to_string()),
    }))
}

/// One article.
#[utoipa::path(get, path = "/api/v1/knowledge/articles/{id}", params(("id" = i64, Path, description = "the article's id")),
    responses((status = 200, body = Article), (status = 401), (status = 404)))]
async fn show(
    State(state): State<AppState>,
    _agent: Agent,
    Path(id): Path<i64>,
) -> ApiResult<Json<Article>> {
    Ok(Json(state.store.article(id).await?))
}

/// Checks a draft; the error names the field.
fn checked(draft: &ArticleDraft) -> ApiResult<ArticleDraft> {
    kadesk_knowledge::validate(draft).map_err(|e| ApiError::validation(e.to_string()))
}

/// Rebuilds the index after a change. The change is stored either way; a
/// failed rebuild leaves the previous index in use and is logged.
async fn reindex(state: &AppState) {
    if let Err(e) = state.knowledge.rebuild(&state.store).await {
        tracing::warn!(error = %e, "knowledge index not rebuilt; the previous one stays in use");
    }
}

/// Add an article (supervisors and admins).
#[utoipa::path(post, path = "/api/v1/knowledge/articles", request_body = ArticleDraft,
    responses((status = 201, body = Article), (status = 401), (status = 403), (status = 422)))]
async fn create(
    State(state): State<AppState>,
    agent: Agent,
    Json(draft): Json<ArticleDraft>,
) -> ApiResult<(StatusCode, Json<Article>)> {
    agent.require(Role::Supervisor)?;
    let draft = checked(&draft)?;
    let article = state.store.create_article(&draft, Some(agent.0.id)).await?;
    state
        .store
        .audit(
            Some(agent.0.id),
            "knowledge_article_created",
            &format!("article:{}", article.id),
            json!({"title": article.title}),
        )
        .await?;
    reindex(&state).await;
    Ok((StatusCode::CREATED, Json(article)))
}

/// Replace an article (supervisors and admins).
#[utoipa::path(put, path = "/api/v1/knowledge/articles/{id}", params(("id" = i64, Path, description = "the article's id")), request_body = ArticleDraft,
    responses((status = 200, body = Article), (status = 401), (status = 403), (status = 404),
        (status = 422)))]
async fn update(
    State(state): State<AppState>,
    agent: Agent,
    Path(id): Path<i64>,
    Json(draft): Json<ArticleDraft>,
) -> ApiResult<Json<Article>> {
    agent.require(Role::Supervisor)?;
    let draft = checked(&draft)?;
    let article = state.store.update_article(id, &draft).await?;
    state
        .store
        .audit(
            Some(agent.0.id),
            "knowledge_article_updated",
            &format!("article:{id}"),
            json!({"title": article.title, "enabled": article.enabled}),
        )
        .await?;
    reindex(&state).await;
    Ok(Json(article))
}

/// Delete an article (supervisors and admins).
#[utoipa::path(delete, path = "/api/v1/knowledge/articles/{id}", params(("id" = i64, Path, description = "the article's id")),
    responses((status = 204), (status = 401), (status = 403), (status = 404)))]
async fn remove(
    State(state): State<AppState>,
    agent: Agent,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    agent.require(Role::Supervisor)?;
    let article = state.store.article(id).await?;
    state.store.delete_article(id).await?;
    state
        .store
        .audit(
            Some(agent.0.id),
            "knowledge_article_deleted",
            &format!("article:{id}"),
            json!({"title": article.title}),
        )
        .await?;
    reindex(&state).await;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// The question, as a buyer would write it.
    q: String,
    /// `zh`, `en` (also `zh-CN`, `en-US` …) or `any`; absent: every language.
    lang: Option<String>,
    /// 1–50, default 10.
    limit: Option<usize>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SearchHit {
    id: i64,
    title: String,
    snippet: String,
    /// Ranking score; compare only within one search.
    score: f32,
    /// 0–1; the bot answers from `threshold` up.
    confidence: f32,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SearchResult {
    items: Vec<SearchHit>,
    /// The article the bot would answer this question with, if any.
    answer_id: Option<i64>,
    /// The confidence the bot needs to answer.
    threshold: f32,
}

/// Search the articles as the bot does.
#[utoipa::path(get, path = "/api/v1/knowledge/search", params(SearchQuery),
    responses((status = 200, body = SearchResult), (status = 400), (status = 401)))]
async fn search(
    State(state): State<AppState>,
    _agent: Agent,
    Query(q): Query<SearchQuery>,
) -> ApiResult<Json<SearchResult>> {
    if q.q.chars().count() > MAX_QUERY_CHARS {
        return Err(ApiError::bad_request(format!(
            "q is longer than {MAX_QUERY_CHARS} characters"
        )));
    }
    let language = match q.lang.as_deref().map(str::to_ascii_lowercase).as_deref() {
        None | Some("") => None,
        Some("any") => Some(ArticleLanguage::Any),
        Some(l) if l.starts_with("zh") => Some(ArticleLanguage::Zh),
        Some(l) if l.starts_with("en") => Some(ArticleLanguage::En),
        Some(other) => {
            return Err(ApiError::bad_request(format!(
                "lang {other:?} is not zh, en or any"
            )))
        }
    };
    let limit = q.limit.unwrap_or(10);
    if !(1..=MAX_HITS).contains(&limit) {
        return Err(ApiError::bad_request(format!(
            "limit {limit} is out of range; use 1 to {MAX_HITS}"
        )));
    }
    let (hits, answer) = state
        .knowledge
        .search_and_answer(&state.store, &q.q, language, limit)
        .await?;
    Ok(Json(SearchResult {
        items: hits
            .into_iter()
            .map(|h| SearchHit {
                id: h.id,
                title: h.title,
                snippet: h.snippet,
                score: h.score,
                confidence: h.confidence,
            })
            .collect(),
        answer_id: answer.map(|h| h.id),
        threshold: kadesk_knowledge::ANSWER_THRESHOLD,
    }))
}
