//! The desk's business hours: when agents are working. Outside them the bot
//! takes a message instead of promising a person now, and tells the buyer
//! when agents are back.

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

fn minutes(text: &str) -> Option<u32> {
    let (h, m) = text.trim().split_once(':')?;
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h <= 24 && m < 60 && h * 60 + m <= DAY).then_some(h * 60 + m)
}

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

    /// Minutes after local midnight at `now_ms`.
    fn local_minute(&self, now_ms: i64) -> u32 {
        let local = now_ms.div_euclid(60_000) + i64::from(self.utc_offset);
        u32::try_from(local.rem_euclid(i64::from(DAY))).unwrap_or(0)
    }

    /// Whether agents are working at `now_ms`.
    pub fn is_open(&self, now_ms: i64) -> bool {
        let m = self.local_minute(now_ms);
        (self.open..self.close).contains(&m) || (self.open..self.close).contains(&(m + DAY))
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

    /// Milliseconds between `from` and `to` that fall inside the hours
    /// (0 when `to` is not after `from`).
    pub fn open_millis_between(&self, from: i64, to: i64) -> i64 {
        if to <= from {
            return 0;
        }
        const DAY_MS: i64 = 24 * 3600 * 1000;
        let offset = i64::from(self.utc_offset) * 60_000;
        let (a, b) = (from + offset, to + offset);
        let (open, close) = (
            i64::from(self.open) * 60_000,
            i64::from(self.close) * 60_000,
        );
        let mut total = 0;
        // The day before `a` too: its hours may run past midnight.
        let mut day = a.div_euclid(DAY_MS) - 1;
        while day * DAY_MS <= b {
            let (start, end) = (day * DAY_MS + open, day * DAY_MS + close);
            total += (end.min(b) - start.max(a)).max(0);
            day += 1;
        }
        total
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

    /// The moment `open_ms` milliseconds of open time after `from` have
    /// passed: a deadline counted in business hours (an SLA's due time). Time
    /// outside the hours does not count, so a target of 5 minutes set at
    /// 23:58 with hours 09:00-24:00 falls due at 09:03.
    pub fn add_open_millis(&self, from: i64, open_ms: i64) -> i64 {
        const DAY_MS: i64 = 24 * 3600 * 1000;
        let offset = i64::from(self.utc_offset) * 60_000;
        let (open, close) = (
            i64::from(self.open) * 60_000,
            i64::from(self.close) * 60_000,
        );
        let local = from + offset;
        let mut left = open_ms.max(0);
        // The day before too: its hours may run past midnight.
        let mut day = local.div_euclid(DAY_MS) - 1;
        loop {
            let start = (day * DAY_MS + open).max(local);
            let end = day * DAY_MS + close;
            if end > start {
                if end - start >= left {
                    return start + left - offset;
                }
                left -= end - start;
            }
            day += 1;
        }
    }

    /// When agents are back, as a buyer reads it: `09:00`, or `明天 09:00` /
    /// `tomorrow 09:00` when that is after local midnight.
    pub fn back_at(&self, now_ms: i64, chinese: bool) -> String {
        let time = format!("{:02}:{:02}", self.open / 60, self.open % 60);
        if self.local_minute(now_ms) < self.open {
            time
        } else if chinese {
            format!("明天 {time}")
        } else {
            format!("tomorrow {time}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-11-21 at `h:m` in UTC+8, in Unix milliseconds.
    fn beijing(h: i64, m: i64) -> i64 {
        let midnight_utc = 1_795_219_200_000; // 2026-11-21 00:00 UTC
        midnight_utc + ((h - 8) * 60 + m) * 60_000
    }

    #[test]
    fn open_from_nine_to_midnight_in_beijing() {
        let hours = BusinessHours::parse("09:00-24:00", "+08:00").expect("valid");
        assert!(!hours.is_open(beijing(8, 59)));
        assert!(hours.is_open(beijing(9, 0)));
        assert!(hours.is_open(beijing(23, 59)));
        assert!(!hours.is_open(beijing(24, 30)));
        assert_eq!(hours.back_at(beijing(7, 0), true), "09:00");
        assert_eq!(hours.back_at(beijing(24, 30), true), "09:00");
    }

    #[test]
    fn open_time_between_two_moments_skips_the_night() {
        let hours = BusinessHours::parse("09:00-24:00", "+08:00").expect("valid");
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
        let late = BusinessHours::parse("21:00-02:00", "+08:00").expect("valid");
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
            let hours = BusinessHours::parse(text, offset).expect("valid");
            let w = hours.open_window();
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
        let hours = BusinessHours::parse("09:00-24:00", "+08:00").expect("valid");
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
        let late = BusinessHours::parse("21:00-02:00", "+08:00").expect("valid");
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
        let hours = BusinessHours::parse("21:00-02:00", "+08:00").expect("valid");
        assert!(hours.is_open(beijing(22, 0)));
        assert!(hours.is_open(beijing(25, 30)), "01:30 next day");
        assert!(!hours.is_open(beijing(12, 0)));
        assert_eq!(hours.back_at(beijing(12, 0), false), "21:00");
    }

    #[test]
    fn after_closing_agents_are_back_tomorrow() {
        let hours = BusinessHours::parse("09:00-18:00", "+08:00").expect("valid");
        assert_eq!(hours.back_at(beijing(20, 0), true), "明天 09:00");
        assert_eq!(hours.back_at(beijing(20, 0), false), "tomorrow 09:00");
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
