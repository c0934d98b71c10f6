// Response-time promises of the open conversations: loaded from
// `GET /api/v1/sla`, reloaded when a conversation changes (coalesced) and
// every half minute, and a one-second `now` (in the server's time) for the
// countdowns. A `sla_breach` frame reloads them and alerts supervisors and
// the agent whose conversation it is.

import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { SlaView } from '../../../api/types'
import { call, http } from '../../api/client'
import { t, tDynamic } from '../../shared/i18n'
import { notifyWarning } from '../../shared/notify'
import { useSession } from '../../stores/session'

/** Reload this often without being asked. */
const RELOAD_MS = 30_000
/** Conversation changes within this long reload once. */
const COALESCE_MS = 1_000

export interface SlaBreachFrame {
  type: 'sla_breach'
  conversation_id: number
  target: 'first_response' | 'resolution'
  priority: number
  requeued: boolean
}

export const useSla = defineStore('sla', () => {
  const byConversation = ref<Record<number, SlaView>>({})
  /** Now in the server's clock, moved every second while running. */
  const now = ref(Date.now())
  /** The server's clock minus this browser's. */
  let skew = 0
  let ticker: ReturnType<typeof setInterval> | null = null
  let reloader: ReturnType<typeof setInterval> | null = null
  let pending: ReturnType<typeof setTimeout> | null = null
  const session = useSession()

  async function load(): Promise<void> {
    try {
      const r = await call(http.GET('/api/v1/sla'), { quiet401: true })
      skew = r.now - Date.now()
      now.value = r.now
      const next: Record<number, SlaView> = {}
      for (const item of r.items) next[item.conversation_id] = item
      byConversation.value = next
    } catch {
      // The countdowns keep their last state; the next reload tries again.
    }
  }

  /** A conversation changed: reload soon, once for a burst of changes. */
  function changed(): void {
    if (pending || !ticker) return
    pending = setTimeout(() => {
      pending = null
      void load()
    }, COALESCE_MS)
  }

  function breach(f: SlaBreachFrame, assigneeId: number | null): void {
    const me = session.me
    if (me && (me.role !== 'agent' || assigneeId === me.id)) {
      const level = Math.min(2, Math.max(0, f.priority))
      const priority = tDynamic(`slaLevel_${level}`, String(level))
      const text = tDynamic(`slaBreach_${f.target}`, f.target, { id: f.conversation_id, priority })
      notifyWarning(f.requeued ? text + t('slaRequeued') : text)
    }
    void load()
  }

  function start(): void {
    if (ticker) return
    ticker = setInterval(() => (now.value = Date.now() + skew), 1000)
    reloader = setInterval(() => void load(), RELOAD_MS)
    void load()
  }

  function reset(): void {
    if (ticker) clearInterval(ticker)
    if (reloader) clearInterval(reloader)
    if (pending) clearTimeout(pending)
    ticker = reloader = pending = null
    byConversation.value = {}
  }

  return { byConversation, now, load, changed, breach, start, reset }
})
