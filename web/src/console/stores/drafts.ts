// Unsent replies, one per conversation and per signed-in user, kept in
// localStorage so switching conversations or reloading the page loses
// nothing. A draft is dropped when it is sent or emptied; drafts older than
// a week are forgotten on load.

import { readJson, removeKey, writeJson } from '../shared/storage'

/** A week, in ms. */
const KEEP_MS = 7 * 24 * 3600 * 1000

type Drafts = Record<string, { text: string; at: number }>

function key(userId: number | null | undefined): string {
  return 'kadesk.console.drafts.' + (userId ?? 'anon')
}

function load(userId: number | null | undefined): Drafts {
  const all = readJson<Drafts>(key(userId), {})
  const now = Date.now()
  for (const [id, d] of Object.entries(all)) {
    if (!d || typeof d.text !== 'string' || now - d.at > KEEP_MS) delete all[id]
  }
  return all
}

/** The draft of `conversationId`, or ''. */
export function readDraft(userId: number | null | undefined, conversationId: number): string {
  return load(userId)[String(conversationId)]?.text ?? ''
}

/** Keeps `text` as the draft of `conversationId` (empty text drops it). */
export function writeDraft(userId: number | null | undefined, conversationId: number, text: string): void {
  const all = load(userId)
  if (text.trim()) all[String(conversationId)] = { text, at: Date.now() }
  else delete all[String(conversationId)]
  if (Object.keys(all).length) writeJson(key(userId), all)
  else removeKey(key(userId))
}
