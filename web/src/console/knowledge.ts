// REST calls and types of the knowledge base: articles (agents read,
// supervisors and admins write) and the search the bot uses.

import { ApiError } from '../api'

export type ArticleLanguage = 'zh' | 'en' | 'any'

/** What an editor writes. */
export interface ArticleDraft {
  title: string
  body: string
  tags: string[]
  error_codes: string[]
  products: string[]
  language: ArticleLanguage
  enabled: boolean
}

export interface Article extends ArticleDraft {
  id: number
  created_at: number
  updated_at: number
}

export interface ArticleList {
  items: Article[]
  next_cursor: string | null
}

export interface SearchHit {
  id: number
  title: string
  snippet: string
  score: number
  /** 0–1; the bot answers from `threshold` up. */
  confidence: number
}

export interface SearchResult {
  items: SearchHit[]
  /** The article the bot would answer with. */
  answer_id: number | null
  threshold: number
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' }
  // Changes made with the session cookie must be JSON, even without a body.
  if (body !== undefined || method !== 'GET') headers['Content-Type'] = 'application/json'
  let res: Response
  try {
    res = await fetch('/api/v1' + path, {
      method,
      credentials: 'same-origin',
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  } catch (e) {
    throw new ApiError(0, 'network', e instanceof Error ? e.message : String(e))
  }
  if (!res.ok) {
    let code = 'http_' + res.status
    let message = res.statusText || 'request failed'
    try {
      const err = (await res.json()) as { error?: { code: string; message: string } }
      if (err.error) {
        code = err.error.code
        message = err.error.message
      }
    } catch {
      // not JSON
    }
    throw new ApiError(res.status, code, message)
  }
  if (res.status === 204) return undefined as T
  return (await res.json()) as T
}

function qs(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v))
  const s = q.toString()
  return s ? '?' + s : ''
}

export const knowledgeApi = {
  list: (q: { q?: string; tag?: string; cursor?: string; limit?: number }) =>
    call<ArticleList>('GET', '/knowledge/articles' + qs(q)),
  create: (draft: ArticleDraft) => call<Article>('POST', '/knowledge/articles', draft),
  update: (id: number, draft: ArticleDraft) => call<Article>('PUT', `/knowledge/articles/${id}`, draft),
  remove: (id: number) => call<void>('DELETE', `/knowledge/articles/${id}`),
  search: (q: string, lang?: string) => call<SearchResult>('GET', '/knowledge/search' + qs({ q, lang, limit: 5 })),
}

/** `a, b，c` → `['a', 'b', 'c']` (ASCII and Chinese commas, new lines). */
export function splitList(text: string): string[] {
  return text
    .split(/[,，、\n]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
}
