// When what the buyer showed changes: a new buyer message (text or
// picture) or a finished screenshot reading in the open thread. The
// similar-cases panel and the proposed tags look again then, a moment
// later (several frames often arrive together).

import { computed, onBeforeUnmount, watch, type Ref } from 'vue'
import { useThread } from '../../stores/thread'

/** Wait this long after the last change before asking the server again. */
const SETTLE_MS = 400

/** Calls `load(id)` now and whenever the buyer's side of conversation `id` changes. */
export function useBuyerChanges(conversationId: Ref<number>, load: (id: number) => void): void {
  const store = useThread()
  const key = computed(() => {
    const th = store.thread
    if (!th || th.convId !== conversationId.value || th.loading) return ''
    const buyer = th.messages.filter((m) => m.sender === 'buyer').length
    const read = Object.values(th.analyses).filter((a) => a.status === 'done').length
    return `${th.convId}:${buyer}:${read}`
  })
  let timer: ReturnType<typeof setTimeout> | null = null
  watch(
    conversationId,
    (id) => {
      if (timer) clearTimeout(timer)
      timer = null
      load(id)
    },
    { immediate: true },
  )
  watch(key, (now, before) => {
    if (!now || !before || now.split(':')[0] !== before.split(':')[0]) return
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => {
      timer = null
      load(conversationId.value)
    }, SETTLE_MS)
  })
  onBeforeUnmount(() => {
    if (timer) clearTimeout(timer)
  })
}
