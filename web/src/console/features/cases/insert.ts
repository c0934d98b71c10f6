// "Use this reply": a past case's solution goes into the reply box of the
// open conversation (never sent by itself). The similar-cases panel asks;
// the reply box, wherever it is, listens and fills itself.

import { ref } from 'vue'

export interface ReplyInsert {
  conversationId: number
  text: string
  /** Grows with every request, so the same text twice fills twice. */
  seq: number
}

export const replyInsert = ref<ReplyInsert | null>(null)

export function insertReply(conversationId: number, text: string): void {
  replyInsert.value = { conversationId, text, seq: (replyInsert.value?.seq ?? 0) + 1 }
}

/** The reply box's new text: the inserted text, after what was typed. */
export function filled(current: string, inserted: string): string {
  return current.trim() ? current.replace(/\s+$/, '') + '\n' + inserted : inserted
}
