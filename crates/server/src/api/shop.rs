//! The shop's public catalogue (used by the `/demo` page).

use axum::extract::State;
use axum::routing::get;
use axum::Router;
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::{ApiResult, Json};
use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/shop/products", get(products))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProductView {
    id: i64,
    name: String,
    category: String,
    /// Price in currency units, e.g. 30.0 for ¥30.
    price: f64,
    currency: String,
    stock: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProductList {
    items: Vec<ProductView>,
}

/// The shop's products.
#[utoipa::path(get, path = "/api/v1/shop/products", responses((status = 200, body = ProductList)))]
async fn products(State(state): State<AppState>) -> ApiResult<Json<ProductList>> {
    let items = state
        .store
        .products()
        .await?
        .into_iter()
        .map(|p| ProductView {
            id: p.id,
            name: p.name,
            category: p.category,
            price: p.price_cents as f64 / 100.0,
            currency: p.currency,
            stock: p.stock,
        })
        .collect();
    Ok(Json(ProductList { items }))
}
