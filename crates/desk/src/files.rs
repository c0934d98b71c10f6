//! Uploaded pictures, kept in an [`object_store`] (a local folder under the
//! data folder today; the same API reaches S3-compatible stores later).
//!
//! Every upload goes through [`kadesk_vision::intake`] on a blocking thread
//! first: the type is sniffed from the bytes, size and pixel count are
//! checked before decoding, the EXIF orientation is applied and every
//! metadata block (GPS position included) is dropped by re-encoding. Only
//! the cleaned picture is stored, content-addressed: its id is the SHA-256 of
//! the cleaned bytes, so the same picture uploaded twice is kept once. A JPEG
//! thumbnail is stored next to it.
//!
//! Decoding is the expensive part (up to 8 bytes a pixel while it runs), so
//! it is bounded twice: buyers' pictures may have at most
//! [`kadesk_vision::intake::BUYER_MAX_PIXELS`], and a [`DecodeGate`] lets at
//! most one picture per core decode at once, with a short line of waiting
//! uploads behind; an upload that finds the line full is refused with
//! `busy` (503, `Retry-After`) before anything is decoded.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use kadesk_domain::{Attachment, ErrorCode};
use kadesk_vision::IntakeError;
use object_store::local::LocalFileSystem;
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, PutPayload};
use sha2::{Digest, Sha256};
use tokio::sync::Semaphore;

use crate::{DeskError, DeskResult};

/// Largest upload, in bytes.
pub const MAX_UPLOAD_BYTES: usize = kadesk_vision::intake::MAX_BYTES;

/// Who sent a picture; buyers get the lower pixel cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Uploader {
    Buyer,
    Agent,
}

impl Uploader {
    /// The largest canvas accepted from this uploader.
    pub fn max_pixels(self) -> u64 {
        match self {
            Uploader::Buyer => kadesk_vision::intake::BUYER_MAX_PIXELS,
            Uploader::Agent => kadesk_vision::intake::MAX_PIXELS,
        }
    }
}

/// Bounds the decoding of uploads: `slots` pictures decode at once, at most
/// `waiting` more wait for a slot, and any beyond are refused at once.
#[derive(Debug)]
pub struct DecodeGate {
    /// A permit per picture decoding now.
    slots: Arc<Semaphore>,
    /// A permit per picture decoding or waiting to: `slots + waiting`.
    admitted: Arc<Semaphore>,
    /// Pictures decoding this moment.
    decoding: AtomicUsize,
    /// The most pictures ever seen decoding at once.
    peak: AtomicUsize,
}

impl DecodeGate {
    /// `slots` decoding at once (at least 1), `waiting` more in line.
    pub fn new(slots: usize, waiting: usize) -> DecodeGate {
        let slots = slots.max(1);
        DecodeGate {
            slots: Arc::new(Semaphore::new(slots)),
            admitted: Arc::new(Semaphore::new(slots + waiting)),
            decoding: AtomicUsize::new(0),
            peak: AtomicUsize::new(0),
        }
    }

    /// One slot per core, and twice as many waiting.
    pub fn for_this_machine() -> DecodeGate {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        DecodeGate::new(cores, 2 * cores)
    }

    /// The most pictures that were ever decoding at once.
    pub fn peak(&self) -> usize {
        self.peak.load(Ordering::Relaxed)
    }

    /// Runs `work` on a blocking thread once a slot is free; refuses with
    /// `busy` at once when the line of waiting uploads is full. The permits
    /// go with the work, so a client that hangs up frees nothing early.
    async fn run<T: Send + 'static>(
        self: &Arc<Self>,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> DeskResult<T> {
        let admitted = self.admitted.clone().try_acquire_owned().map_err(|_| {
            tracing::info!("picture decoding is busy; upload refused");
            DeskError::busy(crate::wording::Notice::PicturesBusy.text(kadesk_domain::Lang::Zh))
        })?;
        let slot = self
            .slots
            .clone()
            .acquire_owned()
            .await
            .map_err(DeskError::internal)?;
        let gate = self.clone();
        tokio::task::spawn_blocking(move || {
            let now = gate.decoding.fetch_add(1, Ordering::SeqCst) + 1;
            gate.peak.fetch_max(now, Ordering::SeqCst);
            let out = work();
            gate.decoding.fetch_sub(1, Ordering::SeqCst);
            drop((slot, admitted));
            out
        })
        .await
        .map_err(DeskError::internal)
    }
}

/// A stored picture: its record and the cleaned bytes (for the reader).
#[derive(Debug, Clone)]
pub struct Stored {
    pub attachment: Attachment,
    /// The cleaned picture as stored (no metadata, upright).
    pub bytes: Arc<Vec<u8>>,
}

/// Content-addressed pictures in an object store.
#[derive(Debug, Clone)]
pub struct FileStore {
    /// Where the objects live; `None` when the folder could not be opened
    /// (every upload then fails with a clear error, the rest keeps serving).
    objects: Option<Arc<dyn ObjectStore>>,
    root: PathBuf,
    /// Bounds how many uploads decode at once (shared by every clone).
    gate: Arc<DecodeGate>,
}

/// Whether an id is a lower-case SHA-256 in hex: nothing else names an object.
fn valid_id(id: &str) -> bool {
    id.len() == 64
        && id
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
}

/// Where a picture lives: `ab/abcdef…` (two-level, so no folder grows huge).
fn picture_path(id: &str) -> ObjectPath {
    ObjectPath::from(format!("{}/{id}", &id[..2]))
}

/// Where its thumbnail lives.
fn thumbnail_path(id: &str) -> ObjectPath {
    ObjectPath::from(format!("thumbnails/{}/{id}", &id[..2]))
}

/// The API's answer to a refused upload; the message names the problem and the fix.
pub fn intake_error(err: IntakeError) -> DeskError {
    let code = match &err {
        IntakeError::Empty | IntakeError::Corrupt { .. } => ErrorCode::Validation,
        IntakeError::TooLarge { .. } | IntakeError::TooManyPixels { .. } => {
            ErrorCode::PayloadTooLarge
        }
        IntakeError::UnsupportedType { .. } => ErrorCode::UnsupportedMediaType,
        IntakeError::Encode(_) => return DeskError::internal(err),
    };
    DeskError::refused(code, err.to_string())
}

impl FileStore {
    /// Pictures under the folder `root` (created when missing).
    pub fn new(root: impl Into<PathBuf>) -> FileStore {
        let root = root.into();
        let objects = std::fs::create_dir_all(&root)
            .map_err(|e| e.to_string())
            .and_then(|()| LocalFileSystem::new_with_prefix(&root).map_err(|e| e.to_string()));
        let objects = match objects {
            Ok(fs) => Some(Arc::new(fs) as Arc<dyn ObjectStore>),
            Err(e) => {
                tracing::error!(folder = %root.display(), error = %e, "cannot open the files folder; uploads will fail");
                None
            }
        };
        FileStore {
            objects,
            root,
            gate: Arc::new(DecodeGate::for_this_machine()),
        }
    }

    /// The same store with its own gate: `slots` decoding, `waiting` in line.
    pub fn with_decode_gate(mut self, slots: usize, waiting: usize) -> FileStore {
        self.gate = Arc::new(DecodeGate::new(slots, waiting));
        self
    }

    /// The gate uploads decode behind.
    pub fn decode_gate(&self) -> &DecodeGate {
        &self.gate
    }

    fn objects(&self) -> DeskResult<&Arc<dyn ObjectStore>> {
        self.objects.as_ref().ok_or_else(|| {
            DeskError::internal(format!(
                "the files folder {} could not be opened",
                self.root.display()
            ))
        })
    }

    /// Cleans an uploaded picture (off the async runtime, behind the decode
    /// gate, with `uploader`'s pixel cap) and stores it and its thumbnail.
    /// Nothing is stored when the picture is refused.
    pub async fn put(&self, bytes: Vec<u8>, name: &str, uploader: Uploader) -> DeskResult<Stored> {
        let objects = self.objects()?.clone();
        let max_pixels = uploader.max_pixels();
        let intake = self
            .gate
            .run(move || kadesk_vision::intake::intake_within(&bytes, max_pixels))
            .await?
            .map_err(intake_error)?;
        let id = hex::encode(Sha256::digest(&intake.bytes));
        let picture = Arc::new(intake.bytes);
        // Same id, same bytes: a picture already there is not written again.
        if objects.head(&picture_path(&id)).await.is_err() {
            // The thumbnail first: a picture present always has its thumbnail.
            objects
                .put(&thumbnail_path(&id), PutPayload::from(intake.thumbnail))
                .await
                .map_err(DeskError::internal)?;
            objects
                .put(
                    &picture_path(&id),
                    PutPayload::from(picture.as_ref().clone()),
                )
                .await
                .map_err(DeskError::internal)?;
        }
        let name: String = name
            .chars()
            .filter(|c| !c.is_control() && *c != '/' && *c != '\\')
            .take(200)
            .collect();
        let attachment = Attachment {
            url: Attachment::url_for(&id),
            thumbnail_url: Some(Attachment::thumbnail_url_for(&id)),
            width: Some(intake.width),
            height: Some(intake.height),
            name: if name.is_empty() {
                "image".into()
            } else {
                name
            },
            content_type: intake.content_type.into(),
            size: i64::try_from(picture.len()).unwrap_or(i64::MAX),
            id,
        };
        Ok(Stored {
            attachment,
            bytes: picture,
        })
    }

    async fn get(&self, id: &str, path: impl Fn(&str) -> ObjectPath) -> DeskResult<Vec<u8>> {
        let missing = || DeskError::not_found(format!("file {id} does not exist"));
        if !valid_id(id) {
            return Err(missing());
        }
        let found = self.objects()?.get(&path(id)).await.map_err(|e| match e {
            object_store::Error::NotFound { .. } => missing(),
            other => DeskError::internal(other),
        })?;
        Ok(found.bytes().await.map_err(DeskError::internal)?.to_vec())
    }

    /// The bytes of a stored picture.
    pub async fn read(&self, id: &str) -> DeskResult<Vec<u8>> {
        self.get(id, picture_path).await
    }

    /// The JPEG thumbnail of a stored picture.
    pub async fn read_thumbnail(&self, id: &str) -> DeskResult<Vec<u8>> {
        self.get(id, thumbnail_path).await
    }

    /// Deletes a stored picture and its thumbnail (a picture already gone
    /// is no error).
    pub async fn delete(&self, id: &str) -> DeskResult<()> {
        if !valid_id(id) {
            return Ok(());
        }
        let objects = self.objects()?;
        for path in [picture_path(id), thumbnail_path(id)] {
            match objects.delete(&path).await {
                Ok(()) | Err(object_store::Error::NotFound { .. }) => {}
                Err(other) => return Err(DeskError::internal(other)),
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let image = image_rgb(width, height);
        let mut out = std::io::Cursor::new(Vec::new());
        image
            .write_to(&mut out, image::ImageFormat::Png)
            .expect("encodes");
        out.into_inner()
    }

    fn image_rgb(width: u32, height: u32) -> image::DynamicImage {
        image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
        }))
    }

    #[tokio::test]
    async fn same_picture_is_stored_once_with_its_thumbnail() {
        let dir = tempfile::tempdir().expect("tempdir");
        let files = FileStore::new(dir.path());
        let a = files
            .put(png(40, 30), "a.png", Uploader::Agent)
            .await
            .expect("stored");
        let b = files
            .put(png(40, 30), "b.png", Uploader::Buyer)
            .await
            .expect("stored");
        assert_eq!(a.attachment.id, b.attachment.id);
        assert_eq!(
            (a.attachment.width, a.attachment.height),
            (Some(40), Some(30))
        );
        assert_eq!(files.read(&a.attachment.id).await.expect("read"), *a.bytes);
        let thumb = files
            .read_thumbnail(&a.attachment.id)
            .await
            .expect("thumbnail");
        assert!(thumb.starts_with(&[0xFF, 0xD8, 0xFF]), "a JPEG thumbnail");
        assert!(files.read("../etc/passwd").await.is_err());
    }

    #[tokio::test]
    async fn the_gate_refuses_at_once_when_its_line_is_full() {
        use futures_util::FutureExt;
        let gate = Arc::new(DecodeGate::new(1, 1));
        let (started_tx, started_rx) = tokio::sync::oneshot::channel::<()>();
        let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
        // The one slot: held until released.
        let first = tokio::spawn({
            let gate = gate.clone();
            async move {
                gate.run(move || {
                    let _ = started_tx.send(());
                    let _ = release_rx.recv();
                    1
                })
                .await
            }
        });
        started_rx.await.expect("the first picture decodes");
        // The one place in line: taken on the first poll, then waiting.
        let mut second = Box::pin(gate.run(|| 2));
        assert!((&mut second).now_or_never().is_none(), "the second waits");
        // No place left: refused without waiting.
        let third = gate.run(|| 3).await.expect_err("the third is refused");
        assert_eq!(third.code(), ErrorCode::Busy);
        release_tx.send(()).expect("release");
        assert_eq!(first.await.expect("joins").expect("decoded"), 1);
        assert_eq!(second.await.expect("decoded after the first"), 2);
        assert_eq!(gate.peak(), 1);
        // Places free again once the work is done.
        assert_eq!(gate.run(|| 4).await.expect("decoded"), 4);
    }

    #[tokio::test]
    async fn a_renamed_pdf_is_refused_naming_what_it_is() {
        let dir = tempfile::tempdir().expect("tempdir");
        let err = FileStore::new(dir.path())
            .put(
                b"%PDF-1.7 not an image".to_vec(),
                "photo.png",
                Uploader::Buyer,
            )
            .await
            .expect_err("refused");
        assert_eq!(err.code(), ErrorCode::UnsupportedMediaType);
        assert!(err.to_string().contains("PDF"), "{err}");
    }
}
