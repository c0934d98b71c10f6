// The options a shop sets as data attributes on the widget's <script> tag.

import { pickLang } from './i18n'

export function findScript(): HTMLScriptElement | null {
  const cur = document.currentScript
  if (cur instanceof HTMLScriptElement) return cur
  const all = document.querySelectorAll<HTMLScriptElement>('script[src*="widget.js"]')
  return all[all.length - 1] ?? null
}

export interface Options {
  server: string
  lang: 'zh-CN' | 'en'
  title: string | null
  color: string | null
  position: 'left' | 'right'
  /** Launcher distance from the bottom edge in px (data-offset-bottom). */
  bottom: number | null
  /** Launcher distance from the side edge in px (data-offset-side). */
  side: number | null
}

function px(v: string | undefined): number | null {
  const n = Number(v)
  return v && Number.isFinite(n) && n >= 0 && n <= 400 ? Math.round(n) : null
}

export function readOptions(script: HTMLScriptElement | null): Options {
  const d = script?.dataset ?? {}
  let server = d.server || ''
  if (!server) {
    try {
      server = script?.src ? new URL(script.src, location.href).origin : location.origin
    } catch {
      server = location.origin
    }
  }
  return {
    server: server.replace(/\/+$/, ''),
    lang: pickLang(d.lang, navigator.language),
    title: d.title || null,
    color: d.color && /^[#a-zA-Z0-9(),.\s%]+$/.test(d.color) ? d.color : null,
    position: d.position === 'left' ? 'left' : 'right',
    bottom: px(d.offsetBottom),
    side: px(d.offsetSide),
  }
}

