//! Uploaded files, stored content-addressed under the data folder: the id is
//! the SHA-256 of the bytes, so the same image uploaded twice is kept once.
//! Only images are taken; their type is sniffed from the bytes.

use std::path::{Path, PathBuf};

use kadesk_domain::{Attachment, ErrorCode};
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

use crate::error::{ApiError, ApiResult};

/// Largest upload, in bytes.
pub const MAX_UPLOAD_BYTES: usize = 10 * 1024 * 1024;

/// The image types taken, by their magic bytes.
pub fn sniff_image(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some("image/gif")
    } else {
        None
    }
}

/// A folder of content-addressed files.
#[derive(Debug, Clone)]
pub struct FileStore {
    root: PathBuf,
}

impl FileStore {
    pub fn new(root: impl Into<PathBuf>) -> FileStore {
        FileStore { root: root.into() }
    }

    fn path_of(&self, id: &str) -> Option<PathBuf> {
        let valid = id.len() == 64
            && id
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase());
        valid.then(|| self.root.join(&id[..2]).join(id))
    }

    /// Checks and stores an uploaded image; returns its attachment record.
    pub async fn put(&self, bytes: &[u8], name: &str) -> ApiResult<Attachment> {
        if bytes.is_empty() {
            return Err(ApiError::validation("the uploaded file is empty"));
        }
        if bytes.len() > MAX_UPLOAD_BYTES {
            return Err(ApiError::new(
                ErrorCode::PayloadTooLarge,
                format!("file is {} bytes; the limit is 10 MiB", bytes.len()),
            ));
        }
        let content_type = sniff_image(bytes).ok_or_else(|| {
            ApiError::new(
                ErrorCode::UnsupportedMediaType,
                "unsupported image type: send a PNG, JPEG, WebP or GIF picture",
            )
        })?;
        let id = hex::encode(Sha256::digest(bytes));
        let path = self
            .path_of(&id)
            .ok_or_else(|| ApiError::internal("bad hash"))?;
        if tokio::fs::metadata(&path).await.is_err() {
            write_atomically(&path, bytes)
                .await
                .map_err(ApiError::internal)?;
        }
        let name: String = name
            .chars()
            .filter(|c| !c.is_control() && *c != '/' && *c != '\\')
            .take(200)
            .collect();
        Ok(Attachment {
            url: Attachment::url_for(&id),
            id,
            name: if name.is_empty() {
                "image".into()
            } else {
                name
            },
            content_type: content_type.into(),
            size: i64::try_from(bytes.len()).unwrap_or(i64::MAX),
        })
    }

    /// The bytes of a stored file.
    pub async fn read(&self, id: &str) -> ApiResult<Vec<u8>> {
        let missing = || ApiError::not_found(format!("file {id} does not exist"));
        let path = self.path_of(id).ok_or_else(missing)?;
        tokio::fs::read(&path).await.map_err(|_| missing())
    }
}

/// Writes to a temporary file, syncs it, then renames it into place, so a
/// crash never leaves a half-written file under a valid id.
async fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    tokio::fs::create_dir_all(dir).await?;
    let tmp = dir.join(format!(".{}.tmp", crate::auth::new_token()));
    let mut file = tokio::fs::File::create(&tmp).await?;
    file.write_all(bytes).await?;
    file.sync_all().await?;
    drop(file);
    tokio::fs::rename(&tmp, path).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffing_reads_magic_bytes_not_names() {
        assert_eq!(sniff_image(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(sniff_image(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(sniff_image(b"RIFF\0\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(sniff_image(b"GIF89a...."), Some("image/gif"));
        assert_eq!(sniff_image(b"%PDF-1.7"), None);
        assert_eq!(sniff_image(b"\0\0\0\x18ftypheic"), None);
    }

    #[tokio::test]
    async fn same_bytes_are_stored_once_under_their_hash() {
        let dir = tempfile::tempdir().expect("tempdir");
        let files = FileStore::new(dir.path());
        let png = b"\x89PNG\r\n\x1a\nfake-image-body";
        let a = files.put(png, "a.png").await.expect("stored");
        let b = files.put(png, "b.png").await.expect("stored");
        assert_eq!(a.id, b.id);
        assert_eq!(files.read(&a.id).await.expect("read"), png);
        assert!(files.read("../etc/passwd").await.is_err());
    }

    #[tokio::test]
    async fn a_renamed_pdf_is_refused_with_a_clear_code() {
        let dir = tempfile::tempdir().expect("tempdir");
        let err = FileStore::new(dir.path())
            .put(b"%PDF-1.7 not an image", "photo.png")
            .await
            .expect_err("refused");
        assert_eq!(err.code, ErrorCode::UnsupportedMediaType);
    }
}
