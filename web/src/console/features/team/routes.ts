// The support floor (everyone: their status and their teams' queue) and
// 团队与分配 (teams, agents' capacity and skills, routing rules: admins
// edit, supervisors read).
import type { RouteRecordRaw } from 'vue-router'

export const teamRoutes: RouteRecordRaw[] = [
  {
    path: '/floor',
    name: 'floor',
    component: () => import('./components/FloorPage.vue'),
    meta: { nav: 'nav_floor' },
  },
  {
    path: '/teams',
    name: 'teams',
    component: () => import('./components/TeamsPage.vue'),
    meta: { nav: 'nav_teams', roles: ['supervisor', 'admin'] },
  },
]
