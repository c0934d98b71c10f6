// Replies the server has not acknowledged yet, kept per signed-in user.
//
// Each agent's pending replies live under their own key
// (`kadesk.console.pending.<user id>`), are loaded only when that agent signs
// in, and are sent only on a socket greeted as that agent: when agent B signs
// in on agent A's browser, A's unacknowledged replies stay A's (they go out
// as A the next time A signs in) and are never sent as B.

import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { Attachment } from '../../api/types'
import { readJson, removeKey, writeJson } from '../shared/storage'

/** A reply waiting for its `ack`. */
export interface Outgoing {
  client_id: string
  conversation_id: number
  text: string
  attachments: Attachment[]
  created_at: number
  /** The error code when the server refused it (shown with retry/discard). */
  failed?: string
}

/** Where an older console kept every agent's pending replies together; never sent again. */
const LEGACY_KEY = 'kadesk.console.pending'

export function outboxKey(userId: number): string {
  return `kadesk.console.pending.${userId}`
}

export const useOutbox = defineStore('outbox', () => {
  /** The user whose replies these are; null while nobody is signed in. */
  const owner = ref<number | null>(null)
  const items = ref<Outgoing[]>([])

  function persist(): void {
    if (owner.value !== null) writeJson(outboxKey(owner.value), items.value)
  }

  /** Loads the pending replies of the user who just signed in. */
  function open(userId: number): void {
    owner.value = userId
    items.value = readJson<Outgoing[]>(outboxKey(userId), []).filter(
      (o) => typeof o?.client_id === 'string' && typeof o.conversation_id === 'number',
    )
    // Nobody can tell whose replies the shared key held: sending them as
    // this user could put words in their mouth, so they are dropped.
    removeKey(LEGACY_KEY)
  }

  /** Forgets them in memory (they stay stored for their owner). */
  function close(): void {
    owner.value = null
    items.value = []
  }

  function add(o: Outgoing): void {
    items.value.push(o)
    persist()
  }

  function find(clientId: string): Outgoing | undefined {
    return items.value.find((x) => x.client_id === clientId)
  }

  /** The server stored it: drop it. */
  function settle(clientId: string | null | undefined): void {
    if (!clientId) return
    const before = items.value.length
    items.value = items.value.filter((x) => x.client_id !== clientId)
    if (items.value.length !== before) persist()
  }

  function fail(clientId: string, code: string): void {
    const o = find(clientId)
    if (!o) return
    o.failed = code
    persist()
  }

  function clearFailure(clientId: string): Outgoing | undefined {
    const o = find(clientId)
    if (!o) return undefined
    delete o.failed
    persist()
    return o
  }

  function discard(clientId: string): void {
    items.value = items.value.filter((x) => x.client_id !== clientId)
    persist()
  }

  const byConversation = computed(() => {
    const out = new Map<number, Outgoing[]>()
    for (const o of items.value) {
      const list = out.get(o.conversation_id)
      if (list) list.push(o)
      else out.set(o.conversation_id, [o])
    }
    return out
  })

  return { owner, items, open, close, add, find, settle, fail, clearFailure, discard, byConversation }
})
