//! Working hours as a team keeps them: periods on each weekday (several a
//! day, possibly past midnight), holidays, and a time zone (an IANA name
//! such as `Asia/Shanghai`, so summer time is followed, or a fixed offset).
//!
//! A [`Schedule`] answers what the desk needs: is the team at work now
//! ([`Schedule::is_open`]), when is it back ([`Schedule::next_open`],
//! [`Schedule::back_at`]), how much working time lies between two moments
//! ([`Schedule::open_millis_between`]) and when a promise of so much working
//! time falls due ([`Schedule::add_open_millis`]). The desk's own daily
//! hours ([`crate::hours::BusinessHours`]) are one such schedule; a team
//! without hours of its own keeps the desk's ([`HoursBook`]).
//!
//! Admins write a schedule as a [`ScheduleSpec`] (API and storage); it is
//! checked once, into a [`Schedule`], and a stored one that no longer reads
//! falls back to the desk's hours with a warning.

use std::collections::{BTreeSet, HashMap};

use jiff::civil::Date;
use jiff::tz::{Offset, TimeZone};
use jiff::Timestamp;
use kadesk_domain::{Lang, Millis};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

const DAY: u32 = 24 * 60;
/// Most periods on one weekday.
const MAX_PERIODS: usize = 8;
/// Most holidays one schedule lists.
const MAX_HOLIDAYS: usize = 400;
const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// A schedule as admins write it (the API's and the database's form).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScheduleSpec {
    /// An IANA time zone (`Asia/Shanghai`, `Europe/Berlin`) or a fixed
    /// offset from UTC (`+08:00`).
    #[schema(example = "Asia/Shanghai", min_length = 1, max_length = 64)]
    pub time_zone: String,
    /// The working periods of each weekday.
    pub week: WeekSpec,
    /// Whole days off (`2027-02-16`), in the schedule's time zone; a period
    /// that started the evening before still runs to its end.
    #[serde(default)]
    #[schema(max_items = 400, example = json!(["2027-02-16", "2027-02-17"]))]
    pub holidays: Vec<String>,
}

/// Working periods per weekday, each `HH:MM-HH:MM` (`21:00-02:00` runs
/// past midnight); an empty list: not working that day.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WeekSpec {
    #[serde(default)]
    #[schema(max_items = 8, example = json!(["09:00-12:00", "13:30-22:00"]))]
    pub mon: Vec<String>,
    #[serde(default)]
    #[schema(max_items = 8)]
    pub tue: Vec<String>,
    #[serde(default)]
    #[schema(max_items = 8)]
    pub wed: Vec<String>,
    #[serde(default)]
    #[schema(max_items = 8)]
    pub thu: Vec<String>,
    #[serde(default)]
    #[schema(max_items = 8)]
    pub fri: Vec<String>,
    #[serde(default)]
    #[schema(max_items = 8)]
    pub sat: Vec<String>,
    #[serde(default)]
    #[schema(max_items = 8)]
    pub sun: Vec<String>,
}

impl WeekSpec {
    /// Monday first.
    fn days(&self) -> [&Vec<String>; 7] {
        [
            &self.mon, &self.tue, &self.wed, &self.thu, &self.fri, &self.sat, &self.sun,
        ]
    }
}

/// A schedule that does not read; the message names the field and the fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    #[error(
        "time zone {0:?} is not known: write an IANA name such as Asia/Shanghai, or an offset such as +08:00"
    )]
    TimeZone(String),
    #[error("{day}: period {text:?} must look like 09:00-18:00 (21:00-02:00 runs past midnight)")]
    Period { day: &'static str, text: String },
    #[error("{day}: periods overlap ({text}); merge them into one")]
    Overlap { day: &'static str, text: String },
    #[error("{day}: at most 8 periods a day")]
    TooManyPeriods { day: &'static str },
    #[error("holiday {0:?} must be a date such as 2027-02-16")]
    Holiday(String),
    #[error("at most 400 holidays")]
    TooManyHolidays,
    #[error("the week has no working period; a team that always works keeps no hours")]
    NeverOpen,
}

/// One working period, in minutes after the local midnight of its day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Period {
    open: u32,
    /// After `open`; past [`DAY`] when the period runs past midnight.
    close: u32,
}

/// Working hours, checked (see the module doc).
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    zone: TimeZone,
    /// Monday first; each day's periods in order, never overlapping each
    /// other or the next day's.
    week: [Vec<Period>; 7],
    holidays: BTreeSet<Date>,
}

/// `HH:MM` (up to `24:00`) as minutes after midnight.
pub(crate) fn minutes(text: &str) -> Option<u32> {
    let (h, m) = text.trim().split_once(':')?;
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h <= 24 && m < 60 && h * 60 + m <= DAY).then_some(h * 60 + m)
}

/// A time zone as written: `+08:00` / `-05:30`, or an IANA name.
fn zone(text: &str) -> Option<TimeZone> {
    let text = text.trim();
    let (sign, rest) = match text.split_at_checked(1) {
        Some(("+", rest)) => (1, rest),
        Some(("-", rest)) => (-1, rest),
        _ => return TimeZone::get(text).ok(),
    };
    let m = minutes(rest).filter(|m| *m <= 14 * 60)?;
    let seconds = sign * i32::try_from(m * 60).ok()?;
    Offset::from_seconds(seconds).ok().map(TimeZone::fixed)
}

/// `09:00-18:00` as a period (a close before the open runs past midnight).
fn period(text: &str) -> Option<Period> {
    let (open, close) = text.split_once('-')?;
    let (open, mut close) = (minutes(open)?, minutes(close)?);
    if open == close || open >= DAY {
        return None;
    }
    if close < open {
        close += DAY;
    }
    Some(Period { open, close })
}

fn hhmm(m: u32) -> String {
    format!("{:02}:{:02}", m / 60, m % 60)
}

impl Schedule {
    /// The same `open..close` (minutes; `close` past [`DAY`] runs past
    /// midnight) every day, in a fixed offset of `utc_offset` minutes: the
    /// desk's daily hours.
    pub(crate) fn daily(open: u32, close: u32, utc_offset: i32) -> Schedule {
        let zone = Offset::from_seconds(utc_offset * 60)
            .map(TimeZone::fixed)
            .unwrap_or(TimeZone::UTC);
        Schedule {
            zone,
            week: std::array::from_fn(|_| vec![Period { open, close }]),
            holidays: BTreeSet::new(),
        }
    }

    /// Checks a schedule as an admin wrote it.
    pub fn from_spec(spec: &ScheduleSpec) -> Result<Schedule, ScheduleError> {
        let zone =
            zone(&spec.time_zone).ok_or_else(|| ScheduleError::TimeZone(spec.time_zone.clone()))?;
        let mut week: [Vec<Period>; 7] = Default::default();
        for (i, (texts, day)) in spec.week.days().into_iter().zip(WEEKDAYS).enumerate() {
            if texts.len() > MAX_PERIODS {
                return Err(ScheduleError::TooManyPeriods { day });
            }
            let mut periods = texts
                .iter()
                .map(|t| {
                    period(t).ok_or_else(|| ScheduleError::Period {
                        day,
                        text: t.clone(),
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            periods.sort_by_key(|p| p.open);
            if let Some(w) = periods.windows(2).find(|w| w[0].close > w[1].open) {
                return Err(ScheduleError::Overlap {
                    day,
                    text: format!("{} and {}", hhmm(w[0].open), hhmm(w[1].open)),
                });
            }
            week[i] = periods;
        }
        // A period past midnight must end before the next day's first.
        for i in 0..7 {
            let next = &week[(i + 1) % 7];
            if let (Some(last), Some(first)) = (week[i].last(), next.first()) {
                if last.close > DAY + first.open {
                    return Err(ScheduleError::Overlap {
                        day: WEEKDAYS[i],
                        text: format!(
                            "{} runs into {} {}",
                            hhmm(last.open),
                            WEEKDAYS[(i + 1) % 7],
                            hhmm(first.open)
                        ),
                    });
                }
            }
        }
        if week.iter().all(Vec::is_empty) {
            return Err(ScheduleError::NeverOpen);
        }
        if spec.holidays.len() > MAX_HOLIDAYS {
            return Err(ScheduleError::TooManyHolidays);
        }
        let holidays = spec
            .holidays
            .iter()
            .map(|h| {
                h.trim()
                    .parse::<Date>()
                    .map_err(|_| ScheduleError::Holiday(h.clone()))
            })
            .collect::<Result<_, _>>()?;
        Ok(Schedule {
            zone,
            week,
            holidays,
        })
    }

    /// The local date at `t`.
    fn local_date(&self, t: Millis) -> Date {
        let ts = Timestamp::from_millisecond(t).unwrap_or(if t < 0 {
            Timestamp::MIN
        } else {
            Timestamp::MAX
        });
        self.zone.to_datetime(ts).date()
    }

    /// The instant `minute` minutes after the local midnight of `day`.
    fn instant(&self, day: Date, minute: u32) -> Millis {
        let (day, minute) = match minute.checked_sub(DAY) {
            Some(rest) => (day.tomorrow().unwrap_or(day), rest),
            None => (day, minute),
        };
        let hm = |v: u32| i8::try_from(v).unwrap_or(0);
        let local = day.at(hm(minute / 60), hm(minute % 60), 0, 0);
        self.zone
            .to_timestamp(local)
            .map_or(Millis::MAX, Timestamp::as_millisecond)
    }

    /// The working intervals `[start, end)` of the periods that start on
    /// `day` (none on a holiday).
    fn day_intervals(&self, day: Date) -> impl Iterator<Item = (Millis, Millis)> + '_ {
        let off = self.holidays.contains(&day);
        let weekday = usize::try_from(day.weekday().to_monday_zero_offset()).unwrap_or(0);
        self.week[weekday]
            .iter()
            .filter(move |_| !off)
            .map(move |p| (self.instant(day, p.open), self.instant(day, p.close)))
            // A period inside a summer-time gap has no length.
            .filter(|(start, end)| end > start)
    }

    /// Every working interval from the day before `from`'s local date on
    /// (whose periods may run past midnight), in order. A checked schedule
    /// works at least once a week, so searching it ends.
    fn intervals_from(&self, from: Millis) -> impl Iterator<Item = (Millis, Millis)> + '_ {
        let first = self.local_date(from);
        let first = first.yesterday().unwrap_or(first);
        std::iter::successors(Some(first), |d| d.tomorrow().ok())
            .flat_map(move |day| self.day_intervals(day))
    }

    /// Whether the team works at `t`.
    pub fn is_open(&self, t: Millis) -> bool {
        self.intervals_from(t)
            .take_while(|(start, _)| *start <= t)
            .any(|(start, end)| start <= t && t < end)
    }

    /// When the team works next: `t` itself when it works now.
    pub fn next_open(&self, t: Millis) -> Millis {
        self.intervals_from(t)
            .find(|(_, end)| *end > t)
            .map_or(Millis::MAX, |(start, _)| start.max(t))
    }

    /// Working time between `from` and `to` (0 when `to` is not after
    /// `from`).
    pub fn open_millis_between(&self, from: Millis, to: Millis) -> i64 {
        if to <= from {
            return 0;
        }
        self.intervals_from(from)
            .take_while(|(start, _)| *start < to)
            .map(|(start, end)| (end.min(to) - start.max(from)).max(0))
            .sum()
    }

    /// The moment `open_ms` of working time after `from` have passed: a
    /// deadline counted in working hours. A target of 5 minutes set at
    /// 23:58 with hours 09:00-24:00 falls due at 09:03.
    pub fn add_open_millis(&self, from: Millis, open_ms: i64) -> Millis {
        let mut left = open_ms.max(0);
        for (start, end) in self.intervals_from(from) {
            let start = start.max(from);
            if end > start {
                if end - start >= left {
                    return start + left;
                }
                left -= end - start;
            }
        }
        Millis::MAX
    }

    /// When the team is back, as a buyer reads it in `lang`: `09:00` later
    /// today, `明天 09:00` / `tomorrow 09:00`, a weekday within the week
    /// (`周一 09:00` / `Monday 09:00`), else the date (`2月18日 09:00` /
    /// `18 Feb 09:00`). The time is the schedule's local time.
    pub fn back_at(&self, now: Millis, lang: Lang) -> String {
        let at = self.next_open(now);
        let ts = Timestamp::from_millisecond(at).unwrap_or(Timestamp::MAX);
        let local = self.zone.to_datetime(ts);
        let time = format!("{:02}:{:02}", local.hour(), local.minute());
        let today = self.local_date(now);
        let day = local.date();
        let ahead = std::iter::successors(Some(today), |d| d.tomorrow().ok())
            .take(7)
            .position(|d| d == day);
        const ZH_DAYS: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
        const EN_DAYS: [&str; 7] = [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ];
        const EN_MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let weekday = usize::try_from(day.weekday().to_monday_zero_offset()).unwrap_or(0);
        match (ahead, lang) {
            (Some(0), _) => time,
            (Some(1), Lang::Zh) => format!("明天 {time}"),
            (Some(1), Lang::En) => format!("tomorrow {time}"),
            (Some(_), Lang::Zh) => format!("{} {time}", ZH_DAYS[weekday]),
            (Some(_), Lang::En) => format!("{} {time}", EN_DAYS[weekday]),
            (None, Lang::Zh) => format!("{}月{}日 {time}", day.month(), day.day()),
            (None, Lang::En) => {
                let month = usize::try_from(day.month() - 1).unwrap_or(0);
                format!("{} {} {time}", day.day(), EN_MONTHS[month])
            }
        }
    }
}

/// The hours that apply to each team's conversations: a team's own, else
/// the desk's (`None`: always at work).
#[derive(Debug, Clone, Default)]
pub struct HoursBook {
    desk: Option<Schedule>,
    teams: HashMap<i64, Schedule>,
}

impl HoursBook {
    /// The hours of conversations in `team`'s line (`None`: no team).
    pub fn of(&self, team: Option<i64>) -> Option<&Schedule> {
        team.and_then(|t| self.teams.get(&t)).or(self.desk.as_ref())
    }

    /// `team`'s own hours, if it keeps any.
    pub fn own(&self, team: i64) -> Option<&Schedule> {
        self.teams.get(&team)
    }
}

/// Reads a stored schedule (JSON of a [`ScheduleSpec`]).
pub fn read_stored(json: &str) -> Result<(ScheduleSpec, Schedule), String> {
    let spec: ScheduleSpec = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let schedule = Schedule::from_spec(&spec).map_err(|e| e.to_string())?;
    Ok((spec, schedule))
}

/// The hours in force now: the desk's, and every team's own.
pub async fn load(desk: &crate::Desk) -> crate::DeskResult<HoursBook> {
    let mut book = HoursBook {
        desk: desk.hours_now().map(|h| h.schedule()),
        teams: HashMap::new(),
    };
    for team in desk.store.teams().await? {
        let Some(json) = team.hours.as_deref() else {
            continue;
        };
        match read_stored(json) {
            Ok((_, schedule)) => {
                book.teams.insert(team.id, schedule);
            }
            Err(e) => {
                tracing::warn!(team.id = team.id, error = %e, "team hours do not read; the desk's apply");
            }
        }
    }
    Ok(book)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(zone: &str, week: WeekSpec, holidays: &[&str]) -> ScheduleSpec {
        ScheduleSpec {
            time_zone: zone.into(),
            week,
            holidays: holidays.iter().map(|h| (*h).to_owned()).collect(),
        }
    }

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    /// Weekdays 09:00-12:00 and 13:30-18:00, Saturday 10:00-16:00, Sunday off.
    fn office() -> WeekSpec {
        let weekday = strings(&["13:30-18:00", "09:00-12:00"]);
        WeekSpec {
            mon: weekday.clone(),
            tue: weekday.clone(),
            wed: weekday.clone(),
            thu: weekday.clone(),
            fri: weekday,
            sat: strings(&["10:00-16:00"]),
            sun: Vec::new(),
        }
    }

    /// Unix ms of a local time in `zone`.
    fn at(zone: &str, y: i16, mo: i8, d: i8, h: i8, mi: i8) -> Millis {
        jiff::civil::date(y, mo, d)
            .at(h, mi, 0, 0)
            .in_tz(zone)
            .expect("valid")
            .timestamp()
            .as_millisecond()
    }

    fn sh(d: i8, h: i8, mi: i8) -> Millis {
        // December 2026: the 7th is a Monday.
        at("Asia/Shanghai", 2026, 12, d, h, mi)
    }

    #[test]
    fn several_periods_a_day_and_a_day_off() {
        let s = Schedule::from_spec(&spec("Asia/Shanghai", office(), &[])).expect("valid");
        assert!(!s.is_open(sh(7, 8, 59)));
        assert!(s.is_open(sh(7, 9, 0)));
        assert!(!s.is_open(sh(7, 12, 30)), "lunch");
        assert!(s.is_open(sh(7, 13, 30)));
        assert!(!s.is_open(sh(7, 18, 0)));
        assert!(s.is_open(sh(12, 15, 59)), "Saturday");
        assert!(!s.is_open(sh(13, 11, 0)), "Sunday");
        assert_eq!(s.next_open(sh(7, 12, 10)), sh(7, 13, 30));
        assert_eq!(s.next_open(sh(7, 10, 0)), sh(7, 10, 0), "open now");
        assert_eq!(
            s.next_open(sh(12, 17, 0)),
            sh(14, 9, 0),
            "Saturday evening → Monday"
        );
        // Monday: 3 h + 4.5 h.
        assert_eq!(
            s.open_millis_between(sh(7, 0, 0), sh(8, 0, 0)),
            (3 * 60 + 270) * 60_000
        );
    }

    #[test]
    fn holidays_close_the_whole_day() {
        let s =
            Schedule::from_spec(&spec("Asia/Shanghai", office(), &["2026-12-08"])).expect("valid");
        assert!(!s.is_open(sh(8, 10, 0)));
        assert_eq!(s.next_open(sh(7, 19, 0)), sh(9, 9, 0));
        // 5 working minutes from Monday 17:58: 2 tonight, 3 on Wednesday.
        assert_eq!(s.add_open_millis(sh(7, 17, 58), 5 * 60_000), sh(9, 9, 3));
    }

    #[test]
    fn deadlines_are_the_inverse_of_working_time() {
        let s =
            Schedule::from_spec(&spec("Asia/Shanghai", office(), &["2026-12-10"])).expect("valid");
        for from in [sh(7, 3, 0), sh(7, 11, 59), sh(11, 17, 30), sh(13, 12, 0)] {
            for ms in [0, 60_000, 3 * 3_600_000 + 17, 40 * 3_600_000] {
                let due = s.add_open_millis(from, ms);
                assert_eq!(s.open_millis_between(from, due), ms, "from {from} for {ms}");
                assert!(ms == 0 || s.is_open(due - 1), "due inside working time");
            }
        }
    }

    #[test]
    fn a_night_shift_runs_past_midnight() {
        let week = WeekSpec {
            fri: strings(&["21:00-02:00"]),
            ..WeekSpec::default()
        };
        let s = Schedule::from_spec(&spec("+08:00", week, &["2026-12-12"])).expect("valid");
        assert!(s.is_open(sh(11, 23, 0)));
        // Saturday is a holiday, but Friday's shift still ends at 02:00.
        assert!(s.is_open(sh(12, 1, 30)));
        assert!(!s.is_open(sh(12, 2, 0)));
        assert_eq!(s.next_open(sh(12, 3, 0)), sh(18, 21, 0));
    }

    #[test]
    fn summer_time_is_followed_in_a_named_zone() {
        let week = WeekSpec {
            sun: strings(&["09:00-17:00"]),
            ..WeekSpec::default()
        };
        let s = Schedule::from_spec(&spec("Europe/Berlin", week, &[])).expect("valid");
        // 2027-03-28: clocks go forward at 02:00; 09:00 local is 07:00 UTC.
        let nine = at("Europe/Berlin", 2027, 3, 28, 9, 0);
        assert_eq!(nine, at("UTC", 2027, 3, 28, 7, 0));
        assert_eq!(s.next_open(at("UTC", 2027, 3, 27, 12, 0)), nine);
        // A week earlier, winter time: 09:00 local is 08:00 UTC.
        assert_eq!(
            s.next_open(at("UTC", 2027, 3, 20, 12, 0)),
            at("UTC", 2027, 3, 21, 8, 0)
        );
    }

    #[test]
    fn when_the_team_is_back_reads_naturally() {
        let s = Schedule::from_spec(&spec(
            "Asia/Shanghai",
            office(),
            &["2026-12-14", "2026-12-15"],
        ))
        .expect("valid");
        assert_eq!(s.back_at(sh(7, 12, 10), Lang::Zh), "13:30");
        assert_eq!(s.back_at(sh(7, 19, 0), Lang::Zh), "明天 09:00");
        assert_eq!(s.back_at(sh(7, 19, 0), Lang::En), "tomorrow 09:00");
        assert_eq!(s.back_at(sh(12, 17, 0), Lang::Zh), "周三 09:00");
        assert_eq!(s.back_at(sh(12, 17, 0), Lang::En), "Wednesday 09:00");
        let long = Schedule::from_spec(&spec(
            "Asia/Shanghai",
            office(),
            &[
                "2026-12-14",
                "2026-12-15",
                "2026-12-16",
                "2026-12-17",
                "2026-12-18",
                "2026-12-19",
            ],
        ))
        .expect("valid");
        assert_eq!(long.back_at(sh(12, 17, 0), Lang::Zh), "12月21日 09:00");
        assert_eq!(long.back_at(sh(12, 17, 0), Lang::En), "21 Dec 09:00");
    }

    #[test]
    fn bad_schedules_name_the_fix() {
        let cases: [(ScheduleSpec, &str); 6] = [
            (spec("Mars/Olympus", office(), &[]), "time zone"),
            (
                spec(
                    "+08:00",
                    WeekSpec {
                        mon: strings(&["9-18"]),
                        ..WeekSpec::default()
                    },
                    &[],
                ),
                "mon: period",
            ),
            (
                spec(
                    "+08:00",
                    WeekSpec {
                        tue: strings(&["09:00-13:00", "12:00-18:00"]),
                        ..WeekSpec::default()
                    },
                    &[],
                ),
                "overlap",
            ),
            (
                spec(
                    "+08:00",
                    WeekSpec {
                        fri: strings(&["20:00-10:00"]),
                        sat: strings(&["09:00-12:00"]),
                        ..WeekSpec::default()
                    },
                    &[],
                ),
                "runs into sat",
            ),
            (
                spec("+08:00", WeekSpec::default(), &[]),
                "no working period",
            ),
            (spec("+08:00", office(), &["2027-02-30"]), "holiday"),
        ];
        for (spec, wanted) in cases {
            let err = Schedule::from_spec(&spec).expect_err("invalid").to_string();
            assert!(err.contains(wanted), "{err:?} should mention {wanted:?}");
        }
    }

    #[test]
    fn a_team_without_hours_keeps_the_desks() {
        let desk = Schedule::daily(9 * 60, 24 * 60, 8 * 60);
        let team = Schedule::from_spec(&spec("Asia/Shanghai", office(), &[])).expect("valid");
        let book = HoursBook {
            desk: Some(desk.clone()),
            teams: HashMap::from([(7, team.clone())]),
        };
        assert_eq!(book.of(Some(7)), Some(&team));
        assert_eq!(book.of(Some(8)), Some(&desk));
        assert_eq!(book.of(None), Some(&desk));
        assert!(HoursBook::default().of(Some(7)).is_none());
    }
}
