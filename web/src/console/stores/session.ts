// Who is signed in. Signing in starts the live desk (socket, list, this
// user's outbox); signing out or a lost session stops it and resets every
// store, so nothing of one agent stays for the next.

import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { Role, User } from '../../api/types'
import { call, http } from '../api/client'

export const useSession = defineStore('session', () => {
  const me = ref<User | null>(null)
  /** Whether the server was asked who is signed in (once per page load). */
  const checked = ref(false)
  const role = computed<Role | null>(() => me.value?.role ?? null)

  /** Asks the server once; answers the user or null. */
  async function check(): Promise<User | null> {
    if (checked.value) return me.value
    try {
      me.value = await call(http.GET('/api/v1/auth/me'), { quiet401: true })
    } catch {
      me.value = null
    }
    checked.value = true
    return me.value
  }

  async function login(username: string, password: string): Promise<User> {
    const answer = await call(http.POST('/api/v1/auth/login', { body: { username, password } }), { quiet401: true })
    me.value = answer.user
    checked.value = true
    return answer.user
  }

  async function logout(): Promise<void> {
    try {
      await call(http.POST('/api/v1/auth/logout'), { quiet401: true })
    } catch {
      // the session is gone either way
    }
    me.value = null
  }

  function forget(): void {
    me.value = null
  }

  /** Whether the signed-in user has one of `roles`. */
  function may(roles: readonly Role[] | undefined): boolean {
    return !roles || (role.value !== null && roles.includes(role.value))
  }

  return { me, checked, role, check, login, logout, forget, may }
})
