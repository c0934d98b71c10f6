// Internal notes of the conversations the agent opened: loaded with the
// thread, added live from the socket's `note` frames, and a toast when a
// colleague's note mentions the signed-in agent. Notes never go through the
// reply path: they are posted to their own endpoint.

import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { Note } from '../../../api/types'
import { call, http } from '../../api/client'
import { t } from '../../shared/i18n'
import { notifyInfo } from '../../shared/notify'
import { useSession } from '../../stores/session'

/** The length of a note quoted in the mention toast. */
const QUOTE = 60

export const useNotes = defineStore('notes', () => {
  const byConversation = ref<Record<number, Note[]>>({})
  const session = useSession()

  async function load(conversationId: number): Promise<void> {
    const r = await call(http.GET('/api/v1/conversations/{id}/notes', { params: { path: { id: conversationId } } }))
    byConversation.value[conversationId] = r.items
  }

  function receive(note: Note): void {
    const list = byConversation.value[note.conversation_id]
    if (list && !list.some((n) => n.id === note.id)) list.push(note)
    const me = session.me?.id
    if (me !== undefined && note.author_id !== me && note.mentions.includes(me)) {
      const text = [...note.text].length > QUOTE ? [...note.text].slice(0, QUOTE).join('') + '…' : note.text
      notifyInfo(t('noteMentioned', { name: note.author_name, text }))
    }
  }

  async function add(conversationId: number, text: string): Promise<void> {
    const note = await call(http.POST('/api/v1/conversations/{id}/notes', { params: { path: { id: conversationId } }, body: { text } }))
    receive(note)
  }

  function reset(): void {
    byConversation.value = {}
  }

  return { byConversation, load, receive, add, reset }
})
