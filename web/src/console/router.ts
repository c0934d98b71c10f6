// The console's pages under /console/ (history mode), gathered from the
// features' route lists. Each route says who may open it (`meta.roles`) and,
// when it belongs in the top bar, its label (`meta.nav`). Before every page
// the session is checked once; a signed-out visitor goes to sign in (and
// back afterwards), a role that may not open a page goes to the desk.

import { createRouter, createWebHistory } from 'vue-router'
import type { Role } from '../api/types'
import { adminRoutes } from './features/admin/routes'
import { authRoutes } from './features/auth/routes'
import { botRoutes } from './features/bot/routes'
import { cannedRoutes } from './features/canned/routes'
import { deskRoutes } from './features/desk/routes'
import { knowledgeRoutes } from './features/knowledge/routes'
import { reportsRoutes } from './features/reports/routes'
import { teamRoutes } from './features/team/routes'
import type { MessageKey } from './shared/i18n'
import { notifyError } from './shared/notify'
import { t } from './shared/i18n'
import { useSession } from './stores/session'

declare module 'vue-router' {
  interface RouteMeta {
    /** Open without signing in. */
    public?: boolean
    /** Who may open the page; absent: every signed-in user. */
    roles?: readonly Role[]
    /** The page's label in the top bar, in the order the routes are listed. */
    nav?: MessageKey
    /** The top bar marks this page's tab (for the desk's conversation routes). */
    navName?: string
  }
}

export const ALL_ROLES: readonly Role[] = ['agent', 'supervisor', 'admin']

export const routes = [...authRoutes, ...deskRoutes, ...teamRoutes, ...cannedRoutes, ...knowledgeRoutes, ...botRoutes, ...reportsRoutes, ...adminRoutes]

export const router = createRouter({
  history: createWebHistory('/console/'),
  routes: [...routes, { path: '/:rest(.*)*', redirect: { name: 'desk' } }],
})

/** Pages the console used to keep in the hash (`/console/#bot`): old bookmarks still work. */
const HASH_PAGES: Record<string, string> = { '#bot': 'bot', '#knowledge': 'knowledge', '#users': 'users' }

router.beforeEach(async (to) => {
  const old = HASH_PAGES[to.hash]
  if (old && to.name === 'desk') return { name: old, replace: true }
  const session = useSession()
  const user = await session.check()
  if (to.meta.public) return user && to.name === 'login' ? { name: 'desk' } : true
  if (!user) return { name: 'login', query: to.fullPath === '/' ? {} : { next: to.fullPath } }
  if (!session.may(to.meta.roles)) {
    notifyError(t('notAllowed'))
    return { name: 'desk' }
  }
  return true
})

/** The pages of the top bar the signed-in user may open. */
export function navPages(may: (roles?: readonly Role[]) => boolean) {
  return routes.filter((r) => r.meta?.nav && may(r.meta.roles)).map((r) => ({ name: String(r.name), label: r.meta!.nav! }))
}
