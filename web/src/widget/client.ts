// The widget's connection to kadesk: the visitor session, the buyer socket with
// back-off reconnects, and the outgoing queue that is kept until the server
// acknowledges each message (persist, then acknowledge — see docs/protocol.md).
// The socket is authenticated by its first frame, so the visitor token never
// appears in a URL. The conversation starts with the buyer's first message.

import type {
  Attachment,
  BuyerAttachAnswer,
  BuyerAuthFrame,
  BuyerConversation,
  BuyerMessage,
  BuyerServerFrame,
  ClientFrame,
  WidgetSession,
} from '../api/types'
import { newClientId } from '../api/types'

export const TOKEN_KEY = 'kadesk.visitor_token'
const PENDING_KEY = 'kadesk.pending'
const READ_KEY = 'kadesk.read_seq'

/** A message the buyer sent that the server has not acknowledged yet. */
export interface Outgoing {
  client_id: string
  text: string
  attachments: Attachment[]
  created_at: number
  /** Set when the server refused it; the buyer may retry. */
  failed?: string
  /** The payload of the bot's button pressed, when this came from one. */
  quick_reply?: string
}

/** Card keys the bot re-delivered: kept in memory only, never in storage. */
export interface CardKeys {
  order_no: string
  keys: string[]
  /** The stored note the keys belong under. */
  message_id: number
}

export type ConnState = 'idle' | 'connecting' | 'open' | 'reconnecting'

/** Which problem the UI should explain to the buyer (translated there). */
export type Problem = 'rateLimited' | 'tooLong' | 'sendInvalid' | 'sendFailed'

function store(): Storage | null {
  try {
    return window.localStorage
  } catch {
    return null
  }
}

function load<T>(key: string): T | null {
  try {
    const raw = store()?.getItem(key)
    return raw ? (JSON.parse(raw) as T) : null
  } catch {
    return null
  }
}

function save(key: string, value: unknown): void {
  try {
    store()?.setItem(key, typeof value === 'string' ? value : JSON.stringify(value))
  } catch {
    // storage full or blocked: the widget still works for this page view
  }
}

export class WidgetClient {
  readonly server: string
  readonly language: string
  token: string | null
  /** The buyer's conversation; null until their first message starts it. */
  conversation: BuyerConversation | null = null
  /** Stored messages by id (de-duplicated). */
  readonly messages = new Map<number, BuyerMessage>()
  outgoing: Outgoing[]
  /** Re-delivered card keys of this page view (memory only). */
  readonly cardKeys: CardKeys[] = []
  state: ConnState = 'idle'
  agentTyping = false
  /** Highest `seq` seen; the reconnect cursor. */
  maxSeq = 0
  /** Highest `seq` the buyer has seen with the panel open. */
  readSeq: number
  onChange: () => void = () => {}
  onProblem: (p: Problem) => void = () => {}

  private ws: WebSocket | null = null
  private attempt = 0
  private timer: ReturnType<typeof setTimeout> | null = null
  private pingTimer: ReturnType<typeof setInterval> | null = null
  private typingTimer: ReturnType<typeof setTimeout> | null = null
  private needSession = true
  private started = false

  constructor(server: string, language: string) {
    this.server = server
    this.language = language
    this.token = store()?.getItem(TOKEN_KEY) ?? null
    const saved = load<{ token: string | null; items: Outgoing[] }>(PENDING_KEY)
    this.outgoing = saved && Array.isArray(saved.items) ? saved.items : []
    this.readSeq = Number(store()?.getItem(READ_KEY) ?? 0) || 0
  }

  get hasToken(): boolean {
    return !!this.token
  }

  /** Starts the session and the socket once; later calls do nothing. */
  start(): void {
    if (this.started) return
    this.started = true
    window.addEventListener('online', () => this.reconnectNow())
    void this.connect()
  }

  /** Messages in display order: stored ones by seq. */
  sorted(): BuyerMessage[] {
    return [...this.messages.values()].sort((a, b) => a.seq - b.seq || a.id - b.id)
  }

  unread(): number {
    let n = 0
    for (const m of this.messages.values()) if (m.sender !== 'buyer' && m.seq > this.readSeq) n++
    return n
  }

  markRead(): void {
    if (this.maxSeq > this.readSeq) {
      this.readSeq = this.maxSeq
      save(READ_KEY, String(this.readSeq))
    }
  }

  send(text: string, attachments: Attachment[] = [], quickReply?: string): void {
    const out: Outgoing = { client_id: newClientId(), text, attachments, created_at: Date.now() }
    if (quickReply) out.quick_reply = quickReply
    this.outgoing.push(out)
    this.persistOutgoing()
    this.transmit(out)
    this.onChange()
  }

  retry(clientId: string): void {
    const out = this.outgoing.find((o) => o.client_id === clientId)
    if (!out) return
    delete out.failed
    this.persistOutgoing()
    this.transmit(out)
    this.onChange()
  }

  discard(clientId: string): void {
    this.outgoing = this.outgoing.filter((o) => o.client_id !== clientId)
    this.persistOutgoing()
    this.onChange()
  }

  typing(on: boolean): void {
    this.frame({ type: 'typing', on })
  }

  /** Makes sure there is a visitor token (for uploads before the first message). */
  async ensureSession(): Promise<string> {
    if (this.token && !this.needSession) return this.token
    await this.session()
    if (!this.token) throw new Error('no visitor token')
    return this.token
  }

  /**
   * Sends a picture into the buyer's conversation (what it shows:
   * `category`); a picture as the first message starts the conversation. The
   * server stores it and its message at once; resolves with the HTTP status
   * (201 on success, 503 when the screenshot reader is busy).
   */
  async attachPicture(f: File, category: string | null): Promise<number> {
    const token = await this.ensureSession()
    const q = category ? '?category=' + encodeURIComponent(category) : ''
    const res = await fetch(this.url(`/api/v1/widget/attachments${q}`), {
      method: 'POST',
      headers: {
        Authorization: 'Bearer ' + token,
        'Content-Type': f.type || 'application/octet-stream',
        'X-Filename': encodeURIComponent(f.name || 'image'),
      },
      body: f,
    })
    if (res.status === 201) {
      const body = (await res.json()) as BuyerAttachAnswer
      this.addMessage(body.message)
      this.onChange()
    }
    return res.status
  }

  url(path: string): string {
    return /^https?:/i.test(path) ? path : this.server + path
  }

  // ---- internals -------------------------------------------------------------

  private persistOutgoing(): void {
    save(PENDING_KEY, { token: this.token, items: this.outgoing })
  }

  private transmit(out: Outgoing): void {
    if (out.failed) return
    const frame: ClientFrame = { type: 'send', client_id: out.client_id, text: out.text }
    if (out.attachments.length) frame.attachments = out.attachments.map((a) => a.id)
    if (out.quick_reply) frame.quick_reply = out.quick_reply
    this.frame(frame)
  }

  /** Rates the current conversation (1–5 stars); the server publishes the update. */
  async rate(stars: number, comment?: string): Promise<void> {
    const conv = this.conversation
    if (!conv) throw new Error('no conversation')
    const token = await this.ensureSession()
    const res = await fetch(this.url(`/api/v1/widget/conversations/${conv.id}/rating`), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + token },
      body: JSON.stringify({ stars, comment: comment || undefined }),
    })
    if (!res.ok && res.status !== 409) throw new Error('rating: HTTP ' + res.status)
    if (res.ok) {
      const updated = (await res.json()) as BuyerConversation
      if (this.conversation?.id === updated.id) this.conversation = updated
    }
    this.onChange()
  }

  /** Leaves an e-mail address (with an @) or a phone number for the team. */
  async leaveContact(value: string): Promise<void> {
    const token = await this.ensureSession()
    const body = value.includes('@') ? { email: value } : { phone: value }
    const res = await fetch(this.url('/api/v1/widget/contact'), {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + token },
      body: JSON.stringify(body),
    })
    if (!res.ok) throw new Error('contact: HTTP ' + res.status)
  }

  private frame(f: ClientFrame): boolean {
    if (this.ws && this.ws.readyState === WebSocket.OPEN && this.state === 'open') {
      this.ws.send(JSON.stringify(f))
      return true
    }
    return false
  }

  private async session(): Promise<void> {
    const res = await fetch(this.server + '/api/v1/widget/session', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        visitor_token: this.token ?? undefined,
        language: this.language,
        page: location.href.slice(0, 1000),
      }),
    })
    if (!res.ok) throw new Error('session: HTTP ' + res.status)
    const s = (await res.json()) as WidgetSession
    if (s.visitor_token !== this.token) {
      this.token = s.visitor_token
      save(TOKEN_KEY, s.visitor_token)
      this.persistOutgoing()
    }
    const current = s.conversation ?? null
    if (this.conversation && this.conversation.id !== current?.id) {
      // The old conversation was closed: start the view afresh.
      this.messages.clear()
      this.maxSeq = 0
      this.readSeq = 0
      save(READ_KEY, '0')
    }
    this.conversation = current
    for (const m of s.messages) this.addMessage(m)
    this.needSession = false
    this.onChange()
  }

  private async connect(): Promise<void> {
    this.state = this.attempt === 0 ? 'connecting' : 'reconnecting'
    this.onChange()
    try {
      if (this.needSession || !this.token) await this.session()
    } catch {
      this.scheduleReconnect()
      return
    }
    const base = this.server.replace(/^http/i, 'ws')
    // The token goes in the first frame, never in the URL (proxy logs).
    const ws = new WebSocket(`${base}/api/v1/widget/ws`)
    this.ws = ws
    const auth: BuyerAuthFrame = { type: 'auth', token: this.token ?? '', after: this.maxSeq }
    ws.onopen = () => ws.send(JSON.stringify(auth))
    let greeted = false
    ws.onmessage = (ev) => {
      let f: BuyerServerFrame
      try {
        f = JSON.parse(String(ev.data)) as BuyerServerFrame
      } catch {
        return
      }
      if (f.type === 'hello') greeted = true
      this.handle(f)
    }
    ws.onclose = () => {
      if (this.ws !== ws) return
      this.ws = null
      if (this.pingTimer) clearInterval(this.pingTimer)
      this.pingTimer = null
      // A socket that never said hello may have a stale token (closed 4401): ask again.
      if (!greeted) this.needSession = true
      this.setAgentTyping(false)
      this.scheduleReconnect()
    }
  }

  private scheduleReconnect(): void {
    const delay = Math.min(15, 2 ** this.attempt) * 1000
    this.attempt++
    this.state = 'reconnecting'
    this.onChange()
    if (this.timer) clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      this.timer = null
      void this.connect()
    }, delay)
  }

  private reconnectNow(): void {
    if (this.state !== 'reconnecting' || !this.timer) return
    clearTimeout(this.timer)
    this.timer = null
    void this.connect()
  }

  private handle(f: BuyerServerFrame): void {
    switch (f.type) {
      case 'hello':
        this.attempt = 0
        this.state = 'open'
        if (f.conversation) this.conversation = f.conversation
        // Everything not yet acknowledged goes again with its original client_id.
        for (const out of this.outgoing) this.transmit(out)
        if (this.pingTimer) clearInterval(this.pingTimer)
        this.pingTimer = setInterval(() => this.frame({ type: 'ping' }), 25000)
        break
      case 'message':
        this.addMessage(f.message)
        if (f.message.sender === 'agent') this.setAgentTyping(false)
        break
      case 'ack':
        this.addMessage(f.message)
        this.settle(f.client_id)
        break
      case 'conversation':
        if (!this.conversation || f.conversation.id === this.conversation.id) this.conversation = f.conversation
        break
      case 'typing':
        this.setAgentTyping(f.on)
        return
      case 'error':
        this.refused(f.code, f.client_id ?? null)
        break
      case 'card_keys':
        if (this.conversation && f.conversation_id !== this.conversation.id) return
        this.cardKeys.push({ order_no: f.order_no, keys: f.keys, message_id: f.message_id })
        break
      default:
        return
    }
    this.onChange()
  }

  private addMessage(m: BuyerMessage): void {
    if (this.conversation && m.conversation_id !== this.conversation.id) return
    this.messages.set(m.id, m)
    if (m.seq > this.maxSeq) this.maxSeq = m.seq
    if (m.client_id) this.settle(m.client_id)
  }

  private settle(clientId: string): void {
    const before = this.outgoing.length
    this.outgoing = this.outgoing.filter((o) => o.client_id !== clientId)
    if (this.outgoing.length !== before) this.persistOutgoing()
  }

  private refused(code: string, clientId: string | null): void {
    if (code === 'rate_limited') {
      this.onProblem('rateLimited')
      // Dropped, not stored: send the unacknowledged ones again a bit later.
      setTimeout(() => {
        for (const out of this.outgoing) if (!clientId || out.client_id === clientId) this.transmit(out)
      }, 2000)
      return
    }
    if (!clientId) return
    const out = this.outgoing.find((o) => o.client_id === clientId)
    if (!out) return
    out.failed = code
    this.persistOutgoing()
    this.onProblem(code === 'validation' || code === 'invalid_frame' ? 'sendInvalid' : 'sendFailed')
  }

  private setAgentTyping(on: boolean): void {
    if (this.typingTimer) clearTimeout(this.typingTimer)
    this.typingTimer = null
    if (on) {
      this.typingTimer = setTimeout(() => this.setAgentTyping(false), 6000)
    }
    if (this.agentTyping !== on) {
      this.agentTyping = on
      this.onChange()
    }
  }
}
