// The desk's keyboard shortcuts, for agents on a busy shift:
// - Alt+↓ / Alt+↑: the next / previous conversation of the list;
// - Alt+R: resolve the open conversation;
// - Alt+/: the reply box with the canned-reply picker open (`/`).
// Keys are matched by their place on the keyboard (`e.code`), so they work
// with any layout and with a Chinese input method switched on.

import { useEventListener } from '@vueuse/core'
import { useRouter } from 'vue-router'
import { useConversations } from '../../stores/conversations'

export const SHORTCUTS = [
  { keys: 'Alt+↓', label: 'shortcutNext' },
  { keys: 'Alt+↑', label: 'shortcutPrevious' },
  { keys: 'Alt+R', label: 'shortcutResolve' },
  { keys: 'Alt+/', label: 'shortcutCanned' },
] as const

export function useDeskShortcuts(): void {
  const list = useConversations()
  const router = useRouter()

  function step(by: 1 | -1): void {
    const ids = list.listView.map((c) => c.id)
    if (!ids.length) return
    const at = list.openId === null ? -1 : ids.indexOf(list.openId)
    const next = at === -1 ? ids[by === 1 ? 0 : ids.length - 1] : ids[at + by]
    if (next !== undefined) void router.push({ name: 'conversation', params: { id: next } })
  }

  function canned(): void {
    const box = document.querySelector<HTMLTextAreaElement>('.reply-box textarea')
    if (!box || box.disabled) return
    box.focus()
    const at = box.selectionStart ?? box.value.length
    const before = box.value.slice(0, at)
    const slash = before === '' || /\s$/.test(before) ? '/' : ' /'
    box.setRangeText(slash, at, box.selectionEnd ?? at, 'end')
    box.dispatchEvent(new Event('input', { bubbles: true }))
  }

  useEventListener(window, 'keydown', (e: KeyboardEvent) => {
    if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return
    switch (e.code) {
      case 'ArrowDown':
        step(1)
        break
      case 'ArrowUp':
        step(-1)
        break
      case 'KeyR': {
        const open = list.openId === null ? undefined : list.convs.get(list.openId)
        if (!open || open.status === 'resolved' || open.status === 'closed') return
        void list.resolve(open.id)
        break
      }
      case 'Slash':
        canned()
        break
      default:
        return
    }
    e.preventDefault()
  })
}
