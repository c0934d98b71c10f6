// 报表: the desk's reports, for supervisors and admins (loaded lazily with
// the chart library).
import type { RouteRecordRaw } from 'vue-router'

export const reportsRoutes: RouteRecordRaw[] = [
  {
    path: '/reports',
    name: 'reports',
    component: () => import('./components/ReportsPage.vue'),
    meta: { nav: 'nav_reports', roles: ['supervisor', 'admin'] },
  },
]
