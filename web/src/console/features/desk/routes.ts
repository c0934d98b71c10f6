// The desk is the console's home: the list, and a conversation opened by its
// address (/console/conversations/42), on the hot path (loaded eagerly).
import type { RouteRecordRaw } from 'vue-router'
import DeskPage from './components/DeskPage.vue'

export const deskRoutes: RouteRecordRaw[] = [
  { path: '/', name: 'desk', component: DeskPage, meta: { nav: 'nav_desk' } },
  { path: '/conversations/:id(\\d+)', name: 'conversation', component: DeskPage, meta: { navName: 'desk' } },
]
