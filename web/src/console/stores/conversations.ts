// The conversation list: every conversation the desk knows (from REST pages
// and socket frames), the filter (whose, which status), what this agent has
// seen (per user), and the actions on a conversation.

import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { Conversation, ConversationStatus } from '../../api/types'
import { ApiError, call, http } from '../api/client'
import { errorText } from '../api/errors'
import { notifyError } from '../shared/notify'
import { readJson, writeJson } from '../shared/storage'
import { tagsAsked } from '../features/cases/ask'

export type Scope = 'mine' | 'unassigned' | 'all'

const PAGE = 50

function activity(c: Conversation): number {
  return c.last_message_at ?? c.created_at
}

export const useConversations = defineStore('conversations', () => {
  const userId = ref<number | null>(null)
  const scope = ref<Scope>('all')
  const status = ref<ConversationStatus | null>(null)
  const convs = ref(new Map<number, Conversation>())
  const nextCursor = ref<string | null>(null)
  const listLoading = ref(false)
  const listError = ref<string | null>(null)
  /** Highest seq this agent has seen per conversation (for unread dots). */
  const seen = ref<Record<number, number>>({})
  /** The conversation open in the thread (set by the thread store). */
  const openId = ref<number | null>(null)
  /** Conversations changed by frames while a list fetch was running. */
  const touched = new Set<number>()
  let listRequest = 0

  const seenKey = () => 'kadesk.console.seen.' + (userId.value ?? 0)

  function start(id: number): void {
    userId.value = id
    seen.value = readJson<Record<number, number>>(seenKey(), {})
  }

  function reset(): void {
    userId.value = null
    scope.value = 'all'
    status.value = null
    convs.value = new Map()
    nextCursor.value = null
    listLoading.value = false
    listError.value = null
    seen.value = {}
    openId.value = null
    touched.clear()
    listRequest++
  }

  function upsert(c: Conversation): void {
    const old = convs.value.get(c.id)
    if (old && old.updated_at > c.updated_at && old.last_seq >= c.last_seq) return
    convs.value.set(c.id, c)
  }

  function touch(id: number): void {
    touched.add(id)
  }

  function matches(c: Conversation): boolean {
    if (status.value && c.status !== status.value) return false
    if (scope.value === 'mine') return c.assignee_id != null && c.assignee_id === userId.value
    if (scope.value === 'unassigned') return c.assignee_id == null
    return true
  }

  /** The unassigned queue is worked most urgent first; other lists by activity. */
  const listView = computed(() => {
    const byPriority = scope.value === 'unassigned'
    return [...convs.value.values()]
      .filter(matches)
      .sort((a, b) => (byPriority ? b.priority - a.priority : 0) || activity(b) - activity(a) || b.id - a.id)
  })

  function isUnread(c: Conversation): boolean {
    return c.id !== openId.value && c.last_seq > (seen.value[c.id] ?? 0)
  }

  const unreadCount = computed(() => listView.value.filter(isUnread).length)

  function markSeen(convId: number, seq: number): void {
    if (seq > (seen.value[convId] ?? 0)) {
      seen.value[convId] = seq
      writeJson(seenKey(), seen.value)
    }
  }

  function setFilter(nextScope: Scope, nextStatus: ConversationStatus | null): void {
    scope.value = nextScope
    status.value = nextStatus
    void loadList(true)
  }

  async function loadList(fresh: boolean): Promise<void> {
    const req = ++listRequest
    if (fresh) touched.clear()
    listLoading.value = true
    listError.value = null
    try {
      const page = await call(
        http.GET('/api/v1/conversations', {
          params: {
            query: {
              status: status.value ?? undefined,
              assignee: scope.value === 'mine' ? 'me' : scope.value === 'unassigned' ? 'unassigned' : undefined,
              order: scope.value === 'unassigned' ? 'priority' : 'activity',
              limit: PAGE,
              cursor: fresh ? undefined : nextCursor.value ?? undefined,
            },
          },
        }),
      )
      if (req !== listRequest) return
      if (fresh) {
        // Forget what the server no longer lists, except what frames just told us.
        const keep = new Set(page.items.map((c) => c.id))
        for (const id of [...convs.value.keys()]) {
          if (!keep.has(id) && !touched.has(id) && id !== openId.value) convs.value.delete(id)
        }
      }
      for (const c of page.items) upsert(c)
      nextCursor.value = page.next_cursor ?? null
    } catch (e) {
      if (req === listRequest) listError.value = errorText(e)
    } finally {
      if (req === listRequest) listLoading.value = false
    }
  }

  async function fetchOne(id: number): Promise<Conversation | null> {
    try {
      const c = await call(http.GET('/api/v1/conversations/{id}', { params: { path: { id } } }))
      upsert(c)
      return c
    } catch {
      // it comes with the next list refresh
      return null
    }
  }

  /** A contact was renamed: show the new name on its conversations at once. */
  function renameContact(contactId: number, name: string): void {
    for (const c of [...convs.value.values()]) {
      if (c.contact_id === contactId && c.contact_name !== name) convs.value.set(c.id, { ...c, contact_name: name })
    }
  }

  /** Runs an action on conversation `id`; whether it succeeded (a failure is shown). */
  async function act(p: Promise<Conversation>, id?: number): Promise<boolean> {
    try {
      upsert(await p)
      return true
    } catch (e) {
      // The shop wants a problem tag first: the tag box asks for one.
      if (id !== undefined && e instanceof ApiError && e.code === 'tags_required') tagsAsked.value = id
      notifyError(e)
      return false
    }
  }

  const path = (id: number) => ({ params: { path: { id } } })
  const claim = (id: number) => act(call(http.POST('/api/v1/conversations/{id}/claim', path(id))))
  const assign = (id: number, user_id: number | null) =>
    act(call(http.POST('/api/v1/conversations/{id}/assign', { ...path(id), body: { user_id } })))
  const resolve = (id: number) => act(call(http.POST('/api/v1/conversations/{id}/resolve', path(id))), id)
  const reopen = (id: number) => act(call(http.POST('/api/v1/conversations/{id}/reopen', path(id))))
  const handback = (id: number) => act(call(http.POST('/api/v1/conversations/{id}/handback', path(id))))

  return {
    userId,
    scope,
    status,
    convs,
    nextCursor,
    listLoading,
    listError,
    seen,
    openId,
    start,
    reset,
    upsert,
    touch,
    listView,
    isUnread,
    unreadCount,
    markSeen,
    setFilter,
    loadList,
    fetchOne,
    renameContact,
    claim,
    assign,
    resolve,
    reopen,
    handback,
  }
})
