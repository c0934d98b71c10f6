//! A/B experiments on the bot's reply templates: per variant, the
//! conversations that saw it, their bot resolution rate, handoff rate and
//! CSAT with 95 % Wilson score intervals, and each variant against the first
//! (the control) by a two-sided two-proportion z-test (pooled standard
//! error), with the sample size per variant needed to detect a 5-point
//! change at α = 0.05 with 80 % power (Fleiss, without continuity
//! correction). The rates follow docs/reports.md, over the conversations
//! created in the period that used the template.

use std::collections::BTreeMap;

use serde::Serialize;
use utoipa::ToSchema;

use super::{Metric, ReportQuery};
use crate::{Desk, DeskResult};

/// z for a two-sided 95 % interval / α = 0.05.
pub const Z_95: f64 = 1.959_963_984_540_054;
/// z for 80 % power.
pub const Z_POWER_80: f64 = 0.841_621_233_572_914_3;
/// The smallest change the sample-size hint is for (5 percentage points).
pub const MIN_DETECTABLE: f64 = 0.05;

/// The standard normal cumulative distribution Φ(x), through [`erfc`]
/// (absolute error below 1e-7).
pub fn normal_cdf(x: f64) -> f64 {
    0.5 * erfc(-x / std::f64::consts::SQRT_2)
}

/// The complementary error function (Numerical Recipes' `erfcc`,
/// fractional error below 1.2e-7 everywhere).
fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let r = t
        * (-z * z - 1.265_512_23
            + t * (1.000_023_68
                + t * (0.374_091_96
                    + t * (0.096_784_18
                        + t * (-0.186_288_06
                            + t * (0.278_868_07
                                + t * (-1.135_203_98
                                    + t * (1.488_515_87
                                        + t * (-0.822_152_23 + t * 0.170_872_77)))))))))
            .exp();
    if x >= 0.0 {
        r
    } else {
        2.0 - r
    }
}

/// A proportion with its 95 % Wilson score interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, ToSchema)]
pub struct Proportion {
    pub successes: u64,
    pub trials: u64,
    /// successes / trials; `None` without trials.
    pub rate: Option<f64>,
    pub low: Option<f64>,
    pub high: Option<f64>,
}

/// `successes` of `trials` with the Wilson score interval at `z`.
pub fn wilson(successes: u64, trials: u64, z: f64) -> Proportion {
    if trials == 0 {
        return Proportion {
            successes,
            trials,
            rate: None,
            low: None,
            high: None,
        };
    }
    let n = trials as f64;
    let p = successes as f64 / n;
    let z2 = z * z;
    let centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
    let half = z / (1.0 + z2 / n) * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    Proportion {
        successes,
        trials,
        rate: Some(p),
        low: Some((centre - half).max(0.0)),
        high: Some((centre + half).min(1.0)),
    }
}

/// A two-sided two-proportion z-test (pooled): (z, p-value); `None` when a
/// group is empty or the pooled rate is 0 or 1.
pub fn two_proportion_z(x1: u64, n1: u64, x2: u64, n2: u64) -> Option<(f64, f64)> {
    if n1 == 0 || n2 == 0 {
        return None;
    }
    let (n1f, n2f) = (n1 as f64, n2 as f64);
    let pooled = (x1 + x2) as f64 / (n1f + n2f);
    let se = (pooled * (1.0 - pooled) * (1.0 / n1f + 1.0 / n2f)).sqrt();
    if se == 0.0 {
        return None;
    }
    let z = (x2 as f64 / n2f - x1 as f64 / n1f) / se;
    Some((z, 2.0 * (1.0 - normal_cdf(z.abs()))))
}

/// Conversations per group to tell `p1` from `p2` (two-sided α = 0.05,
/// power 0.8; Fleiss without continuity correction), rounded up.
pub fn sample_size(p1: f64, p2: f64) -> Option<u64> {
    let d = (p1 - p2).abs();
    if d == 0.0 || !(0.0..=1.0).contains(&p1) || !(0.0..=1.0).contains(&p2) {
        return None;
    }
    let mean = (p1 + p2) / 2.0;
    let a = Z_95 * (2.0 * mean * (1.0 - mean)).sqrt();
    let b = Z_POWER_80 * (p1 * (1.0 - p1) + p2 * (1.0 - p2)).sqrt();
    Some(((a + b).powi(2) / (d * d)).ceil() as u64)
}

/// One variant's results.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct VariantResult {
    pub variant: String,
    pub conversations: u64,
    pub bot_resolution: Proportion,
    pub handoff: Proportion,
    /// 4–5 stars among the ratings.
    pub csat: Proportion,
    /// Bot resolution against the control (the first variant): the z
    /// statistic and two-sided p-value; `None` for the control.
    pub z: Option<f64>,
    pub p_value: Option<f64>,
    /// p < 0.05.
    pub significant: bool,
}

/// One A/B-tested template's results.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Experiment {
    pub template_id: String,
    pub variants: Vec<VariantResult>,
    /// Conversations each variant needs to show a 5-point change of the
    /// control's bot resolution rate.
    pub sample_size_hint: Option<u64>,
    /// The variant with the best bot resolution rate when it beats the
    /// control significantly (or the control when every other loses
    /// significantly); `None` while undecided.
    pub winner: Option<String>,
    /// The test used, stated for the reader.
    pub test: String,
    /// The variant a supervisor promoted: it gets every new conversation
    /// (`POST /reports/experiments/{template}/promote`).
    pub promoted: Option<String>,
}

/// Results of every A/B-tested template with conversations in the period.
pub async fn experiments(desk: &Desk, query: &ReportQuery) -> DeskResult<Vec<Experiment>> {
    query.check()?;
    let (counted, promoted) = tokio::try_join!(
        desk.store.experiment_counts(query.from, query.to),
        super::promote::promotions(desk),
    )?;
    let mut groups: BTreeMap<String, Vec<(String, [u64; Metric::ALL.len()])>> = BTreeMap::new();
    for (template, variant, counts) in counted {
        groups.entry(template).or_default().push((variant, counts));
    }
    Ok(groups
        .into_iter()
        .map(|(template, mut variants)| {
            variants.sort_by(|a, b| a.0.cmp(&b.0));
            Experiment {
                promoted: promoted.get(&template).cloned(),
                ..judge(&template, &variants)
            }
        })
        .collect())
}

/// One template's verdict from each variant's counts (variants in name
/// order; the first is the control).
fn judge(template: &str, counted: &[(String, [u64; Metric::ALL.len()])]) -> Experiment {
    let mut variants: Vec<VariantResult> = Vec::new();
    for (name, counts) in counted {
        let count = |m: Metric| counts.get(m.index()).copied().unwrap_or(0);
        let n = count(Metric::Conversations);
        variants.push(VariantResult {
            variant: name.clone(),
            conversations: n,
            bot_resolution: wilson(count(Metric::BotResolved), n, Z_95),
            handoff: wilson(count(Metric::HandedOff), n, Z_95),
            csat: wilson(count(Metric::Satisfied), count(Metric::Rated), Z_95),
            z: None,
            p_value: None,
            significant: false,
        });
    }
    let control = variants.first().map(|v| v.bot_resolution);
    if let Some(c) = control {
        for v in variants.iter_mut().skip(1) {
            if let Some((z, p)) = two_proportion_z(
                c.successes,
                c.trials,
                v.bot_resolution.successes,
                v.bot_resolution.trials,
            ) {
                v.z = Some(z);
                v.p_value = Some(p);
                v.significant = p < 0.05;
            }
        }
    }
    let better: Vec<&VariantResult> = variants
        .iter()
        .skip(1)
        .filter(|v| v.significant && v.z.is_some_and(|z| z > 0.0))
        .collect();
    let winner = if let Some(best) = better.iter().max_by(|a, b| {
        a.bot_resolution
            .rate
            .unwrap_or(0.0)
            .total_cmp(&b.bot_resolution.rate.unwrap_or(0.0))
    }) {
        Some(best.variant.clone())
    } else if variants.len() > 1
        && variants
            .iter()
            .skip(1)
            .all(|v| v.significant && v.z.is_some_and(|z| z < 0.0))
    {
        variants.first().map(|v| v.variant.clone())
    } else {
        None
    };
    let sample_size_hint = control.and_then(|c| c.rate).and_then(|p| {
        let other = if p + MIN_DETECTABLE <= 1.0 {
            p + MIN_DETECTABLE
        } else {
            p - MIN_DETECTABLE
        };
        sample_size(p, other)
    });
    Experiment {
        template_id: template.to_owned(),
        variants,
        sample_size_hint,
        winner,
        test: "two-sided two-proportion z-test (pooled), α = 0.05, bot resolution rate of each variant against the first; 95 % Wilson score intervals".into(),
        promoted: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn near(a: f64, b: f64, tol: f64) {
        assert!((a - b).abs() < tol, "{a} is not {b}");
    }

    #[test]
    fn the_normal_distribution_matches_its_table() {
        near(normal_cdf(0.0), 0.5, 1e-7);
        near(normal_cdf(1.0), 0.841_344_746, 1e-7);
        near(normal_cdf(1.959_964), 0.975, 1e-7);
        near(normal_cdf(-2.575_829), 0.005, 1e-7);
        near(normal_cdf(3.0), 0.998_650_102, 1e-7);
    }

    #[test]
    fn wilson_intervals_match_newcombe_1998() {
        // Newcombe (1998), Statistics in Medicine 17:857, table I.
        let a = wilson(81, 263, Z_95);
        near(a.low.unwrap(), 0.2553, 5e-5);
        near(a.high.unwrap(), 0.3662, 5e-5);
        let b = wilson(15, 148, Z_95);
        near(b.low.unwrap(), 0.0624, 5e-5);
        near(b.high.unwrap(), 0.1605, 5e-5);
        let c = wilson(0, 20, Z_95);
        near(c.low.unwrap(), 0.0, 1e-9);
        near(c.high.unwrap(), 0.1611, 5e-5);
        assert_eq!(wilson(0, 0, Z_95).rate, None);
    }

    #[test]
    fn the_two_proportion_test_matches_the_textbook() {
        // 52 % of 1,000 against 48 % of 1,000: z = 1.789, p = 0.0736.
        let (z, p) = two_proportion_z(480, 1000, 520, 1000).unwrap();
        near(z, 1.788_854, 1e-5);
        near(p, 0.073_638, 1e-5);
        // Equal rates: z = 0, p = 1.
        let (z, p) = two_proportion_z(30, 100, 60, 200).unwrap();
        near(z, 0.0, 1e-12);
        near(p, 1.0, 1e-7);
        assert_eq!(two_proportion_z(0, 0, 1, 2), None);
    }

    #[test]
    fn the_sample_size_matches_fleiss() {
        // 50 % against 60 %, α = 0.05 two-sided, power 0.8: 388 per group.
        assert_eq!(sample_size(0.5, 0.6), Some(388));
        assert_eq!(sample_size(0.5, 0.5), None);
    }
}
