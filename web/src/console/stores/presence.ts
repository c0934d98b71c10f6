// The team: colleagues, who of them is online, and who is typing where.

import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { User } from '../../api/types'
import { call, http } from '../api/client'

export interface Typing {
  sender: 'buyer' | 'agent'
  name: string | null
}

/** A typing notice disappears after this long without a new one. */
const TYPING_MS = 6000

export const usePresence = defineStore('presence', () => {
  const users = ref<User[]>([])
  const online = ref(new Set<number>())
  const typing = ref<Record<number, Typing>>({})
  const timers = new Map<number, ReturnType<typeof setTimeout>>()

  async function loadUsers(): Promise<void> {
    try {
      const r = await call(http.GET('/api/v1/users'))
      users.value = r.items
      online.value = new Set(r.online)
    } catch {
      // the desk still works without colleagues
    }
  }

  function setOnline(ids: number[]): void {
    online.value = new Set(ids)
  }

  function presence(userId: number, on: boolean): void {
    if (on) online.value.add(userId)
    else online.value.delete(userId)
    if (!users.value.some((u) => u.id === userId)) void loadUsers()
  }

  function setTyping(convId: number, who: Typing | null): void {
    const old = timers.get(convId)
    if (old) clearTimeout(old)
    timers.delete(convId)
    if (who) {
      typing.value[convId] = who
      timers.set(
        convId,
        setTimeout(() => setTyping(convId, null), TYPING_MS),
      )
    } else {
      delete typing.value[convId]
    }
  }

  function reset(): void {
    for (const t of timers.values()) clearTimeout(t)
    timers.clear()
    users.value = []
    online.value = new Set()
    typing.value = {}
  }

  return { users, online, typing, loadUsers, setOnline, presence, setTyping, reset }
})
