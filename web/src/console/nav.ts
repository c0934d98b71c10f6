// The console's pages and who may open them. The top bar lists the pages the
// signed-in role may see; the page is kept in the URL hash (#bot, #knowledge, #users) so a reload
// stays on it. Add a page here and a branch in DeskPage.vue.

import { reactive } from 'vue'
import type { Role } from '../api'
import type { MessageKey } from './i18n'

export type Page = 'desk' | 'bot' | 'knowledge' | 'users'

export interface NavItem {
  page: Page
  label: MessageKey
  roles: readonly Role[]
}

export const NAV: readonly NavItem[] = [
  { page: 'desk', label: 'nav_desk', roles: ['agent', 'supervisor', 'admin'] },
  { page: 'bot', label: 'nav_bot', roles: ['supervisor', 'admin'] },
  { page: 'knowledge', label: 'kbNav', roles: ['agent', 'supervisor', 'admin'] },
  // Admins manage everyone's account and sessions; the others their own sessions.
  { page: 'users', label: 'usersNav', roles: ['agent', 'supervisor', 'admin'] },
]

function fromHash(): Page {
  const h = location.hash.replace(/^#/, '')
  return NAV.some((n) => n.page === h) ? (h as Page) : 'desk'
}

export const nav = reactive({ page: fromHash() })

/** The pages `role` may open. */
export function pagesFor(role: Role | undefined): NavItem[] {
  return NAV.filter((n) => role !== undefined && n.roles.includes(role))
}

export function go(page: Page): void {
  nav.page = page
  history.replaceState(null, '', page === 'desk' ? location.pathname + location.search : '#' + page)
}

window.addEventListener('hashchange', () => {
  nav.page = fromHash()
})
