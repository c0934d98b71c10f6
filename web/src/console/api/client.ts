// The console's one request layer: openapi-fetch over the generated `paths`
// of the server's OpenAPI document, same-origin with the session cookie.
// Every call goes through `call`, which turns a failed answer into an
// `ApiError` carrying the stable `error.code`, and tells the session store
// about a 401 so the agent is sent back to sign in. Changes (every method but
// GET) are sent as JSON even without a body: the server takes changes made
// with the session cookie only as JSON or a raw picture.

import createClient, { type Middleware } from 'openapi-fetch'
import type { paths } from '../../api/schema'
import type { ErrorBody, ErrorCode } from '../../api/types'

/** A failed call: the HTTP status (0 without an answer) and the stable code. */
export class ApiError extends Error {
  readonly status: number
  readonly code: ErrorCode | 'network' | 'http'
  constructor(status: number, code: ErrorCode | 'network' | 'http', message: string) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
  }
}

let onUnauthorized: (() => void) | null = null
/** Called on a 401 of any call not marked `quiet401` (the session is gone). */
export function setUnauthorizedHandler(fn: (() => void) | null): void {
  onUnauthorized = fn
}

const jsonChanges: Middleware = {
  onRequest({ request }) {
    if (request.method !== 'GET' && !request.headers.has('Content-Type')) {
      request.headers.set('Content-Type', 'application/json')
    }
    return request
  },
}

export const http = createClient<paths>({
  baseUrl: '',
  credentials: 'same-origin',
  headers: { Accept: 'application/json' },
})
http.use(jsonChanges)

function isErrorBody(v: unknown): v is ErrorBody {
  return typeof v === 'object' && v !== null && 'error' in v && typeof (v as ErrorBody).error?.code === 'string'
}

interface Answer<T> {
  data?: T
  error?: unknown
  response: Response
}

/**
 * Awaits an `http.GET/POST/…` call and answers its data, or throws an
 * `ApiError`. `quiet401`: a 401 is expected (sign-in, the first "who am I").
 */
export async function call<T>(request: Promise<Answer<T>>, opts: { quiet401?: boolean } = {}): Promise<T> {
  let answer: Answer<T>
  try {
    answer = await request
  } catch (e) {
    throw new ApiError(0, 'network', e instanceof Error ? e.message : String(e))
  }
  const { data, error, response } = answer
  if (response.ok) return data as T
  if (response.status === 401 && !opts.quiet401) onUnauthorized?.()
  if (isErrorBody(error)) throw new ApiError(response.status, error.error.code, error.error.message)
  throw new ApiError(response.status, 'http', response.statusText || `HTTP ${response.status}`)
}

/** Sends a picture as the raw body (`POST /api/v1/uploads`). */
export function uploadPicture(file: File) {
  return call(
    http.POST('/api/v1/uploads', {
      body: file as unknown as number[],
      bodySerializer: (b: unknown) => b as File,
      headers: {
        'Content-Type': file.type || 'application/octet-stream',
        'X-Filename': encodeURIComponent(file.name),
      },
    }),
  )
}
