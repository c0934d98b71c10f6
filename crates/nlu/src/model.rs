//! Multinomial logistic regression over hashed sparse features, trained with
//! AdaGrad in a few hundred milliseconds, with temperature-scaled
//! probabilities.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Hasher for keys that are already well-mixed 64-bit hashes.
#[derive(Default)]
pub(crate) struct PreHashed(u64);

impl Hasher for PreHashed {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type Vocab = HashMap<u64, u32, BuildHasherDefault<PreHashed>>;

/// Training hyper-parameters.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TrainParams {
    pub epochs: usize,
    pub learning_rate: f32,
    pub l2: f32,
    pub seed: u64,
}

impl Default for TrainParams {
    fn default() -> Self {
        TrainParams {
            epochs: 25,
            learning_rate: 0.4,
            l2: 1e-5,
            seed: 0x6b61_6465_736b,
        }
    }
}

/// A trained linear classifier.
#[derive(Debug, Clone)]
pub(crate) struct LinearModel {
    /// Class names, index = class id.
    pub classes: Vec<String>,
    /// Feature hash → row in `weights`.
    vocab: Vocab,
    /// Row-major `[feature][class]`.
    weights: Vec<f32>,
    bias: Vec<f32>,
    /// Logits are divided by this before the softmax (calibration).
    pub temperature: f32,
}

/// Small deterministic generator for shuffling.
pub(crate) struct XorShift(u64);

impl XorShift {
    pub(crate) fn new(seed: u64) -> Self {
        XorShift(seed | 1)
    }
    pub(crate) fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    pub(crate) fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

pub(crate) fn softmax(logits: &mut [f32]) {
    let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for l in logits.iter_mut() {
        *l = (*l - max).exp();
        sum += *l;
    }
    for l in logits.iter_mut() {
        *l /= sum;
    }
}

impl LinearModel {
    /// Trains on `(features, class)` pairs; features sorted and unique.
    pub(crate) fn train(
        classes: Vec<String>,
        examples: &[(Vec<u64>, usize)],
        params: TrainParams,
    ) -> LinearModel {
        let n_classes = classes.len();
        let mut vocab = Vocab::default();
        let rows: Vec<Vec<u32>> = examples
            .iter()
            .map(|(feats, _)| {
                feats
                    .iter()
                    .map(|h| {
                        let next = vocab.len() as u32;
                        *vocab.entry(*h).or_insert(next)
                    })
                    .collect()
            })
            .collect();
        let n_features = vocab.len();
        let mut weights = vec![0f32; n_features * n_classes];
        let mut g2 = vec![1e-6f32; n_features * n_classes];
        let mut bias = vec![0f32; n_classes];
        let mut gb = vec![1e-6f32; n_classes];
        let mut order: Vec<usize> = (0..examples.len()).collect();
        let mut rng = XorShift::new(params.seed);
        let mut p = vec![0f32; n_classes];
        let lr = params.learning_rate;
        for _ in 0..params.epochs {
            rng.shuffle(&mut order);
            for &i in &order {
                let row = &rows[i];
                let y = examples[i].1;
                if row.is_empty() {
                    continue;
                }
                let x = 1.0 / (row.len() as f32).sqrt();
                p.copy_from_slice(&bias);
                for &f in row {
                    let w = &weights[f as usize * n_classes..(f as usize + 1) * n_classes];
                    for (pc, wc) in p.iter_mut().zip(w) {
                        *pc += wc * x;
                    }
                }
                softmax(&mut p);
                p[y] -= 1.0; // p now holds the logit gradient
                for ((b, acc), &pc) in bias.iter_mut().zip(gb.iter_mut()).zip(&p) {
                    *acc += pc * pc;
                    *b -= lr * pc / acc.sqrt();
                }
                for &f in row {
                    let span = f as usize * n_classes..(f as usize + 1) * n_classes;
                    let (w, acc) = (&mut weights[span.clone()], &mut g2[span]);
                    for ((wc, ac), &pc) in w.iter_mut().zip(acc.iter_mut()).zip(&p) {
                        let g = pc * x + params.l2 * *wc;
                        *ac += g * g;
                        *wc -= lr * g / ac.sqrt();
                    }
                }
            }
        }
        LinearModel {
            classes,
            vocab,
            weights,
            bias,
            temperature: 1.0,
        }
    }

    /// Raw logits for a feature set (unknown features are ignored).
    pub(crate) fn logits(&self, features: &[u64], out: &mut Vec<f32>) {
        let n = self.classes.len();
        out.clear();
        out.extend_from_slice(&self.bias);
        let known: Vec<usize> = features
            .iter()
            .filter_map(|h| self.vocab.get(h).map(|&r| r as usize))
            .collect();
        if known.is_empty() {
            return;
        }
        // Same scaling as in training: the number of features of the message.
        let x = 1.0 / (features.len() as f32).sqrt();
        for r in known {
            let w = &self.weights[r * n..(r + 1) * n];
            for (o, wc) in out.iter_mut().zip(w) {
                *o += wc * x;
            }
        }
    }

    /// Calibrated probabilities.
    pub(crate) fn probabilities(&self, features: &[u64]) -> Vec<f32> {
        let mut out = Vec::with_capacity(self.classes.len());
        self.logits(features, &mut out);
        for l in out.iter_mut() {
            *l /= self.temperature;
        }
        softmax(&mut out);
        out
    }

    /// Sets the temperature that minimises the negative log-likelihood of
    /// held-out examples (golden-section search over log T).
    pub(crate) fn calibrate(&mut self, held_out: &[(Vec<u64>, usize)]) {
        if held_out.is_empty() {
            return;
        }
        let logits: Vec<(Vec<f32>, usize)> = held_out
            .iter()
            .map(|(f, y)| {
                let mut l = Vec::new();
                self.logits(f, &mut l);
                (l, *y)
            })
            .collect();
        let nll = |log_t: f32| -> f32 {
            let t = log_t.exp();
            let mut total = 0.0;
            let mut buf = Vec::new();
            for (l, y) in &logits {
                buf.clear();
                buf.extend(l.iter().map(|v| v / t));
                softmax(&mut buf);
                total -= buf[*y].max(1e-9).ln();
            }
            total
        };
        let (mut a, mut b) = ((0.05f32).ln(), (5.0f32).ln());
        let phi = 0.618_034f32;
        for _ in 0..40 {
            let c = b - phi * (b - a);
            let d = a + phi * (b - a);
            if nll(c) < nll(d) {
                b = d;
            } else {
                a = c;
            }
        }
        self.temperature = ((a + b) / 2.0).exp();
    }

    /// Approximate heap bytes: weights, bias and vocabulary.
    pub(crate) fn memory_bytes(&self) -> usize {
        let vocab = self.vocab.capacity() * (8 + 4 + 1);
        let names: usize = self.classes.iter().map(|c| c.capacity() + 24).sum();
        self.weights.capacity() * 4 + self.bias.capacity() * 4 + vocab + names
    }

    pub(crate) fn n_features(&self) -> usize {
        self.vocab.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_separable_problem() {
        let ex: Vec<(Vec<u64>, usize)> = (0..40)
            .map(|i| (vec![i % 2, 100 + i], (i % 2) as usize))
            .collect();
        let m = LinearModel::train(vec!["a".into(), "b".into()], &ex, TrainParams::default());
        let p = m.probabilities(&[0, 999]);
        assert!(p[0] > 0.8, "{p:?}");
        let p = m.probabilities(&[1, 999]);
        assert!(p[1] > 0.8, "{p:?}");
    }

    #[test]
    fn unknown_features_give_the_prior() {
        let ex = vec![(vec![1], 0), (vec![2], 1)];
        let m = LinearModel::train(vec!["a".into(), "b".into()], &ex, TrainParams::default());
        let p = m.probabilities(&[42]);
        assert!((p[0] - 0.5).abs() < 0.1, "{p:?}");
    }
}
