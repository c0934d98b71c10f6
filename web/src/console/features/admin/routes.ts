// Accounts and sessions: admins manage everyone's, the others their own.
// Loaded lazily with the kit's table.
import type { RouteRecordRaw } from 'vue-router'

export const adminRoutes: RouteRecordRaw[] = [
  { path: '/accounts', name: 'users', component: () => import('./components/UsersPage.vue'), meta: { nav: 'usersNav' } },
]
