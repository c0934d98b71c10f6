// The open conversation's thread: stored messages in seq order (de-duplicated
// by id), the screenshot readings, and older pages. Answers for a thread that
// is no longer open are discarded.

import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ImageAnalysis, Message } from '../../api/types'
import { call, http } from '../api/client'
import { errorText } from '../api/errors'
import { notifyError } from '../shared/notify'
import { useConversations } from './conversations'

export interface Thread {
  convId: number
  /** Stored messages, ascending by seq, de-duplicated by id. */
  messages: Message[]
  loading: boolean
  loadingOlder: boolean
  error: string | null
  /** Screenshot readings by the id of the message carrying the picture. */
  analyses: Record<number, ImageAnalysis>
}

const PAGE = 50

export function lastSeq(th: Thread): number {
  return th.messages.length ? th.messages[th.messages.length - 1]!.seq : 0
}

export function hasOlder(th: Thread): boolean {
  const first = th.messages[0]
  return !!first && first.seq > 1
}

function insert(th: Thread, m: Message): void {
  const list = th.messages
  const at = list.findIndex((x) => x.id === m.id)
  if (at >= 0) {
    list[at] = m
    return
  }
  let i = list.length
  while (i > 0 && list[i - 1]!.seq > m.seq) i--
  list.splice(i, 0, m)
}

export const useThread = defineStore('thread', () => {
  const thread = ref<Thread | null>(null)
  /** Asks the socket to close the gap after `after` (set by the live store). */
  let requestSync: (convId: number, after: number) => void = () => {}

  function onSync(fn: (convId: number, after: number) => void): void {
    requestSync = fn
  }

  const messagesBefore = (id: number, before: number) =>
    call(http.GET('/api/v1/conversations/{id}/messages', { params: { path: { id }, query: { before, limit: PAGE } } }))

  async function open(id: number): Promise<void> {
    const list = useConversations()
    if (list.openId === id && thread.value) return
    list.openId = id
    const th: Thread = { convId: id, messages: [], loading: true, loadingOlder: false, error: null, analyses: {} }
    thread.value = th
    void loadAnalyses(id)
    try {
      const conv = await call(http.GET('/api/v1/conversations/{id}', { params: { path: { id } } }))
      list.upsert(conv)
      const page = conv.last_seq > 0 ? await messagesBefore(id, conv.last_seq + 1) : { items: [] }
      const live = thread.value
      if (live?.convId !== id) return
      for (const m of page.items) insert(live, m)
      live.loading = false
      list.markSeen(id, Math.max(lastSeq(live), conv.last_seq))
      // Close the gap between the REST page and the socket.
      requestSync(id, lastSeq(live))
    } catch (e) {
      if (thread.value?.convId === id) {
        thread.value.loading = false
        thread.value.error = errorText(e)
      }
    }
  }

  /** The screenshot readings of a conversation, loaded with its history. */
  async function loadAnalyses(id: number): Promise<void> {
    try {
      const answer = await call(http.GET('/api/v1/conversations/{id}/analyses', { params: { path: { id } } }))
      const th = thread.value
      if (th?.convId !== id) return
      for (const a of answer.items) th.analyses[a.message_id] = a
    } catch {
      // pictures still show; their readings come with the next analysis frame
    }
  }

  function close(): void {
    useConversations().openId = null
    thread.value = null
  }

  async function loadOlder(): Promise<void> {
    const th = thread.value
    const first = th?.messages[0]
    if (!th || !first || th.loadingOlder) return
    th.loadingOlder = true
    try {
      const page = await messagesBefore(th.convId, first.seq)
      if (thread.value === th) for (const m of page.items) insert(th, m)
    } catch (e) {
      notifyError(e)
    } finally {
      th.loadingOlder = false
    }
  }

  /** A live message: into the open thread when it belongs there. */
  function receive(m: Message): void {
    const th = thread.value
    if (!th || th.convId !== m.conversation_id || th.loading) return
    const max = lastSeq(th)
    insert(th, m)
    if (m.seq > max + 1 && max > 0) requestSync(th.convId, max)
    useConversations().markSeen(th.convId, m.seq)
  }

  function receiveAnalysis(a: ImageAnalysis): void {
    const th = thread.value
    if (th && th.convId === a.conversation_id) th.analyses[a.message_id] = a
  }

  function reset(): void {
    thread.value = null
  }

  return { thread, onSync, open, close, loadOlder, receive, receiveAnalysis, reset }
})
