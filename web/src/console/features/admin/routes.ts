// Accounts and sessions: admins manage everyone's, the others their own.
// The widget's settings and install line with a live preview, the general
// settings that change at run time, the audit log and the language
// model's use and cost: admins.
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
    path: '/settings',
    name: 'settings',
    component: () => import('./components/SettingsPage.vue'),
    meta: { nav: 'settingsNav', roles: ['admin'] },
  },
  {
    path: '/audit',
    name: 'audit',
    component: () => import('./components/AuditPage.vue'),
    meta: { nav: 'auditNav', roles: ['admin'] },
  },
  {
    path: '/llm-usage',
    name: 'llm-usage',
    component: () => import('../assist/components/LlmUsagePage.vue'),
    meta: { nav: 'llmUsageNav', roles: ['admin'] },
  },
]
