import type { RouteRecordRaw } from 'vue-router'

export const botRoutes: RouteRecordRaw[] = [
  {
    path: '/bot',
    name: 'bot',
    component: () => import('./components/BotPage.vue'),
    meta: { nav: 'nav_bot', roles: ['supervisor', 'admin'] },
  },
]
