import type { RouteRecordRaw } from 'vue-router'

export const knowledgeRoutes: RouteRecordRaw[] = [
  { path: '/knowledge', name: 'knowledge', component: () => import('./components/KnowledgePage.vue'), meta: { nav: 'kbNav' } },
]
