// Times shown to agents: relative in lists, clock times in threads.

import { useIntervalFn } from '@vueuse/core'
import { ref } from 'vue'
import { locale, t } from './i18n'

/** Ticks every 30 s so relative times stay fresh. */
export const now = ref(Date.now())
useIntervalFn(() => (now.value = Date.now()), 30_000)

function pad(n: number): string {
  return String(n).padStart(2, '0')
}

export function clock(ms: number): string {
  const d = new Date(ms)
  return pad(d.getHours()) + ':' + pad(d.getMinutes())
}

function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate()
}

export function shortDate(ms: number): string {
  const d = new Date(ms)
  const cur = new Date(now.value)
  if (locale.value === 'zh-CN') {
    const md = `${d.getMonth() + 1}月${d.getDate()}日`
    return d.getFullYear() === cur.getFullYear() ? md : `${d.getFullYear()}年${md}`
  }
  return d.toLocaleDateString('en', {
    month: 'short',
    day: 'numeric',
    year: d.getFullYear() === cur.getFullYear() ? undefined : 'numeric',
  })
}

/** "刚刚", "5 分钟前", "3 小时前", "昨天", "11月20日". */
export function relative(ms: number | null | undefined): string {
  if (!ms) return ''
  const diff = Math.max(0, now.value - ms)
  if (diff < 60_000) return t('justNow')
  if (diff < 3_600_000) return t('minutesAgo', { n: Math.floor(diff / 60_000) })
  const d = new Date(ms)
  const cur = new Date(now.value)
  if (sameDay(d, cur)) return t('hoursAgo', { n: Math.floor(diff / 3_600_000) })
  const y = new Date(now.value - 86_400_000)
  if (sameDay(d, y)) return t('yesterday')
  return shortDate(ms)
}

/** Day heading in a thread: 今天 / 昨天 / 11月20日. */
export function dayLabel(ms: number): string {
  const d = new Date(ms)
  const cur = new Date(now.value)
  if (sameDay(d, cur)) return t('today')
  if (sameDay(d, new Date(now.value - 86_400_000))) return t('yesterday')
  return shortDate(ms)
}

export function dateTime(ms: number | null | undefined): string {
  if (!ms) return '—'
  return shortDate(ms) + ' ' + clock(ms)
}

export function dayKey(ms: number): string {
  const d = new Date(ms)
  return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`
}
