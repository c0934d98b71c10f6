// The agent socket, /api/v1/agent/ws, with reconnects: 1 s, 2 s, 4 s … 15 s.

import type { ClientFrame, ServerFrame } from '../../api/types'

/** Close code of a socket whose session ended: sign in again. */
const SESSION_ENDED = 4001

export type SocketState = 'connecting' | 'open' | 'reconnecting' | 'closed'

export class AgentSocket {
  state: SocketState = 'closed'
  onFrame: (f: ServerFrame) => void = () => {}
  onState: (s: SocketState) => void = () => {}
  /** Called after a connection closed without a `hello` or because its session ended (maybe a lost session). */
  onRefused: () => void = () => {}

  private ws: WebSocket | null = null
  private attempt = 0
  private timer: ReturnType<typeof setTimeout> | null = null
  private ping: ReturnType<typeof setInterval> | null = null
  private stopped = true
  private readonly onlineListener = () => this.now()

  start(): void {
    if (!this.stopped) return
    this.stopped = false
    this.attempt = 0
    window.addEventListener('online', this.onlineListener)
    this.open()
  }

  stop(): void {
    this.stopped = true
    window.removeEventListener('online', this.onlineListener)
    if (this.timer) clearTimeout(this.timer)
    if (this.ping) clearInterval(this.ping)
    this.timer = null
    this.ping = null
    const ws = this.ws
    this.ws = null
    ws?.close()
    this.set('closed')
  }

  /** Sends a frame if the socket is open; answers whether it went out. */
  send(f: ClientFrame): boolean {
    if (this.ws && this.ws.readyState === WebSocket.OPEN && this.state === 'open') {
      this.ws.send(JSON.stringify(f))
      return true
    }
    return false
  }

  private set(s: SocketState): void {
    if (this.state === s) return
    this.state = s
    this.onState(s)
  }

  private open(): void {
    this.set(this.attempt === 0 ? 'connecting' : 'reconnecting')
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:'
    const ws = new WebSocket(`${proto}//${location.host}/api/v1/agent/ws`)
    this.ws = ws
    let greeted = false
    ws.onmessage = (ev) => {
      let f: ServerFrame
      try {
        f = JSON.parse(String(ev.data)) as ServerFrame
      } catch {
        return
      }
      if (f.type === 'hello') {
        greeted = true
        this.attempt = 0
        this.set('open')
        if (this.ping) clearInterval(this.ping)
        this.ping = setInterval(() => this.send({ type: 'ping' }), 25_000)
      }
      this.onFrame(f)
    }
    ws.onclose = (ev) => {
      if (this.ws !== ws) return
      this.ws = null
      if (this.ping) clearInterval(this.ping)
      this.ping = null
      if (this.stopped) return
      // 4001: the session ended (revoked, account disabled, new password).
      if (!greeted || ev.code === SESSION_ENDED) this.onRefused()
      this.later()
    }
  }

  private later(): void {
    const delay = Math.min(15, 2 ** this.attempt) * 1000
    this.attempt++
    this.set('reconnecting')
    if (this.timer) clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      this.timer = null
      if (!this.stopped) this.open()
    }, delay)
  }

  private now(): void {
    if (this.stopped || !this.timer) return
    clearTimeout(this.timer)
    this.timer = null
    this.open()
  }
}
