// 快捷回复: every agent keeps their own canned replies and reads the shared
// ones; supervisors and admins keep the shared ones.
import type { RouteRecordRaw } from 'vue-router'

export const cannedRoutes: RouteRecordRaw[] = [
  {
    path: '/canned',
    name: 'canned',
    component: () => import('./components/CannedPage.vue'),
    meta: { nav: 'nav_canned' },
  },
]
