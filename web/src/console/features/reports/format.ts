// How 报表 writes its figures: rates as percentages, times in s / min / h.
import { t } from '../../shared/i18n'

export function pct(v: number | null | undefined): string {
  return v === null || v === undefined ? t('rpNone') : `${(v * 100).toFixed(1)}%`
}

export function secs(v: number | null | undefined): string {
  if (v === null || v === undefined) return t('rpNone')
  if (v < 60) return t('rpSecs', { n: Math.round(v) })
  if (v < 3600) return t('rpMins', { n: (v / 60).toFixed(1) })
  return t('rpHours', { n: (v / 3600).toFixed(1) })
}
