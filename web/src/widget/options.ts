// The widget's options: what the shop saved in the console (served by
// GET /api/v1/widget/config when the widget loads), with data attributes on
// the widget's <script> tag winning over them (the console's preview uses
// those for values not saved yet).

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
  /** The shop's privacy policy link (http/https only). */
  privacy: string | null
}

/** What the console saved (GET /api/v1/widget/config); every field optional. */
export interface Saved {
  color?: string | null
  position?: string
  title?: string | null
  lang?: string | null
  offset_bottom?: number | null
  offset_side?: number | null
  privacy_url?: string | null
}

/** The saved settings, or none when the server cannot be asked. */
export async function fetchSaved(server: string): Promise<Saved> {
  try {
    const r = await fetch(server + '/api/v1/widget/config', { credentials: 'omit' })
    return r.ok ? ((await r.json()) as Saved) : {}
  } catch {
    return {}
  }
}

const COLOR = /^[#a-zA-Z0-9(),.\s%]+$/
const str = (v: unknown): string => (typeof v === 'string' ? v : '')

function px(v: unknown): number | null {
  const n = Number(v)
  return v !== undefined && v !== null && v !== '' && Number.isFinite(n) && n >= 0 && n <= 400 ? Math.round(n) : null
}

export function readOptions(script: HTMLScriptElement | null, saved: Saved = {}): Options {
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
    lang: pickLang(d.lang || str(saved.lang) || undefined, navigator.language),
    title: d.title || str(saved.title) || null,
    color: [d.color, str(saved.color)].find((c) => c && COLOR.test(c)) || null,
    position: (d.position || saved.position) === 'left' ? 'left' : 'right',
    bottom: px(d.offsetBottom) ?? px(saved.offset_bottom),
    side: px(d.offsetSide) ?? px(saved.offset_side),
    privacy: [d.privacyUrl, str(saved.privacy_url)].find((u) => u && /^https?:\/\/[^\s]+$/i.test(u)) || null,
  }
}

