// The kadesk wire protocol as TypeScript types, and the agent console's REST
// client. The types follow docs/protocol.md field by field; the widget and the
// demo shop import only the types (`import type`), so none of the client code
// ends up in their bundles.

/** Unix milliseconds. */
export type Millis = number

export type Sender = 'buyer' | 'agent' | 'bot' | 'system'
export type ConversationStatus = 'bot' | 'queued' | 'assigned' | 'resolved' | 'closed'
export type Role = 'admin' | 'supervisor' | 'agent'

export const CONVERSATION_STATUSES: readonly ConversationStatus[] = [
  'queued',
  'assigned',
  'resolved',
  'bot',
  'closed',
]

export interface Attachment {
  /** SHA-256 of the bytes; goes into a message's `attachments`. */
  id: string
  name: string
  content_type: string
  size: number
  /** Server-relative, e.g. `/api/v1/files/9f86d0…`. */
  url: string
  /** Picture size after orientation (absent on older files). */
  width?: number | null
  height?: number | null
  /** A JPEG preview, longest side 320 px. */
  thumbnail_url?: string | null
}

export interface Message {
  id: number
  conversation_id: number
  /** Counts the messages of one conversation from 1 without gaps. */
  seq: number
  sender: Sender
  /** The agent, for `agent` messages. */
  sender_id?: number | null
  sender_name?: string | null
  text: string
  attachments: Attachment[]
  /** The id the sender chose, for idempotent retries. */
  client_id?: string | null
  created_at: Millis
  /** Buttons under a bot message; pressing one sends its payload as `quick_reply`. */
  quick_replies?: QuickReply[]
}

export interface QuickReply {
  label: string
  payload: string
}

/** Why the bot handed a conversation to a person, and what it learned. */
export interface Handoff {
  /** `human_request`, `negative_sentiment`, `paid_not_delivered` … */
  reasons: string[]
  priority: 'urgent' | 'high' | 'normal'
  summary_zh: string
  summary_en: string
}

export interface Conversation {
  id: number
  contact_id: number
  contact_name: string
  status: ConversationStatus
  assignee_id?: number | null
  assignee_name?: string | null
  priority: number
  channel: string
  last_message_text?: string | null
  last_message_at?: Millis | null
  /** The `seq` of the newest message, 0 when there is none. */
  last_seq: number
  created_at: Millis
  updated_at: Millis
  /** Set while the conversation waits after a bot handoff. */
  handoff?: Handoff | null
  /** The buyer's rating, once given. */
  rating?: Rating | null
}

/** A buyer's rating of a conversation. */
export interface Rating {
  /** 1 (bad) to 5 (very good). */
  stars: number
  comment?: string | null
  rated_at: Millis
}

export interface Contact {
  id: number
  name: string
  email?: string | null
  phone?: string | null
  /** BCP 47 tag of the buyer's UI, e.g. `zh-CN` or `en`. */
  language: string
  channel: string
  created_at: Millis
  last_seen_at: Millis
  /** Labels agents gave the contact; `vip` makes a VIP for the bot. */
  tags?: string[]
}

export interface ContactWithConversations extends Contact {
  conversations: Conversation[]
}

export interface User {
  id: number
  username: string
  display_name: string
  role: Role
  created_at: Millis
  /** May not sign in (an admin disabled them); has no sessions. */
  disabled: boolean
}

/** A console session as listed: named by a public id, never by its token. */
export interface SessionView {
  id: string
  created_at: Millis
  last_used_at?: Millis | null
  expires_at: Millis
  /** The address it was opened from. */
  ip?: string | null
  /** The browser it was opened with. */
  user_agent?: string | null
  /** The session making the request (this console). */
  current: boolean
}

export interface SessionList {
  items: SessionView[]
}

export interface EndedSessions {
  ended: number
}

export interface Product {
  id: number
  name: string
  category: string
  /** In currency units, e.g. 30.0 for ¥30. */
  price: number
  currency: string
  stock: number
}

export interface Page<T> {
  items: T[]
  next_cursor?: string | null
}

export interface MessagePage {
  items: Message[]
  has_more: boolean
}

export interface LoginAnswer {
  user: User
  token: string
}

export interface UsersAnswer {
  items: User[]
  online: number[]
}

// ---- what a buyer is sent (the buyer view types) ------------------------------

/** The buyer's own conversation: no handoff, priority or other agent-only fields. */
export interface BuyerConversation {
  id: number
  status: ConversationStatus
  /** The display name of the agent serving the buyer, once one is. */
  assignee_name?: string | null
  last_seq: number
  created_at: Millis
  updated_at: Millis
  rating?: Rating | null
}

/** The buyer themself, as their widget knows them (no tags, no contact details). */
export interface BuyerContact {
  id: number
  language: string
}

/** A message as the buyer sees it (agents named by display name only). */
export interface BuyerMessage {
  id: number
  conversation_id: number
  seq: number
  sender: Sender
  sender_name?: string | null
  text: string
  attachments: Attachment[]
  client_id?: string | null
  created_at: Millis
  quick_replies?: QuickReply[]
}

export interface WidgetSession {
  visitor_token: string
  contact: BuyerContact
  /** Null until the buyer's first message starts one. */
  conversation?: BuyerConversation | null
  /** The latest messages, oldest first. */
  messages: BuyerMessage[]
}

/** `POST /api/v1/widget/attachments`: the picture's message and the stored file. */
export interface BuyerAttachAnswer {
  message: BuyerMessage
  attachment: Attachment
}

// ---- shop: orders, diagnosis, card keys ----------------------------------------

export type PaymentStatus = 'unpaid' | 'paid' | 'refunded' | 'failed' | 'expired'
export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'abnormal'
export type Finding =
  | 'unpaid'
  | 'payment_failed'
  | 'expired'
  | 'delivery_pending'
  | 'delivered'
  | 'not_delivered'
  | 'abnormal'
  | 'refunded'
export type EscalationReason = 'paid_not_delivered' | 'order_abnormal'

/** What is going on with an order, worded for the buyer in both languages. */
export interface Diagnosis {
  finding: Finding
  zh: string
  en: string
  escalate?: EscalationReason | null
  /** The card keys can be sent again once the buyer is verified. */
  offer_redelivery: boolean
}

/** An order from any shop source, card keys masked (`ABCD-****-****-WXYZ`). */
export interface ShopOrder {
  /** `builtin` or the configured source name. */
  source: string
  order_no: string
  trade_no?: string | null
  product_name: string
  contact: string
  email?: string | null
  phone?: string | null
  qq?: string | null
  quantity: number
  /** Smallest currency unit (fen for CNY). */
  amount_cents: number
  currency: string
  payment_status: PaymentStatus
  delivery_status: DeliveryStatus
  manual_delivery: boolean
  created_at: Millis
  paid_at?: Millis | null
  delivered_at?: Millis | null
  card_keys: string[]
  has_lookup_password: boolean
}

export interface OrderView extends ShopOrder {
  diagnosis: Diagnosis
}

/** `GET /api/v1/orders` */
export interface OrderList {
  items: OrderView[]
  /** Whether the signed-in user may reveal card keys. */
  can_reveal: boolean
  searched: { order_nos: string[]; trade_nos: string[]; contacts: string[] }
  /** Sources that could not answer. */
  warnings: string[]
}

/** `POST /api/v1/orders/{order_no}/reveal`: plain keys, shown once. */
export interface RevealAnswer {
  order_no: string
  source: string
  keys: string[]
  revealed_at: Millis
}

/** `POST /api/v1/shop/import` */
export interface ImportReport {
  created: number
  updated: number
  errors: { line: number; message: string }[]
}

export interface ErrorBody {
  error: { code: string; message: string }
}

// ---- WebSocket frames -------------------------------------------------------

export interface TypingFrame {
  type: 'typing'
  conversation_id: number
  sender: 'buyer' | 'agent'
  name?: string | null
  on: boolean
}

export type ServerFrame =
  | { type: 'hello'; conversation?: Conversation; user?: User; online?: number[] }
  | { type: 'message'; message: Message }
  | { type: 'ack'; client_id: string; message: Message }
  | { type: 'conversation'; conversation: Conversation }
  | TypingFrame
  | { type: 'presence'; user_id: number; name: string; online: boolean }
  | { type: 'synced'; conversation_id: number; last_seq: number }
  | { type: 'error'; code: string; message: string; client_id?: string | null }
  | { type: 'pong' }
  /** Re-delivered card keys, to the verified buyer only; never stored, never persisted. */
  | { type: 'card_keys'; conversation_id: number; order_no: string; keys: string[] }
  /** A screenshot was read (agents only). */
  | { type: 'analysis'; analysis: ImageAnalysis }

/** What the buyer said a picture shows. */
export type ScreenshotCategory = 'order' | 'payment' | 'error' | 'product'

/** Fields read from a screenshot; null when not found. */
export interface ScreenshotFields {
  order_no?: string | null
  trade_no?: string | null
  amount?: string | null
  currency?: string | null
  payment_status?: string | null
  product?: string | null
  time?: string | null
  error_code?: string | null
  error_message?: string | null
  platform?: string | null
}

export interface AnalysisLine {
  text: string
  confidence: number
  /** `[x0, y0, x1, y1]` (left, top, right, bottom) in pixels of the stored picture. */
  box: number[]
}

export interface AnalysisFlag {
  code: string
  zh: string
  en: string
}

export interface SeenBefore {
  count: number
  conversations: number[]
  first_at: number
}

/** The reading of one screenshot (see docs/protocol.md). */
export interface ImageAnalysis {
  id: number
  conversation_id: number
  message_id: number
  file_id: string
  status: 'done' | 'failed'
  category?: ScreenshotCategory | null
  kind: string
  fields: ScreenshotFields
  missing: string[]
  lines: AnalysisLine[]
  width: number
  height: number
  flags: AnalysisFlag[]
  seen_before?: SeenBefore | null
  error?: string | null
  elapsed_ms: number
  created_at: number
}

export interface AnalysisList {
  items: ImageAnalysis[]
}

/** Every frame a buyer socket receives. */
export type BuyerServerFrame =
  | { type: 'hello'; conversation: BuyerConversation | null }
  | { type: 'message'; message: BuyerMessage }
  | { type: 'ack'; client_id: string; message: BuyerMessage }
  | { type: 'conversation'; conversation: BuyerConversation }
  | { type: 'typing'; conversation_id: number; sender: 'agent'; on: boolean }
  | { type: 'synced'; conversation_id: number; last_seq: number }
  | { type: 'error'; code: string; message: string; client_id?: string | null }
  | { type: 'pong' }
  /** Re-delivered card keys; never stored, never persisted. */
  | { type: 'card_keys'; conversation_id: number; order_no: string; keys: string[] }

/** A buyer socket's first frame: the visitor token (never in the URL) and the catch-up cursor. */
export interface BuyerAuthFrame {
  type: 'auth'
  token: string
  after: number
}

export type ClientFrame =
  | { type: 'send'; client_id: string; text: string; attachments?: string[]; conversation_id?: number; quick_reply?: string }
  | { type: 'typing'; on: boolean; conversation_id?: number }
  | { type: 'sync'; after: number; conversation_id?: number }
  | { type: 'ping' }

/** A fresh id for `send`, 1–64 characters, unique per conversation. */
export function newClientId(): string {
  const c = globalThis.crypto
  if (c && typeof c.randomUUID === 'function') return 'c-' + c.randomUUID()
  return 'c-' + Date.now().toString(36) + '-' + Math.random().toString(36).slice(2, 12)
}

/** Largest accepted upload, as documented (10 MiB). */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024
export const MAX_TEXT_CHARS = 4000
export const UPLOAD_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif']

// ---- REST client for the agent console ---------------------------------------

/** A failed REST call: the HTTP status and the stable `error.code`. */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  constructor(status: number, code: string, message: string) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
  }
}

/** Called on every 401 so the app can go back to the login page. */
let onUnauthorized: (() => void) | null = null
export function setUnauthorizedHandler(fn: (() => void) | null): void {
  onUnauthorized = fn
}

async function readError(res: Response): Promise<ApiError> {
  let code = 'http_' + res.status
  let message = res.statusText || 'request failed'
  try {
    const body = (await res.json()) as Partial<ErrorBody>
    if (body.error) {
      code = body.error.code
      message = body.error.message
    }
  } catch {
    // not JSON; keep the status line
  }
  return new ApiError(res.status, code, message)
}

async function request<T>(method: string, path: string, body?: unknown, quiet401 = false): Promise<T> {
  const init: RequestInit = { method, credentials: 'same-origin', headers: { Accept: 'application/json' } }
  // The server takes changes made with the session cookie only as JSON (a
  // foreign page cannot send that type), even when there is no body.
  if (body !== undefined || method !== 'GET') {
    init.headers = { Accept: 'application/json', 'Content-Type': 'application/json' }
  }
  if (body !== undefined) init.body = JSON.stringify(body)
  let res: Response
  try {
    res = await fetch('/api/v1' + path, init)
  } catch (e) {
    throw new ApiError(0, 'network', e instanceof Error ? e.message : String(e))
  }
  if (!res.ok) {
    const err = await readError(res)
    if (res.status === 401 && !quiet401 && onUnauthorized) onUnauthorized()
    throw err
  }
  if (res.status === 204) return undefined as T
  return (await res.json()) as T
}

function query(params: Record<string, string | number | null | undefined>): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) {
    if (v !== null && v !== undefined && v !== '') q.set(k, String(v))
  }
  const s = q.toString()
  return s ? '?' + s : ''
}

export interface ConversationQuery {
  /** One or more statuses, comma-separated on the wire. */
  status?: ConversationStatus[]
  /** `me`, `unassigned` or a user id. */
  assignee?: 'me' | 'unassigned' | number
  /** `priority`: most urgent first, as a queue is worked; default most recent first. */
  order?: 'activity' | 'priority'
  limit?: number
  cursor?: string | null
}

export const api = {
  login: (username: string, password: string) =>
    request<LoginAnswer>('POST', '/auth/login', { username, password }, true),
  logout: () => request<void>('POST', '/auth/logout', undefined, true),
  me: () => request<User>('GET', '/auth/me', undefined, true),

  conversations: (q: ConversationQuery) =>
    request<Page<Conversation>>(
      'GET',
      '/conversations' +
        query({
          status: q.status && q.status.length ? q.status.join(',') : undefined,
          assignee: q.assignee,
          order: q.order,
          limit: q.limit,
          cursor: q.cursor,
        }),
    ),
  conversation: (id: number) => request<Conversation>('GET', `/conversations/${id}`),
  messagesBefore: (id: number, before: number, limit = 50) =>
    request<MessagePage>('GET', `/conversations/${id}/messages` + query({ before, limit })),
  messagesAfter: (id: number, after: number, limit = 100) =>
    request<MessagePage>('GET', `/conversations/${id}/messages` + query({ after, limit })),
  postMessage: (id: number, text: string, clientId?: string, attachments?: string[]) =>
    request<Message>('POST', `/conversations/${id}/messages`, { text, client_id: clientId, attachments }),
  claim: (id: number) => request<Conversation>('POST', `/conversations/${id}/claim`),
  assign: (id: number, userId: number | null) =>
    request<Conversation>('POST', `/conversations/${id}/assign`, { user_id: userId }),
  resolve: (id: number) => request<Conversation>('POST', `/conversations/${id}/resolve`),
  reopen: (id: number) => request<Conversation>('POST', `/conversations/${id}/reopen`),
  handback: (id: number) => request<Conversation>('POST', `/conversations/${id}/handback`),

  contact: (id: number) => request<ContactWithConversations>('GET', `/contacts/${id}`),
  updateContact: (id: number, patch: { name?: string; email?: string | null; phone?: string | null; tags?: string[] }) =>
    request<Contact>('PATCH', `/contacts/${id}`, patch),
  users: () => request<UsersAnswer>('GET', '/users'),
  disableUser: (id: number) => request<User>('POST', `/users/${id}/disable`),
  enableUser: (id: number) => request<User>('POST', `/users/${id}/enable`),
  userSessions: (id: number) => request<SessionList>('GET', `/users/${id}/sessions`),
  /** Ends every session of the user but this console's own. */
  endSessions: (id: number) => request<EndedSessions>('DELETE', `/users/${id}/sessions`),
  endSession: (id: number, sessionId: string) =>
    request<void>('DELETE', `/users/${id}/sessions/${encodeURIComponent(sessionId)}`),
  analyses: (id: number) => request<AnalysisList>('GET', `/conversations/${id}/analyses`),

  /** Upload one image as the raw body; answers the attachment to send. */
  async upload(file: File): Promise<Attachment> {
    let res: Response
    try {
      res = await fetch('/api/v1/uploads', {
        method: 'POST',
        credentials: 'same-origin',
        headers: {
          'Content-Type': file.type || 'application/octet-stream',
          'X-Filename': encodeURIComponent(file.name),
        },
        body: file,
      })
    } catch (e) {
      throw new ApiError(0, 'network', e instanceof Error ? e.message : String(e))
    }
    if (!res.ok) {
      const err = await readError(res)
      if (res.status === 401 && onUnauthorized) onUnauthorized()
      throw err
    }
    return (await res.json()) as Attachment
  },
}

// ---- the bot's admin page -------------------------------------------------------

/** The bot's handoff policy (`[bot]` in kadesk.toml; GET/PUT /bot/settings). */
export interface BotConfig {
  enabled: boolean
  human_request: boolean
  anger_handoff: boolean
  negative_streak: number
  fallback_streak: number
  low_confidence: number
  repeated_intent: number
  sensitive_intents: string[]
  refund_handoff_above: number
  vip_handoff: 'never' | 'problems' | 'always'
  vip_lifetime_spend: number
  paid_not_delivered_handoff: boolean
  after_hours_message: boolean
  slot_attempts: number
  verify_attempts: number
  /** Unused: the bot never lists orders found by the contact's details. */
  recent_orders_buttons: number
  knowledge: boolean
  suggest_above: number
  idle_reset_minutes: number
  greet_by_name: boolean
}

export interface BotSettings {
  settings: BotConfig
  /** `stored`: an admin's saved settings override kadesk.toml; `file`: kadesk.toml applies. */
  source: 'stored' | 'file'
  /** What kadesk.toml says (what restoring goes back to). */
  file: BotConfig
}

/** Who the simulated buyer is. */
export interface SimContact {
  name?: string
  language?: string
  vip?: boolean
  lifetime_spend?: number
}

/** One simulated turn (POST /bot/simulate). */
export interface SimTurn {
  input: string
  intent?: string | null
  confidence?: number | null
  handled_as?: string | null
  replies: string[]
  actions: Array<{ type: string; quick_replies?: QuickReply[]; text?: string } & Record<string, unknown>>
  handoff?: { reasons: string[]; priority: string } | null
}

export const botApi = {
  settings: () => request<BotSettings>('GET', '/bot/settings'),
  saveSettings: (settings: BotConfig) => request<BotSettings>('PUT', '/bot/settings', settings),
  restoreSettings: () => request<BotSettings>('DELETE', '/bot/settings'),
  simulate: (messages: string[], contact?: SimContact) =>
    request<{ turns: SimTurn[] }>('POST', '/bot/simulate', { messages, contact }),
}
