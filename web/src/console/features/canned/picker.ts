// The `/` picker of the reply box: a `/word` right before the caret (at the
// start of the box or after a space) opens a list of matching canned
// replies; ↑/↓ choose, Enter or Tab inserts the filled text in place of
// `/word`, Esc closes. The reply box hands its keys here first.

import { computed, ref, type Ref } from 'vue'
import { errorText } from '../../api/errors'
import { t } from '../../shared/i18n'
import { useCanned, type CannedReply } from './store'

/** A `/word` ending at `caret`: where it starts and the word. */
function slashWord(text: string, caret: number): { start: number; q: string } | null {
  const m = /(^|\s)\/([^\s/]*)$/.exec(text.slice(0, caret))
  if (!m) return null
  return { start: caret - (m[2] ?? '').length - 1, q: m[2] ?? '' }
}

export function useCannedPicker(
  text: Ref<string>,
  box: Ref<HTMLTextAreaElement | null>,
  conversationId: () => number,
  changed: () => void,
  say: (msg: string | null) => void,
) {
  const canned = useCanned()
  const word = ref<{ start: number; q: string } | null>(null)
  const active = ref(0)
  const closed = ref(false)
  const items = computed<CannedReply[]>(() => (word.value ? canned.search(word.value.q) : []))
  const open = computed(() => word.value !== null && !closed.value)

  /** Reads the `/word` before the caret after each input. */
  function update(): void {
    const el = box.value
    const found = el ? slashWord(text.value, el.selectionStart ?? text.value.length) : null
    if (found && (!word.value || found.q !== word.value.q)) {
      active.value = 0
      closed.value = false
      void canned.load()
    }
    word.value = found
  }

  async function pick(i: number): Promise<void> {
    const reply = items.value[i]
    const w = word.value
    if (!reply || !w) return
    word.value = null
    try {
      const filled = await canned.fill(reply.id, conversationId())
      const end = w.start + 1 + w.q.length
      const current = text.value
      // The box may have changed while the server answered: replace the
      // `/word` only if it is still there.
      const still = current.slice(w.start, end) === '/' + w.q
      text.value = still ? current.slice(0, w.start) + filled + current.slice(end) : current + filled
      changed()
      word.value = null
      const caret = (still ? w.start : current.length) + filled.length
      requestAnimationFrame(() => {
        box.value?.focus()
        box.value?.setSelectionRange(caret, caret)
      })
    } catch (e) {
      say(t('cannedInsertFailed', { msg: errorText(e) }))
    }
  }

  /** Handles a key while the list is open; true when it was the picker's. */
  function onKeydown(e: KeyboardEvent): boolean {
    if (!open.value || e.isComposing) return false
    const n = items.value.length
    if (e.key === 'Escape') {
      closed.value = true
    } else if (e.key === 'ArrowDown' && n) {
      active.value = (active.value + 1) % n
    } else if (e.key === 'ArrowUp' && n) {
      active.value = (active.value - 1 + n) % n
    } else if ((e.key === 'Enter' || e.key === 'Tab') && n && !e.shiftKey) {
      void pick(active.value)
    } else {
      return false
    }
    e.preventDefault()
    return true
  }

  return { open, items, active, update, pick, onKeydown }
}
