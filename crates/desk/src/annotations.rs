//! Marked-up pictures: an agent draws on a picture in the console, the
//! console renders and uploads the result like any picture, and the layers
//! it was drawn from are kept here, linked to the rendered picture, so it
//! can be reopened on the original and edited.

use kadesk_store::Annotation;

use crate::{Desk, DeskError, DeskResult};

/// Largest layers document, in bytes of JSON.
pub const MAX_LAYERS_BYTES: usize = 256 * 1024;

/// Keeps the `layers` agent `by` drew on picture `source_file_id` to make
/// picture `file_id` in conversation `conversation_id`. Both pictures must
/// be stored files; the layers are a JSON object of at most
/// [`MAX_LAYERS_BYTES`].
pub async fn save(
    desk: &Desk,
    by: i64,
    file_id: &str,
    source_file_id: &str,
    conversation_id: i64,
    layers: serde_json::Value,
) -> DeskResult<Annotation> {
    if !layers.is_object() {
        return Err(DeskError::validation(
            "layers: must be a JSON object (the annotator's document)",
        ));
    }
    let size = serde_json::to_vec(&layers)
        .map_err(DeskError::internal)?
        .len();
    if size > MAX_LAYERS_BYTES {
        return Err(DeskError::validation(format!(
            "layers: {size} bytes of JSON; at most {MAX_LAYERS_BYTES} are kept"
        )));
    }
    if file_id == source_file_id {
        return Err(DeskError::validation(
            "source_file_id: the layers are drawn on another picture than the one rendered from them",
        ));
    }
    desk.store.conversation(conversation_id).await?;
    for (field, id) in [("file", file_id), ("source_file_id", source_file_id)] {
        desk.store.file(id).await.map_err(|_| {
            DeskError::not_found(format!(
                "{field}: no stored picture {id}; upload it first (POST /api/v1/uploads)"
            ))
        })?;
    }
    let annotation = Annotation {
        file_id: file_id.to_string(),
        source_file_id: source_file_id.to_string(),
        conversation_id,
        layers,
        created_by: by,
        created_at: desk.now(),
    };
    desk.store.save_annotation(&annotation).await?;
    tracing::info!(
        conversation.id = conversation_id,
        user.id = by,
        bytes = size,
        "annotation saved"
    );
    Ok(annotation)
}
