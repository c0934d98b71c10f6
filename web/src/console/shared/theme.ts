// Light, dark or as the system says: the choice is kept in localStorage and
// shown as `class="dark"` on <html>, which switches our tokens and the kit's
// dark variables together.

import { useColorMode } from '@vueuse/core'

export type ThemeChoice = 'light' | 'dark' | 'auto'

let mode: ReturnType<typeof useColorMode> | null = null

/** Starts following the stored choice (call once at start). */
export function applyTheme() {
  // No transition-blocking <style> on switches: the console's CSP takes styles only from files.
  mode ??= useColorMode({ storageKey: 'kadesk.console.theme', initialValue: 'auto', disableTransition: false })
  return mode
}

export function themeChoice(): ThemeChoice {
  return (applyTheme().store.value as ThemeChoice) ?? 'auto'
}

export function setTheme(choice: ThemeChoice): void {
  applyTheme().store.value = choice
}
