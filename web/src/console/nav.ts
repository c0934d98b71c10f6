// Which page of the console is shown. `#knowledge` in the address opens the
// knowledge base directly.
import { ref } from 'vue'

export type Page = 'desk' | 'knowledge'

export const page = ref<Page>(location.hash === '#knowledge' ? 'knowledge' : 'desk')

export function go(to: Page): void {
  page.value = to
  history.replaceState(null, '', to === 'desk' ? '/console/' : '/console/#' + to)
}
