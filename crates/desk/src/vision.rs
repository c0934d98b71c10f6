//! The screenshot reader: a bounded pool of OCR worker threads.
//!
//! The OCR engine is heavy to load (about 2 s and 230 MB), so it is loaded
//! once, on its own thread, when the server starts; without the models the
//! desk keeps working and pictures are simply not read. Uploads reserve a
//! place in the pool *before* anything is stored: when every worker is busy
//! and the queue is full, the upload is refused with `busy` and nothing is
//! kept, so a flood of pictures can neither grow memory nor stall the server.
//!
//! A worker reads one picture at a time off the async runtime, then hands the
//! report back to the runtime, where [`checks`] compares it with the shop's
//! order and with earlier uploads, the reading is stored and published to
//! agents, and the bot is told what the picture shows.

use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc as std_mpsc;
use std::sync::{Arc, Mutex};

use kadesk_domain::{
    AnalysisLine, Contact, Event, ImageAnalysis, Message, ScreenshotCategory, ScreenshotFields,
};
use kadesk_store::NewAnalysis;
use kadesk_vision::{AnalyzeError, OcrEngine, OcrError, OcrOptions, Report};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::{Desk, DeskResult};

pub mod checks;

/// `[vision]` settings.
#[derive(Debug, Clone)]
pub struct VisionSettings {
    /// Read screenshots at all.
    pub enabled: bool,
    /// Folder with the PP-OCR models (`scripts/fetch-models.sh`).
    pub models_dir: PathBuf,
    /// Worker threads, each reading one picture at a time. 0 starts no
    /// worker (tests use it to hold the queue full).
    pub workers: usize,
    /// Pictures that may wait for a free worker before uploads are refused.
    pub queue: usize,
}

impl Default for VisionSettings {
    fn default() -> Self {
        VisionSettings {
            enabled: true,
            models_dir: PathBuf::from("data/models"),
            workers: 1,
            queue: 8,
        }
    }
}

/// A picture to read, and who sent it.
pub struct Job {
    desk: Desk,
    /// The message carrying the picture.
    message: Message,
    /// The buyer who sent it and the address they sent it from (`None`: an
    /// agent did; the bot is not told).
    buyer: Option<(Contact, Option<IpAddr>)>,
    category: Option<ScreenshotCategory>,
    bytes: Arc<Vec<u8>>,
    /// Holds the job's place in the pool until it has been read.
    _permit: OwnedSemaphorePermit,
}

/// A reserved place in the pool: take it before storing, use it after.
pub struct Reservation {
    permit: OwnedSemaphorePermit,
    tx: std_mpsc::Sender<Job>,
}

/// Why an upload cannot be read now.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Every worker is busy and the queue is full.
    Busy,
}

/// The pool, or the lack of one.
pub struct VisionService {
    /// Jobs for the workers; `None` when pictures are not read.
    tx: Option<std_mpsc::Sender<Job>>,
    /// Places in the pool: `workers + queue`.
    places: Arc<Semaphore>,
    /// How many places there are (for [`VisionService::in_flight`]).
    capacity: usize,
    /// Set at shutdown; the threads see it within [`POLL`] and end.
    stop: Arc<AtomicBool>,
    /// The loading thread and the workers, joined by [`VisionService::stop`].
    threads: Arc<Mutex<Vec<std::thread::JoinHandle<()>>>>,
}

/// How often an idle thread looks at the stop flag.
const POLL: std::time::Duration = std::time::Duration::from_millis(100);

impl std::fmt::Debug for VisionService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VisionService")
            .field("reading", &self.tx.is_some())
            .field("free_places", &self.places.available_permits())
            .finish()
    }
}

impl Default for VisionService {
    /// No reader: pictures are stored and shown, not read.
    fn default() -> Self {
        VisionService {
            tx: None,
            places: Arc::new(Semaphore::new(0)),
            capacity: 0,
            stop: Arc::new(AtomicBool::new(false)),
            threads: Arc::new(Mutex::new(Vec::new())),
        }
    }
}

impl VisionService {
    /// Starts the pool: the engine loads on its own thread (logging clearly
    /// when the models are missing), then the workers start. Jobs queued
    /// while it loads wait for it. Call from within the tokio runtime.
    pub fn start(settings: &VisionSettings) -> VisionService {
        if !settings.enabled {
            tracing::info!("screenshot reading is off ([vision] enabled = false)");
            return VisionService::default();
        }
        let dir = settings.models_dir.clone();
        VisionService::start_with(settings.workers, settings.queue, move || {
            OcrEngine::load_with(
                &dir,
                OcrOptions {
                    threads: 1,
                    prebuild: true,
                },
            )
            .map(Arc::new)
        })
    }

    /// [`VisionService::start`] with an engine made by `load` (tests share one).
    pub fn start_with(
        workers: usize,
        queue: usize,
        load: impl FnOnce() -> Result<Arc<OcrEngine>, OcrError> + Send + 'static,
    ) -> VisionService {
        let runtime = tokio::runtime::Handle::current();
        let (tx, rx) = std_mpsc::channel::<Job>();
        let places = Arc::new(Semaphore::new(workers + queue));
        let stop = Arc::new(AtomicBool::new(false));
        let threads: Arc<Mutex<Vec<std::thread::JoinHandle<()>>>> = Arc::default();
        let (stop_in, threads_in) = (stop.clone(), threads.clone());
        let spawned = std::thread::Builder::new()
            .name("vision-load".into())
            .spawn(move || {
                let (stop, threads) = (stop_in, threads_in);
                if workers == 0 {
                    // Nothing will read: keep the queue (and its places)
                    // held until shutdown.
                    let _held = rx;
                    while !stop.load(Ordering::SeqCst) {
                        std::thread::park_timeout(POLL);
                    }
                    return;
                }
                let started = std::time::Instant::now();
                let engine = match load() {
                    Ok(engine) => engine,
                    Err(e) => {
                        tracing::error!(
                            error = %e,
                            "screenshots are stored but not read: the OCR models did not load"
                        );
                        return;
                    }
                };
                tracing::info!(
                    workers,
                    load_ms = started.elapsed().as_millis() as u64,
                    "screenshot reader ready"
                );
                let rx = Arc::new(Mutex::new(rx));
                for n in 0..workers {
                    let (engine, rx, runtime, stop) =
                        (engine.clone(), rx.clone(), runtime.clone(), stop.clone());
                    let spawned = std::thread::Builder::new()
                        .name(format!("vision-{n}"))
                        .spawn(move || work(&engine, &rx, &runtime, &stop));
                    match spawned {
                        Ok(handle) => threads
                            .lock()
                            .unwrap_or_else(|p| p.into_inner())
                            .push(handle),
                        Err(e) => tracing::error!(error = %e, "cannot start a screenshot worker"),
                    }
                }
            });
        match spawned {
            Ok(loader) => threads
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(loader),
            Err(e) => {
                tracing::error!(error = %e, "cannot start the screenshot reader");
                return VisionService::default();
            }
        }
        VisionService {
            tx: Some(tx),
            places,
            capacity: workers + queue,
            stop,
            threads,
        }
    }

    /// Stops every thread of the pool and waits for them (blocking: call
    /// off the runtime). A picture being read is finished first; pictures
    /// still queued stay unread (they are stored). Whether all ended.
    pub fn stop(&self) -> bool {
        self.stop.store(true, Ordering::SeqCst);
        let mut all_ended = true;
        // Joining the loading thread may add the workers it started: repeat
        // until no handle is left.
        loop {
            let handles =
                std::mem::take(&mut *self.threads.lock().unwrap_or_else(|p| p.into_inner()));
            if handles.is_empty() {
                return all_ended;
            }
            for handle in handles {
                all_ended &= handle.join().is_ok();
            }
        }
    }

    /// Threads of the pool still running.
    pub fn running_threads(&self) -> usize {
        self.threads
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .filter(|h| !h.is_finished())
            .count()
    }

    /// Pictures being read or waiting to be (the OCR queue).
    pub fn in_flight(&self) -> usize {
        self.capacity
            .saturating_sub(self.places.available_permits())
    }

    /// Whether uploads are read at all.
    pub fn reads(&self) -> bool {
        self.tx.is_some()
    }

    /// Takes a place in the pool for one picture. `Ok(None)`: pictures are
    /// not read here (store and show it anyway).
    pub fn reserve(&self) -> Result<Option<Reservation>, Refusal> {
        let Some(tx) = &self.tx else {
            return Ok(None);
        };
        match self.places.clone().try_acquire_owned() {
            Ok(permit) => Ok(Some(Reservation {
                permit,
                tx: tx.clone(),
            })),
            Err(_) => Err(Refusal::Busy),
        }
    }
}

impl Reservation {
    /// Queues the stored picture of `message` for reading.
    pub fn submit(
        self,
        desk: &Desk,
        message: Message,
        buyer: Option<(Contact, Option<IpAddr>)>,
        category: Option<ScreenshotCategory>,
        bytes: Arc<Vec<u8>>,
    ) {
        let job = Job {
            desk: desk.clone(),
            message,
            buyer,
            category,
            bytes,
            _permit: self.permit,
        };
        if self.tx.send(job).is_err() {
            // The engine failed to load: the picture stays unread.
            tracing::warn!("screenshot reader is not running; picture left unread");
        }
    }
}

/// A worker: reads pictures until the pool stops (or is dropped).
fn work(
    engine: &OcrEngine,
    rx: &Mutex<std_mpsc::Receiver<Job>>,
    runtime: &tokio::runtime::Handle,
    stop: &AtomicBool,
) {
    loop {
        if stop.load(Ordering::SeqCst) {
            return;
        }
        let job = {
            let rx = rx.lock().unwrap_or_else(|p| p.into_inner());
            match rx.recv_timeout(POLL) {
                Ok(job) => job,
                Err(std_mpsc::RecvTimeoutError::Timeout) => continue,
                Err(std_mpsc::RecvTimeoutError::Disconnected) => return,
            }
        };
        let result = kadesk_vision::analyze(engine, &job.bytes);
        let Job {
            desk,
            message,
            buyer,
            category,
            _permit: permit,
            ..
        } = job;
        // The place is free once the picture is read; the rest is quick I/O.
        drop(permit);
        let tasks = desk.tasks.clone();
        tasks.spawn_on(runtime, async move {
            if let Err(e) = finish(&desk, &message, buyer, category, result).await {
                tracing::warn!(conversation.id = message.conversation_id, error = %e, "storing a screenshot reading failed");
            }
        });
    }
}

/// The report's fields in the domain's terms (same keys).
fn fields_of(report: &Report) -> ScreenshotFields {
    serde_json::to_value(&report.fields)
        .and_then(serde_json::from_value)
        .unwrap_or_default()
}

/// Checks, stores and publishes a reading, then tells the bot.
async fn finish(
    desk: &Desk,
    message: &Message,
    buyer: Option<(Contact, Option<IpAddr>)>,
    category: Option<ScreenshotCategory>,
    result: Result<Report, AnalyzeError>,
) -> DeskResult<()> {
    let Some(file) = message.attachments.first() else {
        return Ok(());
    };
    let now = desk.now();
    let mut analysis = ImageAnalysis {
        id: 0,
        conversation_id: message.conversation_id,
        message_id: message.id,
        file_id: file.id.clone(),
        status: "done".into(),
        category,
        kind: "other".into(),
        fields: ScreenshotFields::default(),
        missing: Vec::new(),
        lines: Vec::new(),
        width: file.width.unwrap_or_default(),
        height: file.height.unwrap_or_default(),
        flags: Vec::new(),
        seen_before: None,
        error: None,
        elapsed_ms: 0,
        created_at: now,
    };
    let mut hashes = (None, None);
    match &result {
        Ok(report) => {
            analysis.kind = report.kind.as_str().to_owned();
            analysis.fields = fields_of(report);
            analysis.missing = report.missing.clone();
            analysis.lines = report
                .lines
                .iter()
                .map(|l| AnalysisLine {
                    text: l.text.clone(),
                    confidence: l.confidence,
                    bbox: l.bbox,
                })
                .collect();
            analysis.width = report.width;
            analysis.height = report.height;
            analysis.elapsed_ms = i64::try_from(report.elapsed_ms).unwrap_or(i64::MAX);
            crate::metrics::ocr_time(report.elapsed_ms as f64 / 1000.0);
            analysis.flags = checks::receipt_flags(desk, &analysis.fields).await;
            analysis.seen_before =
                checks::seen_before(desk, report.fingerprint(), message.id, now).await?;
            hashes = (Some(report.phash), Some(report.text_fingerprint));
        }
        Err(e) => {
            analysis.status = "failed".into();
            analysis.error = Some(e.to_string());
        }
    }
    let stored = desk
        .store
        .insert_analysis(&NewAnalysis {
            analysis,
            phash: hashes.0,
            text_fingerprint: hashes.1,
        })
        .await?;
    tracing::info!(
        conversation.id = stored.conversation_id,
        kind = %stored.kind,
        flags = stored.flags.len(),
        elapsed_ms = stored.elapsed_ms,
        "screenshot read"
    );
    desk.hub.publish(Event::Analysis {
        analysis: Box::new(stored.clone()),
    });
    if let (Some((contact, ip)), "done") = (buyer, stored.status.as_str()) {
        crate::bot::queue_screenshot(desk, contact, ip, &stored).await;
    }
    Ok(())
}
