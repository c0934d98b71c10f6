import type { RouteRecordRaw } from 'vue-router'

export const teamRoutes: RouteRecordRaw[] = [
  {
    path: '/floor',
    name: 'floor',
    component: () => import('./components/FloorPage.vue'),
    meta: { nav: 'nav_floor' },
  },
]
