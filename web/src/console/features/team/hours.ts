// A team's working hours as the form edits them, and back as the API's
// `ScheduleSpec` (`{time_zone, week: {mon: ["09:00-12:00"], …}, holidays}`).
// The form keeps each period as two times; the server checks the whole
// schedule (overlaps, zone, dates) and its message is shown as it is.

import type { components } from '../../../api/schema'

export type ScheduleSpec = components['schemas']['ScheduleSpec']
export type Weekday = keyof ScheduleSpec['week']

/** Monday first. */
export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']
export const WORKDAYS: readonly Weekday[] = ['tue', 'wed', 'thu', 'fri']

/** Time zones offered first (any IANA name or offset may be typed). */
export const TIME_ZONES: readonly string[] = [
  'Asia/Shanghai',
  'Asia/Hong_Kong',
  'Asia/Taipei',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Europe/London',
  'Europe/Berlin',
  'America/New_York',
  'America/Los_Angeles',
  'UTC',
]

export interface PeriodDraft {
  from: string
  to: string
}

export interface HoursDraft {
  /** false: the desk's hours apply (`hours: null`). */
  own: boolean
  timeZone: string
  week: Record<Weekday, PeriodDraft[]>
  holidays: string[]
}

function emptyWeek(): Record<Weekday, PeriodDraft[]> {
  return { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] }
}

/** `09:00-18:00` as two times (a text that does not split stays whole in `from`). */
function periodDraft(text: string): PeriodDraft {
  const [from = '', to = ''] = text.split('-', 2)
  return { from: from.trim(), to: to.trim() }
}

/** The form for a team's hours (`null`: the desk's, with a Monday–Friday start to edit from). */
export function hoursDraft(spec: ScheduleSpec | null | undefined): HoursDraft {
  if (!spec) {
    const week = emptyWeek()
    for (const day of ['mon', ...WORKDAYS] as Weekday[]) week[day] = [{ from: '09:00', to: '18:00' }]
    return { own: false, timeZone: 'Asia/Shanghai', week, holidays: [] }
  }
  const week = emptyWeek()
  for (const day of WEEKDAYS) week[day] = (spec.week[day] ?? []).map(periodDraft)
  return { own: true, timeZone: spec.time_zone, week, holidays: [...(spec.holidays ?? [])] }
}

/** What the API takes: `null` for the desk's hours, else the schedule as written. */
export function hoursSpec(draft: HoursDraft): ScheduleSpec | null {
  if (!draft.own) return null
  const week = {} as ScheduleSpec['week']
  for (const day of WEEKDAYS) week[day] = draft.week[day].map((p) => `${p.from}-${p.to}`)
  return { time_zone: draft.timeZone.trim(), week, holidays: [...draft.holidays].sort() }
}

/** Whether a period runs past midnight (its end is before its start). */
export function pastMidnight(p: PeriodDraft): boolean {
  return p.from !== '' && p.to !== '' && p.to < p.from
}
