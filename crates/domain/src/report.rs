//! The numbers of 报表 one can click: each counts a set of conversations
//! (docs/reports.md). The store turns each into one SQL condition, used both
//! to count and to list the conversations behind the count (drill-down).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// How long after a resolve a buyer's return still counts against it (ms).
pub const RETURN_WINDOW_MS: i64 = 7 * 24 * 3600 * 1000;

/// A number one can click: the conversations it counts.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    Conversations,
    BotConversations,
    HandedOff,
    BotResolved,
    /// Waited for a person and were answered (the first-response sample).
    FirstResponded,
    Unanswered,
    Resolved,
    FirstContactResolved,
    Recontacted,
    Rated,
    Satisfied,
    /// A buyer sent a picture (a screenshot).
    WithScreenshot,
    /// A picture of it was read automatically.
    ScreenshotRead,
}

impl Metric {
    /// Every metric, in declaration order.
    pub const ALL: [Metric; 13] = [
        Metric::Conversations,
        Metric::BotConversations,
        Metric::HandedOff,
        Metric::BotResolved,
        Metric::FirstResponded,
        Metric::Unanswered,
        Metric::Resolved,
        Metric::FirstContactResolved,
        Metric::Recontacted,
        Metric::Rated,
        Metric::Satisfied,
        Metric::WithScreenshot,
        Metric::ScreenshotRead,
    ];

    /// The position of this metric in [`Metric::ALL`].
    pub fn index(self) -> usize {
        Metric::ALL.iter().position(|m| *m == self).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::Metric;

    #[test]
    fn every_metric_is_listed_once_at_its_index() {
        for (i, m) in Metric::ALL.iter().enumerate() {
            assert_eq!(m.index(), i, "{m:?}");
        }
    }
}
