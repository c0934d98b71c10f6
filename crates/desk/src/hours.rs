//! The desk's business hours: when agents are working. Outside them the bot
//! takes a message instead of promising a person now, and tells the buyer
//! when agents are back. These are the desk's daily hours as `[desk] hours`
//! and the settings page write them; their arithmetic is a
//! [`Schedule`]'s ([`BusinessHours::schedule`]), whose weekly form teams
//! may keep instead.

use crate::schedule::{minutes, Schedule};

/// Daily opening hours in the shop's time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BusinessHours {
    /// Minutes after local midnight when the desk opens.
    open: u32,
    /// Minutes after local midnight when it closes (may be past midnight: 1440+).
    close: u32,
    /// The shop's offset from UTC, in minutes (China: +480).
    utc_offset: i32,
}

/// A business-hours setting that does not parse; it names the setting and
/// the form it takes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HoursError {
    /// `[desk] hours` is not `HH:MM-HH:MM` with two different times.
    #[error("business hours {0:?} must look like 09:00-24:00")]
    Hours(String),
    /// `[desk] utc_offset` is not `+HH:MM` / `-HH:MM` within ±14:00.
    #[error("utc_offset {0:?} must look like +08:00 or -05:00")]
    UtcOffset(String),
}

const DAY: u32 = 24 * 60;

impl BusinessHours {
    /// Reads `"09:00-24:00"` (or `"21:00-02:00"` across midnight) and an
    /// offset such as `"+08:00"`.
    pub fn parse(hours: &str, utc_offset: &str) -> Result<BusinessHours, HoursError> {
        let bad_hours = || HoursError::Hours(hours.to_owned());
        let (open, close) = hours.split_once('-').ok_or_else(bad_hours)?;
        let (open, mut close) = (
            minutes(open).ok_or_else(bad_hours)?,
            minutes(close).ok_or_else(bad_hours)?,
        );
        if open == close || open >= DAY {
            return Err(bad_hours());
        }
        if close < open {
            close += DAY;
        }
        let bad_offset = || HoursError::UtcOffset(utc_offset.to_owned());
        let (sign, rest) = match utc_offset.trim().split_at_checked(1) {
            Some(("+", rest)) => (1, rest),
            Some(("-", rest)) => (-1, rest),
            _ => return Err(bad_offset()),
        };
        let offset = minutes(rest)
            .filter(|m| *m <= 14 * 60)
            .ok_or_else(bad_offset)?;
        Ok(BusinessHours {
            open,
            close,
            utc_offset: sign * i32::try_from(offset).map_err(|_| bad_offset())?,
        })
    }

    /// The hours as they are written: `09:00-24:00`.
    pub fn hours_text(&self) -> String {
        let close = if self.close > DAY {
            self.close - DAY
        } else {
            self.close
        };
        format!(
            "{:02}:{:02}-{:02}:{:02}",
            self.open / 60,
            self.open % 60,
            close / 60,
            close % 60
        )
    }

    /// The offset as it is written: `+08:00`.
    pub fn utc_offset_text(&self) -> String {
        let sign = if self.utc_offset < 0 { '-' } else { '+' };
        let m = self.utc_offset.unsigned_abs();
        format!("{sign}{:02}:{:02}", m / 60, m % 60)
    }

    /// The shop's offset from UTC, in minutes.
    pub fn utc_offset_minutes(&self) -> i32 {
        self.utc_offset
    }

    /// The hours as the store's report queries compute them (see
    /// [`kadesk_store::OpenWindow`]): open time before `t` is
    /// `((t + shift) / DAY) · open + min((t + shift) mod DAY, open)`.
    pub fn open_window(&self) -> kadesk_store::OpenWindow {
        const DAY_MS: i64 = 24 * 3600 * 1000;
        let (offset, open, close) = (
            i64::from(self.utc_offset) * 60_000,
            i64::from(self.open) * 60_000,
            i64::from(self.close) * 60_000,
        );
        kadesk_store::OpenWindow {
            shift_ms: (offset - open).rem_euclid(DAY_MS),
            open_ms: close - open,
        }
    }

    /// The hours as a [`Schedule`]: the same period every day.
    pub fn schedule(&self) -> Schedule {
        Schedule::daily(self.open, self.close, self.utc_offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kadesk_domain::Lang;

    /// 2026-11-21 at `h:m` in UTC+8, in Unix milliseconds.
    fn beijing(h: i64, m: i64) -> i64 {
        let midnight_utc = 1_795_219_200_000; // 2026-11-21 00:00 UTC
        midnight_utc + ((h - 8) * 60 + m) * 60_000
    }

    #[test]
    fn open_from_nine_to_midnight_in_beijing() {
        let hours = BusinessHours::parse("09:00-24:00", "+08:00")
            .expect("valid")
            .schedule();
        assert!(!hours.is_open(beijing(8, 59)));
        assert!(hours.is_open(beijing(9, 0)));
        assert!(hours.is_open(beijing(23, 59)));
        assert!(!hours.is_open(beijing(24, 30)));
        assert_eq!(hours.back_at(beijing(7, 0), Lang::Zh), "09:00");
        assert_eq!(hours.back_at(beijing(24, 30), Lang::Zh), "09:00");
    }

    #[test]
    fn open_time_between_two_moments_skips_the_night() {
        let hours = BusinessHours::parse("09:00-24:00", "+08:00")
            .expect("valid")
            .schedule();
        // Handed off at 23:50, answered at 09:05 the next morning: 15 min.
        assert_eq!(
            hours.open_millis_between(beijing(23, 50), beijing(24 + 9, 5)),
            15 * 60_000
        );
        // Entirely inside: as the calendar.
        assert_eq!(
            hours.open_millis_between(beijing(10, 0), beijing(11, 0)),
            3_600_000
        );
        // Entirely at night: nothing.
        assert_eq!(
            hours.open_millis_between(beijing(24 + 1, 0), beijing(24 + 8, 0)),
            0
        );
        // Two whole days: 15 h each.
        assert_eq!(
            hours.open_millis_between(beijing(0, 0), beijing(48, 0)),
            2 * 15 * 3_600_000
        );
        let late = BusinessHours::parse("21:00-02:00", "+08:00")
            .expect("valid")
            .schedule();
        // 01:00 to 22:00 the same day: 1 h before 02:00 and 1 h after 21:00.
        assert_eq!(
            late.open_millis_between(beijing(1, 0), beijing(22, 0)),
            2 * 3_600_000
        );
        assert_eq!(hours.open_millis_between(beijing(11, 0), beijing(10, 0)), 0);
    }

    /// The store's formula (see `open_window`), written out as SQL runs it.
    fn open_before(w: kadesk_store::OpenWindow, t: i64) -> i64 {
        const DAY_MS: i64 = 24 * 3600 * 1000;
        let y = t + w.shift_ms;
        (y / DAY_MS) * w.open_ms + (y % DAY_MS).min(w.open_ms)
    }

    #[test]
    fn the_report_window_gives_the_same_open_time() {
        for (text, offset) in [
            ("09:00-24:00", "+08:00"),
            ("21:00-02:00", "+08:00"),
            ("00:00-24:00", "-05:00"),
            ("08:30-17:45", "+14:00"),
            ("23:00-01:00", "-12:00"),
        ] {
            let daily = BusinessHours::parse(text, offset).expect("valid");
            let (w, hours) = (daily.open_window(), daily.schedule());
            // Every quarter of an hour over three days, against intervals
            // of 0 min to 60 h.
            for a in (0..3 * 96).map(|q| beijing(0, 0) + q * 15 * 60_000 + 7_000) {
                for len in [
                    0,
                    60_000,
                    3_600_000,
                    9 * 3_600_000 + 5 * 60_000,
                    60 * 3_600_000,
                ] {
                    assert_eq!(
                        open_before(w, a + len) - open_before(w, a),
                        hours.open_millis_between(a, a + len),
                        "{text} {offset} from {a} for {len} ms"
                    );
                }
            }
        }
    }

    #[test]
    fn deadlines_in_open_time_skip_the_night() {
        let hours = BusinessHours::parse("09:00-24:00", "+08:00")
            .expect("valid")
            .schedule();
        // 5 minutes from 23:58: 2 tonight, 3 after 09:00 tomorrow.
        assert_eq!(
            hours.add_open_millis(beijing(23, 58), 5 * 60_000),
            beijing(24 + 9, 3)
        );
        // Inside the hours: as the calendar.
        assert_eq!(
            hours.add_open_millis(beijing(10, 0), 15 * 60_000),
            beijing(10, 15)
        );
        // Started at night: counts from the opening.
        assert_eq!(
            hours.add_open_millis(beijing(3, 0), 2 * 60_000),
            beijing(9, 2)
        );
        // Exactly the rest of the day ends at closing.
        assert_eq!(
            hours.add_open_millis(beijing(23, 0), 3_600_000),
            beijing(24, 0)
        );
        let late = BusinessHours::parse("21:00-02:00", "+08:00")
            .expect("valid")
            .schedule();
        assert_eq!(
            late.add_open_millis(beijing(1, 30), 3_600_000),
            beijing(21, 30)
        );
        // The inverse of open_millis_between.
        for (from, ms) in [(beijing(8, 0), 7_000_000), (beijing(20, 0), 90_000_000)] {
            let due = hours.add_open_millis(from, ms);
            assert_eq!(hours.open_millis_between(from, due), ms);
        }
    }

    #[test]
    fn hours_may_run_past_midnight() {
        let hours = BusinessHours::parse("21:00-02:00", "+08:00")
            .expect("valid")
            .schedule();
        assert!(hours.is_open(beijing(22, 0)));
        assert!(hours.is_open(beijing(25, 30)), "01:30 next day");
        assert!(!hours.is_open(beijing(12, 0)));
        assert_eq!(hours.back_at(beijing(12, 0), Lang::En), "21:00");
    }

    #[test]
    fn after_closing_agents_are_back_tomorrow() {
        let hours = BusinessHours::parse("09:00-18:00", "+08:00")
            .expect("valid")
            .schedule();
        assert_eq!(hours.back_at(beijing(20, 0), Lang::Zh), "明天 09:00");
        assert_eq!(hours.back_at(beijing(20, 0), Lang::En), "tomorrow 09:00");
    }

    #[test]
    fn bad_values_name_the_fix() {
        for (hours, offset) in [
            ("9-18", "+08:00"),
            ("09:00-09:00", "+08:00"),
            ("25:00-26:00", "+08:00"),
            ("09:00-18:00", "8"),
        ] {
            let err = BusinessHours::parse(hours, offset).expect_err("invalid");
            assert!(err.to_string().contains("must look like"), "{err}");
        }
    }
}
