// What an agent reads when a call fails: the server's stable `error.code` in
// the agent's language, never the server's English message inside Chinese
// text. A refused value names its field (the server quotes it in backticks),
// and in English the server's own explanation follows.

import { locale, t, tDynamic } from '../shared/i18n'
import { ApiError } from './client'

/** The field a validation message names: `title` in "`title` must not be empty" or "title: must not be empty". */
export function fieldOf(message: string): string | null {
  const quoted = /`([A-Za-z_][A-Za-z0-9_.]*)`/.exec(message)
  if (quoted?.[1]) return quoted[1]
  const lead = /^([a-z_][a-z0-9_]*)(?::| (?:is|must|may|should|cannot|has|not)\b)/.exec(message)
  return lead?.[1] ?? null
}

/** A failure found in the browser, its message already in the agent's language. */
export class Refusal extends Error {}

/** The text to show for a failure of any kind. */
export function errorText(e: unknown): string {
  if (e instanceof Refusal) return e.message
  if (!(e instanceof ApiError)) return t('err_internal')
  if (e.code === 'network') return t('err_network')
  if (e.code === 'http') return t('err_http', { status: e.status })
  const field = e.code === 'validation' || e.code === 'bad_request' ? fieldOf(e.message) : null
  const text = field ? t('err_validation_field', { field }) : tDynamic('err_' + e.code, t('err_http', { status: e.status }))
  // English readers also get the server's explanation (it is written in English).
  return locale.value === 'en' && e.message ? `${text}: ${e.message}` : text
}
