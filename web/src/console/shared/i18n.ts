// Every string the console shows, in zh-CN (the default) and en. Each feature
// keeps its strings in its own `locale.ts` (zh first; en is typed to have
// exactly the same keys); this module joins them into one table per language.
//
// `t(key, vars)` fills `{name}` placeholders and is reactive on the locale. A
// message may hold plural forms separated by ` | ` (`{n} minute ago | {n}
// minutes ago`): `vars.n` picks the form by the language's plural rules.
// A key the current language lacks falls back to zh-CN, then to the key
// itself (for keys built at run time, e.g. a new handoff reason).

import { ref } from 'vue'
import * as admin from '../features/admin/locale'
import * as alerts from '../features/alerts/locale'
import * as assist from '../features/assist/locale'
import * as auth from '../features/auth/locale'
import * as bot from '../features/bot/locale'
import * as canned from '../features/canned/locale'
import * as cases from '../features/cases/locale'
import * as annotate from '../features/annotate/locale'
import * as notes from '../features/notes/locale'
import * as desk from '../features/desk/locale'
import * as knowledge from '../features/knowledge/locale'
import * as orders from '../features/orders/locale'
import * as privacy from '../features/privacy/locale'
import * as reports from '../features/reports/locale'
import * as sla from '../features/sla/locale'
import * as team from '../features/team/locale'
import * as teamSetup from '../features/team/setupLocale'
import * as shared from './locale'

export type Locale = 'zh-CN' | 'en'

const zh = {
  ...shared.zh,
  ...auth.zh,
  ...desk.zh,
  ...orders.zh,
  ...knowledge.zh,
  ...bot.zh,
  ...admin.zh,
  ...reports.zh,
  ...team.zh,
  ...teamSetup.zh,
  ...canned.zh,
  ...notes.zh,
  ...cases.zh,
  ...annotate.zh,
  ...sla.zh,
  ...alerts.zh,
  ...assist.zh,
  ...privacy.zh,
}
export type MessageKey = keyof typeof zh
const en: Record<MessageKey, string> = {
  ...shared.en,
  ...auth.en,
  ...desk.en,
  ...orders.en,
  ...knowledge.en,
  ...bot.en,
  ...admin.en,
  ...reports.en,
  ...team.en,
  ...teamSetup.en,
  ...canned.en,
  ...notes.en,
  ...cases.en,
  ...annotate.en,
  ...sla.en,
  ...alerts.en,
  ...assist.en,
  ...privacy.en,
}

const tables: Record<Locale, Partial<Record<string, string>>> = { 'zh-CN': zh, en }
const LOCALE_KEY = 'kadesk.console.locale'

function initialLocale(): Locale {
  try {
    const saved = localStorage.getItem(LOCALE_KEY)
    if (saved === 'zh-CN' || saved === 'en') return saved
  } catch {
    // no storage
  }
  return 'zh-CN'
}

export const locale = ref<Locale>(initialLocale())
export const LOCALES: { id: Locale; label: string }[] = [
  { id: 'zh-CN', label: '简体中文' },
  { id: 'en', label: 'English' },
]

export function setLocale(l: Locale): void {
  locale.value = l
  document.documentElement.lang = l
  try {
    localStorage.setItem(LOCALE_KEY, l)
  } catch {
    // ignore
  }
}

const pluralRules = new Map<Locale, Intl.PluralRules>()
function pluralForm(l: Locale, forms: string[], n: number): string {
  if (forms.length === 1) return forms[0]!
  let rules = pluralRules.get(l)
  if (!rules) {
    rules = new Intl.PluralRules(l)
    pluralRules.set(l, rules)
  }
  // Two forms: singular and plural; three: zero, singular, plural.
  const cat = rules.select(n)
  if (forms.length >= 3 && n === 0) return forms[0]!
  return cat === 'one' ? forms[forms.length - 2]! : forms[forms.length - 1]!
}

type Vars = Record<string, string | number>

function render(raw: string, vars?: Vars): string {
  let s = raw
  if (s.includes(' | ')) {
    const n = typeof vars?.n === 'number' ? vars.n : Number(vars?.n ?? NaN)
    s = pluralForm(locale.value, s.split(' | '), Number.isFinite(n) ? n : 2)
  }
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.split('{' + k + '}').join(String(v))
  return s
}

/** Translates `key`, filling `{name}` placeholders from `vars`. Reactive on `locale`. */
export function t(key: MessageKey, vars?: Vars): string {
  return render(tables[locale.value][key] ?? zh[key] ?? key, vars)
}

/** Whether a key built at run time (`reason_…`) has a text. */
export function has(key: string): key is MessageKey {
  return key in zh
}

/** Translates a key built at run time, or answers `fallback` when there is no such key. */
export function tDynamic(key: string, fallback: string, vars?: Vars): string {
  return has(key) ? t(key, vars) : fallback
}
