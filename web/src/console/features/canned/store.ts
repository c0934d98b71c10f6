// Canned replies for the reply box's `/` picker: loaded once per console
// session (and again after the page changes them), filtered in the browser
// as the agent types; inserting asks the server for the filled text, which
// also counts the use.

import { defineStore } from 'pinia'
import { ref } from 'vue'
import { call, http } from '../../api/client'
import type { components } from '../../../api/schema'

export type CannedReply = components['schemas']['CannedReplyView']

/** Most replies the picker shows at once. */
const PICKER_ROWS = 8

export const useCanned = defineStore('canned', () => {
  const items = ref<CannedReply[]>([])
  let loaded: Promise<void> | null = null

  function load(force = false): Promise<void> {
    if (!loaded || force) {
      loaded = call(http.GET('/api/v1/canned-replies')).then(
        (r) => {
          items.value = r.items
        },
        () => {
          loaded = null
        },
      )
    }
    return loaded
  }

  /** Replies whose shortcut starts with `q`, then those that hold it anywhere. */
  function search(q: string): CannedReply[] {
    const needle = q.toLowerCase()
    const first = items.value.filter((r) => r.shortcut.toLowerCase().startsWith(needle))
    const then = items.value.filter(
      (r) =>
        !first.includes(r) &&
        (r.shortcut.toLowerCase().includes(needle) || r.title.toLowerCase().includes(needle) || r.body.toLowerCase().includes(needle)),
    )
    return [...first, ...then].slice(0, PICKER_ROWS)
  }

  /** The reply's text filled for the conversation (the use is counted). */
  async function fill(id: number, conversationId: number): Promise<string> {
    const r = await call(http.POST('/api/v1/canned-replies/{id}/use', { params: { path: { id } }, body: { conversation_id: conversationId } }))
    const i = items.value.findIndex((x) => x.id === id)
    if (i >= 0) items.value[i] = r.reply
    return r.text
  }

  return { items, load, search, fill }
})
