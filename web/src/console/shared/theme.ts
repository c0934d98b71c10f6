// Light, dark or as the system says: the choice is kept in localStorage and
// shown as `class="dark"` on <html>, which switches our tokens and the kit's
// dark variables together.

import { useColorMode } from '@vueuse/core'

export type ThemeChoice = 'light' | 'dark' | 'auto'

let mode: ReturnType<typeof useColorMode> | null = null

/** Starts following the stored choice (call once at start). */
export function applyTheme() {
  mode ??= useColorMode({ storageKey: 'kadesk.console.theme', initialValue: 'auto' })
  return mode
}

export function themeChoice(): ThemeChoice {
  return (applyTheme().store.value as ThemeChoice) ?? 'auto'
}

export function setTheme(choice: ThemeChoice): void {
  applyTheme().store.value = choice
}
