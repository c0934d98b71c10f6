//! A buyer's right to their data: an export of everything kadesk keeps of
//! one contact, and erasing it (the store's `privacy` module says what goes
//! and what stays), with the pictures nobody else's conversation shows
//! deleted from the file store and an audit entry that names only the
//! contact's id.

use kadesk_domain::Contact;
use kadesk_store::{Erased, ExportedConversation, Store};

use crate::files::FileStore;
use crate::DeskResult;

/// The name an erased contact keeps.
pub const ERASED_NAME: &str = "已删除的买家";

/// Everything kadesk keeps of contact `id`: their details and every
/// conversation with its messages (pictures by their file ids).
pub async fn export(store: &Store, id: i64) -> DeskResult<(Contact, Vec<ExportedConversation>)> {
    Ok(store.contact_export(id).await?)
}

/// Erases contact `id` (admin `by`, or `None` from the command line),
/// deleting their pictures from `files`.
pub async fn erase(
    store: &Store,
    files: &FileStore,
    by: Option<i64>,
    id: i64,
) -> DeskResult<Erased> {
    let erased = store.erase_contact(id, ERASED_NAME).await?;
    for file in &erased.orphaned_files {
        files.delete(file).await?;
    }
    store
        .audit(
            by,
            "contact_erased",
            &format!("contact:{id}"),
            serde_json::json!({
                "conversations": erased.conversations,
                "messages": erased.messages,
                "files": erased.orphaned_files.len(),
            }),
        )
        .await?;
    tracing::info!(
        contact.id = id,
        conversations = erased.conversations,
        "contact erased"
    );
    Ok(erased)
}
