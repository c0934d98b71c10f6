// One naming scheme for buyers who gave no name: the server names them
// "访客 3F2A" or "Visitor 3F2A" (by the buyer's language); agents read one
// form in their own language. Names people gave stay as they are.
import { t, tDynamic } from './i18n'

const GENERATED = /^(?:访客|Visitor) ([0-9A-Za-z]{4,8})$/

/** A contact's name as the agent reads it. */
export function buyerName(name: string): string {
  const m = GENERATED.exec(name.trim())
  return m?.[1] ? t('visitorName', { code: m[1].toUpperCase() }) : name
}

/** A channel (`web`) by its name: 网页, Telegram … */
export function channelName(channel: string): string {
  return tDynamic('channel_' + channel, channel)
}
