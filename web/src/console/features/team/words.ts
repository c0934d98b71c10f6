// What a routing rule's values are called, and a rule read out as a
// sentence ("意图为 付款问题 且 VIP → 售后，优先级 紧急"). The lists of
// channels, handoff reasons and priorities are checked against the API's
// types (a new value fails to compile here); intents are the ones the
// console has a name for, plus whatever custom intents rules already use.

import type { Channel, HandoffReason, Priority } from '../../../api/types'
import type { components } from '../../../api/schema'
import { zh as botStrings } from '../bot/locale'
import { locale, t, tDynamic, type MessageKey } from '../../shared/i18n'
import { channelName } from '../../shared/names'

export type Rule = components['schemas']['Rule']
export type Conditions = components['schemas']['Conditions']

const CHANNEL_SET: Record<Channel, true> = { web: true, telegram: true, wechat: true, whatsapp: true, email: true }
const REASON_SET: Record<HandoffReason, true> = {
  human_request: true,
  negative_sentiment: true,
  repeated_fallback: true,
  repeated_intent: true,
  sensitive_intent: true,
  vip: true,
  paid_not_delivered: true,
  after_hours: true,
  verification_failed: true,
  order_problem: true,
  unresolved: true,
}

export const CHANNELS = Object.keys(CHANNEL_SET) as Channel[]
export const REASONS = Object.keys(REASON_SET) as HandoffReason[]
/** Most urgent first. */
export const PRIORITIES: readonly Priority[] = ['urgent', 'high', 'normal']
/** The built-in intents (those with a name), `fallback` left out: it is not a reason to route. */
export const INTENTS: readonly string[] = Object.keys(botStrings)
  .filter((k) => k.startsWith('intent_') && k !== 'intent_fallback')
  .map((k) => k.slice('intent_'.length))
/** Language tags offered for rules (any other tag may be typed). */
export const LANGUAGES: readonly string[] = ['zh', 'en', 'ja', 'ko', 'ru', 'vi', 'th', 'id', 'ms', 'es', 'pt', 'fr', 'de', 'ar']

export function intentName(intent: string): string {
  return tDynamic('intent_' + intent, intent)
}

export function reasonName(reason: string): string {
  return tDynamic('reason_' + reason, reason)
}

export function priorityName(priority: Priority): string {
  return t(('priority_' + priority) as MessageKey)
}

export { channelName }

const languageNames = new Map<string, Intl.DisplayNames | null>()
/** A language tag by its name in the console's language (英语 for `en`); the tag when unknown. */
export function languageName(tag: string): string {
  let names = languageNames.get(locale.value)
  if (names === undefined) {
    try {
      names = new Intl.DisplayNames([locale.value], { type: 'language' })
    } catch {
      names = null
    }
    languageNames.set(locale.value, names)
  }
  try {
    const name = names?.of(tag)
    return name && name !== tag ? name : tag
  } catch {
    return tag
  }
}

function list(values: readonly string[], name: (v: string) => string): string {
  return values.map(name).join(t('tmOr'))
}

/** The conditions of a rule as a phrase, in the console's language. */
export function conditionsText(when: Conditions | undefined): string {
  const w = when ?? {}
  const parts: string[] = []
  if (w.intents?.length) parts.push(t('sumIntents', { list: list(w.intents, intentName) }))
  if (w.products?.length) parts.push(t('sumProducts', { list: list(w.products, (p) => `“${p}”`) }))
  if (w.languages?.length) parts.push(t('sumLanguages', { list: list(w.languages, languageName) }))
  if (w.channels?.length) parts.push(t('sumChannels', { list: list(w.channels, channelName) }))
  if (w.reasons?.length) parts.push(t('sumReasons', { list: list(w.reasons, reasonName) }))
  if (w.priorities?.length) parts.push(t('sumPriorities', { list: list(w.priorities, (p) => priorityName(p as Priority)) }))
  if (w.vip === true) parts.push(t('sumVip'))
  if (w.vip === false) parts.push(t('sumNotVip'))
  if (w.tags?.length) parts.push(t('sumTags', { list: list(w.tags, (tag) => `“${tag}”`) }))
  return parts.length ? parts.join(t('tmAnd')) : t('sumAll')
}

/** A whole rule as a sentence: conditions → team, then the priority and skills it sets. */
export function ruleSummary(rule: Rule, teamName: (id: number) => string | undefined): string {
  const team = rule.team_id == null ? t('tmAnyAgent') : teamName(rule.team_id) ?? t('sumUnknownTeam')
  let text = t('sumTo', { when: conditionsText(rule.when), team })
  if (rule.set_priority) text += t('sumPriority', { priority: priorityName(rule.set_priority) })
  if (rule.skills?.length) text += t('sumSkills', { list: rule.skills.join(locale.value === 'en' ? ', ' : '、') })
  return text
}
