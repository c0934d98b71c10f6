// The live desk: the agent socket and what its frames change. `start` runs
// when an agent signs in (their outbox, list, colleagues, socket), `stop`
// when they sign out or the session is lost: the socket closes and every
// store is reset, so nothing of one agent is left for the next.

import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { Attachment, ErrorCode, Message, ServerFrame, User } from '../../api/types'
import { newClientId } from '../../api/types'
import { call, http, ApiError } from '../api/client'
import { tDynamic, t } from '../shared/i18n'
import { notifyError } from '../shared/notify'
import { AgentSocket, type SocketState } from '../shared/socket'
import { useNotes } from '../features/notes/store'
import { useSla } from '../features/sla/store'
import { useAlerts } from '../features/alerts/store'
import { useConversations } from './conversations'
import { useOutbox, type Outgoing } from './outbox'
import { usePresence } from './presence'
import { useSession } from './session'
import { useThread } from './thread'

/** At most one typing frame per conversation this often. */
const TYPING_EVERY_MS = 3000

export const useLive = defineStore('live', () => {
  const conn = ref<SocketState>('closed')
  /** Counts frames that change the floor (conversations, presence, breaches): pages watch it to reload. */
  const changes = ref(0)
  const socket = new AgentSocket()
  /** The user the socket was greeted as; replies go out only on their socket. */
  let greetedAs: number | null = null
  let everOpen = false
  let onSignedOut: () => void = () => {}

  const list = useConversations()
  const thread = useThread()
  const outbox = useOutbox()
  const presence = usePresence()
  const session = useSession()
  const notes = useNotes()
  const sla = useSla()
  const alerts = useAlerts()

  thread.onSync((conversation_id, after) => socket.send({ type: 'sync', conversation_id, after }))

  function transmit(o: Outgoing): void {
    if (o.failed || greetedAs === null || greetedAs !== outbox.owner) return
    socket.send({
      type: 'send',
      conversation_id: o.conversation_id,
      client_id: o.client_id,
      text: o.text,
      ...(o.attachments.length ? { attachments: o.attachments.map((a) => a.id) } : {}),
    })
  }

  /** Signs the desk in for `user` (after sign-in or a reload with a session). */
  function start(user: User, signedOut: () => void): void {
    onSignedOut = signedOut
    outbox.open(user.id)
    list.start(user.id)
    socket.onFrame = onFrame
    socket.onState = (s) => (conn.value = s)
    socket.onRefused = () => {
      // Refused before `hello`: find out whether the session is gone.
      call(http.GET('/api/v1/auth/me'), { quiet401: true }).catch((e: unknown) => {
        if (e instanceof ApiError && e.status === 401) onSignedOut()
      })
    }
    void presence.loadUsers()
    void list.loadList(true)
    sla.start()
    socket.start()
  }

  function stop(): void {
    socket.stop()
    greetedAs = null
    everOpen = false
    typingOn = false
    typingConv = null
    conn.value = 'closed'
    outbox.close()
    list.reset()
    thread.reset()
    presence.reset()
    notes.reset()
    sla.reset()
    alerts.reset()
  }

  function sendReply(conversationId: number, text: string, attachments: Attachment[] = []): void {
    const o: Outgoing = { client_id: newClientId(), conversation_id: conversationId, text, attachments, created_at: Date.now() }
    outbox.add(o)
    transmit(o)
    sendTyping(null)
  }

  function retryReply(clientId: string): void {
    const o = outbox.clearFailure(clientId)
    if (o) transmit(o)
  }

  let typingOn = false
  let typingAt = 0
  let typingConv: number | null = null
  /** Tells the buyer the agent is typing in `convId` (null: stopped); throttled. */
  function sendTyping(convId: number | null): void {
    if (convId !== null) {
      const nowMs = Date.now()
      if (typingOn && typingConv === convId && nowMs - typingAt < TYPING_EVERY_MS) return
      if (typingOn && typingConv !== null && typingConv !== convId) {
        socket.send({ type: 'typing', on: false, conversation_id: typingConv })
      }
      typingOn = true
      typingAt = nowMs
      typingConv = convId
      socket.send({ type: 'typing', on: true, conversation_id: convId })
    } else if (typingOn && typingConv !== null) {
      socket.send({ type: 'typing', on: false, conversation_id: typingConv })
      typingOn = false
      typingConv = null
    }
  }

  function onMessage(m: Message): void {
    const c = list.convs.get(m.conversation_id)
    if (c) {
      if (m.seq >= c.last_seq) {
        list.convs.set(c.id, { ...c, last_message_text: m.text, last_message_at: m.created_at, last_seq: m.seq })
      }
    } else {
      void list.fetchOne(m.conversation_id)
    }
    list.touch(m.conversation_id)
    if (m.sender === 'buyer') presence.setTyping(m.conversation_id, null)
    if (m.sender === 'agent' && presence.typing[m.conversation_id]?.sender === 'agent') {
      presence.setTyping(m.conversation_id, null)
    }
    thread.receive(m)
    if (m.sender === 'agent' && m.sender_id === session.me?.id && m.conversation_id !== list.openId) {
      list.markSeen(m.conversation_id, m.seq)
    }
  }

  function onFrame(f: ServerFrame): void {
    switch (f.type) {
      case 'hello': {
        if (f.user) session.me = f.user
        greetedAs = f.user?.id ?? session.me?.id ?? null
        if (f.online) presence.setOnline(f.online)
        const again = everOpen
        everOpen = true
        // After a reconnect close every gap: list, colleagues, thread.
        if (again) {
          void list.loadList(true)
          void presence.loadUsers()
        }
        const th = thread.thread
        if (th && !th.loading) {
          const last = th.messages.at(-1)?.seq ?? 0
          socket.send({ type: 'sync', conversation_id: th.convId, after: last })
        }
        for (const o of outbox.items) transmit(o)
        break
      }
      case 'message':
        onMessage(f.message)
        outbox.settle(f.message.client_id)
        alerts.message(f.message, list.convs.get(f.message.conversation_id), session.me?.id, list.openId)
        break
      case 'ack':
        onMessage(f.message)
        outbox.settle(f.client_id)
        break
      case 'conversation': {
        const before = list.convs.get(f.conversation.id)
        list.touch(f.conversation.id)
        list.upsert(f.conversation)
        alerts.conversation(before, f.conversation, session.me?.id)
        sla.changed()
        changes.value++
        break
      }
      case 'typing':
        if (f.sender === 'agent' && f.name && f.name === session.me?.display_name) break
        presence.setTyping(f.conversation_id, f.on ? { sender: f.sender, name: f.name ?? null } : null)
        break
      case 'presence':
        presence.presence(f.user_id, f.online)
        changes.value++
        break
      case 'error':
        onError(f.code, f.client_id ?? null)
        break
      case 'analysis':
        thread.receiveAnalysis(f.analysis)
        break
      case 'note':
        notes.receive(f.note)
        break
      case 'sla_breach':
        sla.breach(f, list.convs.get(f.conversation_id)?.assignee_id ?? null)
        changes.value++
        break
      default:
        break
    }
  }

  function onError(code: ErrorCode, clientId: string | null): void {
    const o = clientId ? outbox.find(clientId) : undefined
    if (code === 'rate_limited') {
      notifyError(t('rateLimited'))
      if (o) setTimeout(() => transmit(o), 2000)
      return
    }
    if (o) outbox.fail(o.client_id, code)
    notifyError(tDynamic('err_' + code, t('err_http', { status: code })))
  }

  return { conn, changes, start, stop, sendReply, retryReply, sendTyping }
})
