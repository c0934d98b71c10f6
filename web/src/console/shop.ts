// REST calls for the shop's orders: the contact panel's order list, revealing
// card keys (audited on the server), and the admins' CSV import. Errors are
// `ApiError`s like the rest of the console's client.

import type { ImportReport, OrderList, RevealAnswer } from '../api'
import { ApiError } from '../api'
import { t } from './i18n'

async function call<T>(method: string, path: string, body?: BodyInit, contentType?: string): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' }
  if (contentType) headers['Content-Type'] = contentType
  let res: Response
  try {
    res = await fetch('/api/v1' + path, { method, credentials: 'same-origin', headers, body })
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
  return (await res.json()) as T
}

export const shopApi = {
  /** The orders of a conversation: its contact and the numbers written in it. */
  ordersOfConversation: (conversationId: number) =>
    call<OrderList>('GET', `/orders?conversation_id=${conversationId}`),
  /** Plain card keys; every call is written to the audit log. */
  reveal: (orderNo: string, conversationId: number | null) =>
    call<RevealAnswer>(
      'POST',
      `/orders/${encodeURIComponent(orderNo)}/reveal`,
      JSON.stringify({ conversation_id: conversationId }),
      'application/json',
    ),
  /**
   * The CSV file's text goes as JSON (`{"csv": …}`): changes made with the
   * session cookie are JSON. A file that is not UTF-8 is refused here rather
   * than imported with its text garbled.
   */
  async importCsv(file: Blob): Promise<ImportReport> {
    let csv: string
    try {
      csv = new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer())
    } catch {
      throw new ApiError(0, 'not_utf8', t('csvNotUtf8'))
    }
    return call<ImportReport>('POST', '/shop/import', JSON.stringify({ csv }), 'application/json')
  },
}

/** `¥6.00`, `$105.50`, `0.99 EUR` */
export function money(cents: number, currency: string): string {
  const v = (Math.abs(cents) / 100).toFixed(2)
  const sign = cents < 0 ? '-' : ''
  if (currency === 'CNY') return `${sign}¥${v}`
  if (currency === 'USD') return `${sign}$${v}`
  return `${sign}${v} ${currency}`
}
