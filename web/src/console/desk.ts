// The console's live state: who is signed in, the conversation list, the open
// thread, colleagues' presence, typing, and the outgoing replies that wait for
// their `ack`. REST loads pages; the agent socket keeps everything current.

import { computed, reactive } from 'vue'
import type { Attachment, Conversation, ConversationStatus, ImageAnalysis, Message, ServerFrame, User } from '../api'
import { api, ApiError, newClientId } from '../api'
import { t, type MessageKey } from './i18n'
import { AgentSocket, type SocketState } from './socket'

export type Scope = 'mine' | 'unassigned' | 'all'

/** A reply the server has not acknowledged yet. */
export interface Outgoing {
  client_id: string
  conversation_id: number
  text: string
  attachments: Attachment[]
  created_at: number
  failed?: string
}

export interface Thread {
  convId: number
  /** Stored messages, ascending by seq, de-duplicated by id. */
  messages: Message[]
  loading: boolean
  loadingOlder: boolean
  error: string | null
  /** Screenshot readings by the id of the message carrying the picture. */
  analyses: Record<number, ImageAnalysis>
}

interface Typing {
  sender: 'buyer' | 'agent'
  name: string | null
}

const PENDING_KEY = 'kadesk.console.pending'
const PAGE = 50

export const desk = reactive({
  me: null as User | null,
  users: [] as User[],
  online: new Set<number>(),
  scope: 'all' as Scope,
  status: null as ConversationStatus | null,
  /** Every conversation we know, by id; the list shows those matching the filter. */
  convs: new Map<number, Conversation>(),
  nextCursor: null as string | null,
  listLoading: false,
  listError: null as string | null,
  openId: null as number | null,
  thread: null as Thread | null,
  outgoing: [] as Outgoing[],
  typing: {} as Record<number, Typing>,
  conn: 'closed' as SocketState,
  /** Highest seq the agent has seen per conversation (for unread dots). */
  seen: {} as Record<number, number>,
  toast: null as string | null,
})

const socket = new AgentSocket()
const typingTimers = new Map<number, ReturnType<typeof setTimeout>>()
let toastTimer: ReturnType<typeof setTimeout> | null = null
let everOpen = false
/** Conversations changed by frames while a list fetch was running. */
const touched = new Set<number>()
let listRequest = 0

// ---- helpers ------------------------------------------------------------------

function readJson<T>(key: string, fallback: T): T {
  try {
    const raw = localStorage.getItem(key)
    return raw ? (JSON.parse(raw) as T) : fallback
  } catch {
    return fallback
  }
}

function writeJson(key: string, v: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(v))
  } catch {
    // storage full or blocked
  }
}

function seenKey(): string {
  return 'kadesk.console.seen.' + (desk.me?.id ?? 0)
}

function persistOutgoing(): void {
  writeJson(PENDING_KEY, desk.outgoing)
}

export function showToast(msg: string): void {
  desk.toast = msg
  if (toastTimer) clearTimeout(toastTimer)
  toastTimer = setTimeout(() => (desk.toast = null), 5000)
}

function errText(e: unknown): string {
  if (e instanceof ApiError) return e.message
  return e instanceof Error ? e.message : String(e)
}

function actionFailed(e: unknown): void {
  showToast(t('actionFailed', { msg: errText(e) }))
}

function upsert(c: Conversation): void {
  const old = desk.convs.get(c.id)
  if (old && old.updated_at > c.updated_at && old.last_seq >= c.last_seq) return
  desk.convs.set(c.id, c)
}

export function matches(c: Conversation): boolean {
  if (desk.status && c.status !== desk.status) return false
  if (desk.scope === 'mine') return c.assignee_id != null && c.assignee_id === desk.me?.id
  if (desk.scope === 'unassigned') return c.assignee_id == null
  return true
}

function activity(c: Conversation): number {
  return c.last_message_at ?? c.created_at
}

/** The unassigned queue is worked most urgent first; other lists by activity. */
export const listView = computed(() => {
  const byPriority = desk.scope === 'unassigned'
  return [...desk.convs.values()]
    .filter(matches)
    .sort(
      (a, b) =>
        (byPriority ? b.priority - a.priority : 0) || activity(b) - activity(a) || b.id - a.id,
    )
})

export function isUnread(c: Conversation): boolean {
  return c.id !== desk.openId && c.last_seq > (desk.seen[c.id] ?? 0)
}

export const unreadCount = computed(() => listView.value.filter(isUnread).length)

function markSeen(convId: number, seq: number): void {
  if (seq > (desk.seen[convId] ?? 0)) {
    desk.seen[convId] = seq
    writeJson(seenKey(), desk.seen)
  }
}

function threadMax(th: Thread): number {
  return th.messages.length ? th.messages[th.messages.length - 1]!.seq : 0
}

function insert(th: Thread, m: Message): void {
  const list = th.messages
  const at = list.findIndex((x) => x.id === m.id)
  if (at >= 0) {
    list[at] = m
    return
  }
  let i = list.length
  while (i > 0 && list[i - 1]!.seq > m.seq) i--
  list.splice(i, 0, m)
}

// ---- session --------------------------------------------------------------------

export function startDesk(user: User): void {
  desk.me = user
  desk.seen = readJson<Record<number, number>>(seenKey(), {})
  desk.outgoing = readJson<Outgoing[]>(PENDING_KEY, [])
  socket.onFrame = onFrame
  socket.onState = (s) => (desk.conn = s)
  socket.onRefused = () => {
    // The socket was refused before `hello`: find out whether the session is gone.
    api.me().catch((e: unknown) => {
      if (e instanceof ApiError && e.status === 401) onSignedOut?.()
    })
  }
  void loadUsers()
  void loadList(true)
  socket.start()
  const m = /\/console\/conversations\/(\d+)/.exec(location.pathname)
  if (m) void openConversation(Number(m[1]), false)
  window.addEventListener('popstate', onPopState)
}

export function stopDesk(): void {
  socket.stop()
  everOpen = false
  window.removeEventListener('popstate', onPopState)
  desk.me = null
  desk.convs.clear()
  desk.thread = null
  desk.openId = null
  desk.typing = {}
  desk.online.clear()
  desk.users = []
}

/** Set by the app: called when the server says the session is gone. */
let onSignedOut: (() => void) | null = null
export function setSignedOutHandler(fn: () => void): void {
  onSignedOut = fn
}

function onPopState(): void {
  const m = /\/console\/conversations\/(\d+)/.exec(location.pathname)
  if (m) void openConversation(Number(m[1]), false)
  else closeConversation(false)
}

export async function loadUsers(): Promise<void> {
  try {
    const r = await api.users()
    desk.users = r.items
    desk.online = new Set(r.online)
  } catch {
    // the list still works without colleagues
  }
}

// ---- list -------------------------------------------------------------------------

export function setFilter(scope: Scope, status: ConversationStatus | null): void {
  desk.scope = scope
  desk.status = status
  void loadList(true)
}

export async function loadList(reset: boolean): Promise<void> {
  const req = ++listRequest
  if (reset) touched.clear()
  desk.listLoading = true
  desk.listError = null
  try {
    const page = await api.conversations({
      status: desk.status ? [desk.status] : undefined,
      assignee: desk.scope === 'mine' ? 'me' : desk.scope === 'unassigned' ? 'unassigned' : undefined,
      order: desk.scope === 'unassigned' ? 'priority' : 'activity',
      limit: PAGE,
      cursor: reset ? null : desk.nextCursor,
    })
    if (req !== listRequest) return
    if (reset) {
      // Forget what the server no longer lists, except what frames just told us.
      const keep = new Set(page.items.map((c) => c.id))
      for (const id of [...desk.convs.keys()]) {
        if (!keep.has(id) && !touched.has(id) && id !== desk.openId) desk.convs.delete(id)
      }
    }
    for (const c of page.items) upsert(c)
    desk.nextCursor = page.next_cursor ?? null
  } catch (e) {
    if (req === listRequest) desk.listError = t('loadFailed', { msg: errText(e) })
  } finally {
    if (req === listRequest) desk.listLoading = false
  }
}

async function fetchConversation(id: number): Promise<void> {
  try {
    upsert(await api.conversation(id))
  } catch {
    // it will come with the next list refresh
  }
}

// ---- thread -------------------------------------------------------------------------

export async function openConversation(id: number, push = true): Promise<void> {
  if (desk.openId === id && desk.thread) return
  if (push) history.pushState(null, '', `/console/conversations/${id}`)
  desk.openId = id
  const th: Thread = { convId: id, messages: [], loading: true, loadingOlder: false, error: null, analyses: {} }
  desk.thread = th
  void loadAnalyses(id)
  try {
    const conv = await api.conversation(id)
    upsert(conv)
    const page = conv.last_seq > 0 ? await api.messagesBefore(id, conv.last_seq + 1, PAGE) : { items: [] }
    if (desk.thread?.convId !== id) return
    const live = desk.thread
    for (const m of page.items) insert(live, m)
    live.loading = false
    markSeen(id, Math.max(threadMax(live), conv.last_seq))
    // Close the gap between the REST page and the socket.
    socket.send({ type: 'sync', conversation_id: id, after: threadMax(live) })
  } catch (e) {
    if (desk.thread?.convId === id) {
      desk.thread.loading = false
      desk.thread.error = t('loadFailed', { msg: errText(e) })
    }
  }
}

/** The screenshot readings of a conversation, loaded with its history. */
async function loadAnalyses(id: number): Promise<void> {
  try {
    const list = await api.analyses(id)
    const th = desk.thread
    if (th?.convId !== id) return
    for (const a of list.items) th.analyses[a.message_id] = a
  } catch {
    // pictures still show; their readings come with the next analysis frame
  }
}

export function closeConversation(push = true): void {
  if (push) history.pushState(null, '', '/console/')
  desk.openId = null
  desk.thread = null
}

export function hasOlder(th: Thread): boolean {
  const first = th.messages[0]
  return !!first && first.seq > 1
}

export async function loadOlder(): Promise<void> {
  const th = desk.thread
  const first = th?.messages[0]
  if (!th || !first || th.loadingOlder) return
  th.loadingOlder = true
  try {
    const page = await api.messagesBefore(th.convId, first.seq, PAGE)
    if (desk.thread === th) for (const m of page.items) insert(th, m)
  } catch (e) {
    showToast(t('loadFailed', { msg: errText(e) }))
  } finally {
    th.loadingOlder = false
  }
}

// ---- replies --------------------------------------------------------------------------

function transmit(o: Outgoing): void {
  if (o.failed) return
  socket.send({
    type: 'send',
    conversation_id: o.conversation_id,
    client_id: o.client_id,
    text: o.text,
    ...(o.attachments.length ? { attachments: o.attachments.map((a) => a.id) } : {}),
  })
}

export function sendReply(text: string, attachments: Attachment[] = []): void {
  const id = desk.openId
  if (id === null) return
  const o: Outgoing = { client_id: newClientId(), conversation_id: id, text, attachments, created_at: Date.now() }
  desk.outgoing.push(o)
  persistOutgoing()
  transmit(o)
  sendTyping(false)
}

export function retryReply(clientId: string): void {
  const o = desk.outgoing.find((x) => x.client_id === clientId)
  if (!o) return
  delete o.failed
  persistOutgoing()
  transmit(o)
}

export function discardReply(clientId: string): void {
  desk.outgoing = desk.outgoing.filter((x) => x.client_id !== clientId)
  persistOutgoing()
}

function settle(clientId: string | null | undefined): void {
  if (!clientId) return
  const before = desk.outgoing.length
  desk.outgoing = desk.outgoing.filter((x) => x.client_id !== clientId)
  if (desk.outgoing.length !== before) persistOutgoing()
}

let typingOn = false
let typingAt = 0
let typingConv: number | null = null
/** Tells the buyer the agent is typing; throttled to one frame per 3 s. */
export function sendTyping(on: boolean): void {
  const id = desk.openId
  if (on && id !== null) {
    const nowMs = Date.now()
    if (typingOn && typingConv === id && nowMs - typingAt < 3000) return
    if (typingOn && typingConv !== null && typingConv !== id) {
      socket.send({ type: 'typing', on: false, conversation_id: typingConv })
    }
    typingOn = true
    typingAt = nowMs
    typingConv = id
    socket.send({ type: 'typing', on: true, conversation_id: id })
  } else if (!on && typingOn && typingConv !== null) {
    socket.send({ type: 'typing', on: false, conversation_id: typingConv })
    typingOn = false
    typingConv = null
  }
}

/** A contact was renamed: show the new name on its conversations at once. */
export function renameContact(contactId: number, name: string): void {
  for (const c of [...desk.convs.values()]) {
    if (c.contact_id === contactId && c.contact_name !== name) desk.convs.set(c.id, { ...c, contact_name: name })
  }
}

// ---- actions ---------------------------------------------------------------------------

async function act(p: Promise<Conversation>): Promise<void> {
  try {
    upsert(await p)
  } catch (e) {
    actionFailed(e)
  }
}

export const claim = (id: number) => act(api.claim(id))
export const assign = (id: number, userId: number | null) => act(api.assign(id, userId))
export const resolve = (id: number) => act(api.resolve(id))
export const reopen = (id: number) => act(api.reopen(id))

// ---- socket frames ------------------------------------------------------------------------

function setTyping(convId: number, who: Typing | null): void {
  const old = typingTimers.get(convId)
  if (old) clearTimeout(old)
  typingTimers.delete(convId)
  if (who) {
    desk.typing[convId] = who
    typingTimers.set(
      convId,
      setTimeout(() => setTyping(convId, null), 6000),
    )
  } else {
    delete desk.typing[convId]
  }
}

function onMessage(m: Message): void {
  const c = desk.convs.get(m.conversation_id)
  if (c) {
    if (m.seq >= c.last_seq) {
      desk.convs.set(c.id, {
        ...c,
        last_message_text: m.text,
        last_message_at: m.created_at,
        last_seq: m.seq,
      })
    }
  } else {
    void fetchConversation(m.conversation_id)
  }
  touched.add(m.conversation_id)
  if (m.sender === 'buyer') setTyping(m.conversation_id, null)
  if (m.sender === 'agent' && desk.typing[m.conversation_id]?.sender === 'agent') setTyping(m.conversation_id, null)
  const th = desk.thread
  if (th && th.convId === m.conversation_id && !th.loading) {
    const max = threadMax(th)
    insert(th, m)
    if (m.seq > max + 1 && max > 0) socket.send({ type: 'sync', conversation_id: th.convId, after: max })
    markSeen(th.convId, m.seq)
  }
  if (m.sender === 'agent' && m.sender_id === desk.me?.id && m.conversation_id !== desk.openId) {
    markSeen(m.conversation_id, m.seq)
  }
}

function onFrame(f: ServerFrame): void {
  switch (f.type) {
    case 'hello': {
      if (f.user) desk.me = f.user
      if (f.online) desk.online = new Set(f.online)
      const again = everOpen
      everOpen = true
      // After a reconnect (and once at start) close every gap: list, thread, queue.
      if (again) {
        void loadList(true)
        void loadUsers()
      }
      const th = desk.thread
      if (th && !th.loading) socket.send({ type: 'sync', conversation_id: th.convId, after: threadMax(th) })
      for (const o of desk.outgoing) transmit(o)
      break
    }
    case 'message':
      onMessage(f.message)
      settle(f.message.client_id)
      break
    case 'ack':
      onMessage(f.message)
      settle(f.client_id)
      break
    case 'conversation':
      touched.add(f.conversation.id)
      upsert(f.conversation)
      break
    case 'typing':
      if (f.sender === 'agent' && f.name && f.name === desk.me?.display_name) break
      setTyping(f.conversation_id, f.on ? { sender: f.sender, name: f.name ?? null } : null)
      break
    case 'presence':
      if (f.online) desk.online.add(f.user_id)
      else desk.online.delete(f.user_id)
      if (!desk.users.some((u) => u.id === f.user_id)) void loadUsers()
      break
    case 'error':
      onError(f.code, f.message, f.client_id ?? null)
      break
    case 'analysis': {
      const th = desk.thread
      if (th && th.convId === f.analysis.conversation_id) th.analyses[f.analysis.message_id] = f.analysis
      break
    }
    default:
      break
  }
}

function onError(code: string, message: string, clientId: string | null): void {
  const o = clientId ? desk.outgoing.find((x) => x.client_id === clientId) : undefined
  if (code === 'rate_limited') {
    showToast(t('rateLimited'))
    if (o) setTimeout(() => transmit(o), 2000)
    return
  }
  if (o) {
    o.failed = code
    persistOutgoing()
  }
  const key: MessageKey = 'actionFailed'
  showToast(t(key, { msg: message || code }))
}
