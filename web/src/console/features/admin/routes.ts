// Accounts and sessions: admins manage everyone's, the others their own.
// The widget's install line with a live preview, and the audit log: admins.
// Loaded lazily with the kit's table.
import type { RouteRecordRaw } from 'vue-router'

export const adminRoutes: RouteRecordRaw[] = [
  { path: '/accounts', name: 'users', component: () => import('./components/UsersPage.vue'), meta: { nav: 'usersNav' } },
  {
    path: '/widget',
    name: 'widget',
    component: () => import('./components/WidgetPage.vue'),
    meta: { nav: 'widgetNav', roles: ['admin'] },
  },
  {
    path: '/audit',
    name: 'audit',
    component: () => import('./components/AuditPage.vue'),
    meta: { nav: 'auditNav', roles: ['admin'] },
  },
]
