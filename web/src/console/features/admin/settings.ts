// The checks of the run-time settings pages, the same as the server's
// (`kadesk_desk::settings`), so a bad value is named under its field in the
// reader's language before anything is sent. A refusal the server still
// makes names the field too (`privacy_url: …`): `badField` gives its text.

import type { MessageKey } from '../../shared/i18n'

export type WidgetField = 'color' | 'title' | 'offset_bottom' | 'offset_side' | 'privacy_url'
export type GeneralField = 'hours' | 'utc_offset'

const MESSAGES: Record<WidgetField | GeneralField, MessageKey> = {
  color: 'badColor',
  title: 'badTitle',
  offset_bottom: 'badOffset',
  offset_side: 'badOffset',
  privacy_url: 'badPrivacyUrl',
  hours: 'badHours',
  utc_offset: 'badUtcOffset',
}

/** The message key for a field the server named, if it is one of ours. */
export function badField(field: string): MessageKey | null {
  return (MESSAGES as Record<string, MessageKey>)[field] ?? null
}

interface WidgetForm {
  color?: string | null
  title?: string | null
  offset_bottom?: number | null
  offset_side?: number | null
  privacy_url?: string | null
}

/** The bad fields of a widget form, each with its message key. */
export function checkWidget(w: WidgetForm): Partial<Record<WidgetField, MessageKey>> {
  const out: Partial<Record<WidgetField, MessageKey>> = {}
  if (w.color && !/^#[0-9a-fA-F]{6}$/.test(w.color)) out.color = MESSAGES.color
  if (w.title && ([...w.title].length > 40 || [...w.title].some((c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127))) out.title = MESSAGES.title
  for (const f of ['offset_bottom', 'offset_side'] as const) {
    const v = w[f]
    if (v != null && !(Number.isInteger(v) && v >= 0 && v <= 400)) out[f] = MESSAGES[f]
  }
  const url = w.privacy_url
  if (url && ([...url].length > 500 || !/^https?:\/\/[^\s/?#]+[^\s]*$/i.test(url))) out.privacy_url = MESSAGES.privacy_url
  return out
}

const HHMM = '(?:[01]\\d|2[0-4]):[0-5]\\d'

/** The bad fields of the general settings form. */
export function checkGeneral(g: { hours: string; utc_offset: string }): Partial<Record<GeneralField, MessageKey>> {
  const out: Partial<Record<GeneralField, MessageKey>> = {}
  const hours = g.hours.trim()
  if (hours && !new RegExp(`^${HHMM}-${HHMM}$`).test(hours)) out.hours = MESSAGES.hours
  if (!/^[+-](?:0\d|1[0-4]):[0-5]\d$/.test(g.utc_offset.trim())) out.utc_offset = MESSAGES.utc_offset
  return out
}
