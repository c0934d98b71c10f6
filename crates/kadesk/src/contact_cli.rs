//! `kadesk contact export|erase`: a buyer's data-protection request from
//! the command line (the same as the admin API's
//! `/api/v1/contacts/{id}/export` and `/erase`).

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use clap::Subcommand;
use kadesk_desk::files::FileStore;
use kadesk_store::Store;

#[derive(Debug, Subcommand)]
pub enum ContactCommand {
    /// Write everything kept of a contact into a new folder: contact.json
    /// (details, conversations, messages) and files/ (their pictures).
    Export {
        /// The contact's id (shown in the console's contact panel).
        id: i64,
        /// The new folder to write into.
        #[arg(long)]
        out: PathBuf,
    },
    /// Erase a contact's personal data (texts, pictures, readings, notes,
    /// case memory, platform ids, name, e-mail, phone); their conversations
    /// stay without content, so reports keep their figures. Audited.
    Erase {
        id: i64,
        /// Confirm: this cannot be undone.
        #[arg(long)]
        yes: bool,
    },
}

/// Runs `command` on `store`, whose pictures are under `files_dir`.
pub async fn run(store: &Store, files_dir: &Path, command: ContactCommand) -> anyhow::Result<()> {
    let files = FileStore::new(files_dir);
    match command {
        ContactCommand::Export { id, out } => {
            if out.exists() && std::fs::read_dir(&out)?.next().is_some() {
                bail!("{} is not empty; name a new folder", out.display());
            }
            let (contact, history) = kadesk_desk::privacy::export(store, id).await?;
            std::fs::create_dir_all(out.join("files"))
                .with_context(|| format!("cannot create {}", out.display()))?;
            let mut pictures = 0;
            for message in history.iter().flat_map(|h| &h.messages) {
                for attachment in &message.attachments {
                    if let Ok(bytes) = files.read(&attachment.id).await {
                        let ext = attachment.content_type.rsplit('/').next().unwrap_or("bin");
                        std::fs::write(
                            out.join("files").join(format!("{}.{ext}", attachment.id)),
                            bytes,
                        )?;
                        pictures += 1;
                    }
                }
            }
            let conversations: Vec<serde_json::Value> = history
                .iter()
                .map(
                    |h| serde_json::json!({"conversation": h.conversation, "messages": h.messages}),
                )
                .collect();
            let body = serde_json::json!({
                "contact": contact,
                "conversations": conversations,
                "exported_at": kadesk_domain::now_millis(),
            });
            std::fs::write(out.join("contact.json"), serde_json::to_vec_pretty(&body)?)?;
            store
                .audit(
                    None,
                    "contact_exported",
                    &format!("contact:{id}"),
                    serde_json::json!({"conversations": history.len(), "by": "cli"}),
                )
                .await?;
            println!(
                "exported contact {id}: {} conversations and {pictures} pictures to {}",
                history.len(),
                out.display()
            );
        }
        ContactCommand::Erase { id, yes } => {
            if !yes {
                bail!("erasing contact {id} cannot be undone: add --yes to go ahead");
            }
            let erased = kadesk_desk::privacy::erase(store, &files, None, id).await?;
            println!(
                "erased contact {id}: {} conversations kept without content, {} messages emptied, {} pictures deleted",
                erased.conversations,
                erased.messages,
                erased.orphaned_files.len()
            );
        }
    }
    Ok(())
}
