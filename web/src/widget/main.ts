// kadesk buyer widget. A shop embeds it with one line:
//
//   <script src="https://desk.example.com/widget.js" defer></script>
//
// Its look (colour, side, title, language, offsets, privacy link) is what the
// shop saved in the console, fetched when it loads. Data attributes on that
// tag win over it: data-server, data-lang, data-title, data-color,
// data-position, data-offset-bottom and data-offset-side (px, to keep the
// launcher off the shop's own buttons), data-privacy-url. The widget draws a round button and a chat panel
// inside a shadow root, so the shop's CSS cannot break it.

import { WidgetClient, type Problem } from './client'
import { h, ICON_AGENT, ICON_CHAT, ICON_CLOSE } from './dom'
import { translator, whenText, type Key, type Lang } from './i18n'
import { fetchSaved, findScript, readOptions, type Options } from './options'
import { Composer } from './compose'
import { Rows } from './rows'
import { css } from './styles'

const OPEN_KEY = 'kadesk.open'

class Widget {
  private readonly t
  private readonly client: WidgetClient
  private readonly root: HTMLDivElement
  private readonly launcher: HTMLButtonElement
  private readonly badge: HTMLSpanElement
  private readonly panel: HTMLElement
  private readonly status: HTMLDivElement
  private readonly conn: HTMLDivElement
  private readonly list: HTMLDivElement
  private readonly hint: HTMLParagraphElement
  private readonly typingEl: HTMLDivElement
  private readonly notice: HTMLParagraphElement
  private readonly lightbox: HTMLDivElement
  private readonly compose: Composer
  private readonly rows = new Map<string, { el: HTMLElement; sig: string }>()
  private readonly build: Rows
  /** A render is queued for the end of this task (client changes come in bursts). */
  private queued = false
  private isOpen = false
  private readonly lang: Lang
  private noticeTimer: ReturnType<typeof setTimeout> | null = null

  constructor(opts: Options) {
    this.lang = opts.lang
    this.t = translator(opts.lang)
    const t = this.t
    this.client = new WidgetClient(opts.server, opts.lang)

    const host = h('div', { id: 'kadesk-widget' })
    const shadow = host.attachShadow({ mode: 'open' })
    shadow.append(h('style', {}, css))

    this.badge = h('span', { class: 'badge', hidden: true })
    this.launcher = h('button', {
      class: 'launcher',
      type: 'button',
      'aria-label': t('open'),
      title: opts.title || t('title'),
      html: ICON_CHAT,
      onclick: () => (this.isOpen ? this.close() : this.open()),
    })
    this.launcher.append(this.badge)

    this.status = h('div', { class: 'st' }, t('statusIdle'))
    this.conn = h('div', { class: 'conn', role: 'status', hidden: true }, t('reconnecting'))
    this.hint = h('p', { class: 'hint' }, t('greeting'))
    this.list = h('div', { class: 'list', role: 'log', 'aria-live': 'polite' }, this.hint)
    this.typingEl = h('div', { class: 'typing', hidden: true }, t('agentTyping'))
    this.notice = h('p', { class: 'notice', role: 'alert', hidden: true })
    this.compose = new Composer(t, this.client, {
      notice: (key, info, vars) => this.showNotice(key, info, vars),
      hideNotice: () => this.hideNotice(),
      sent: () => this.scrollToEnd(),
    })

    this.panel = h(
      'section',
      { class: 'panel', role: 'dialog', 'aria-label': opts.title || t('title'), hidden: true },
      h(
        'header',
        { class: 'head' },
        h('div', { class: 'av', html: ICON_AGENT }),
        h('div', { class: 'tt' }, h('div', { class: 'ttl' }, opts.title || t('title')), this.status),
        h('button', {
          class: 'icon close',
          type: 'button',
          title: t('close'),
          'aria-label': t('close'),
          html: ICON_CLOSE,
          onclick: () => this.close(),
        }),
      ),
      this.conn,
      this.list,
      this.typingEl,
      this.notice,
      this.compose.count,
      this.compose.sheet,
      this.compose.el,
      h(
        'div',
        { class: 'foot' },
        t('powered'),
        ...(opts.privacy
          ? [' · ', h('a', { href: opts.privacy, target: '_blank', rel: 'noopener noreferrer' }, t('privacy'))]
          : []),
      ),
    )

    const lbImg = h('img', { alt: '' })
    const lbClose = h('button', {
      class: 'icon lb-x',
      type: 'button',
      title: t('close'),
      'aria-label': t('close'),
      html: ICON_CLOSE,
    })
    this.lightbox = h(
      'div',
      { class: 'lightbox', role: 'dialog', 'aria-label': t('viewImage'), hidden: true, onclick: () => this.closeLightbox() },
      lbClose,
      lbImg,
    )

    this.root = h('div', { class: 'root ' + opts.position }, this.launcher, this.panel, this.lightbox)
    if (opts.color) this.root.style.setProperty('--a', opts.color)
    // The shop moves the launcher off its own buttons (a phone's buy bar).
    if (opts.bottom !== null) this.root.style.setProperty('--kb', opts.bottom + 'px')
    if (opts.side !== null) this.root.style.setProperty('--ks', opts.side + 'px')
    shadow.append(this.root)
    document.body.append(host)

    this.build = new Rows(t, this.client, {
      view: (src, alt) => {
        lbImg.src = src
        lbImg.alt = alt
        this.lightbox.hidden = false
        lbClose.focus()
      },
      pictureLoaded: () => {
        if (this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < 260) this.scrollToEnd()
      },
      problem: (key) => this.showNotice(key),
    })
    this.client.onChange = () => this.schedule()
    this.client.onProblem = (p: Problem) => this.showNotice(p)

    shadow.addEventListener('keydown', (e) => {
      if ((e as KeyboardEvent).key === 'Escape') {
        if (!this.lightbox.hidden) this.closeLightbox()
        else if (this.isOpen) this.close()
      }
    })

    // A returning buyer connects at once (for the unread badge); a new visitor
    // gets a session only when they open the chat.
    if (this.client.hasToken) this.client.start()
    let reopen = false
    try {
      reopen = sessionStorage.getItem(OPEN_KEY) === '1'
    } catch {
      // no session storage
    }
    if (reopen) this.open(false)
    this.render()
  }

  open(focus = true): void {
    this.isOpen = true
    this.panel.hidden = false
    this.root.classList.add('open')
    this.launcher.setAttribute('aria-expanded', 'true')
    this.remember(true)
    this.client.start()
    this.client.markRead()
    this.render()
    this.scrollToEnd()
    if (focus) this.compose.input.focus()
  }

  close(): void {
    this.isOpen = false
    this.panel.hidden = true
    this.root.classList.remove('open')
    this.launcher.setAttribute('aria-expanded', 'false')
    this.remember(false)
    this.compose.setTyping(false)
    this.render()
    this.launcher.focus()
  }

  private closeLightbox(): void {
    this.lightbox.hidden = true
    if (this.isOpen) this.compose.input.focus()
  }

  private remember(open: boolean): void {
    try {
      sessionStorage.setItem(OPEN_KEY, open ? '1' : '0')
    } catch {
      // ignore
    }
  }

  private showNotice(key: Key, info = false, vars?: Record<string, string>): void {
    if (this.noticeTimer) clearTimeout(this.noticeTimer)
    this.notice.textContent = this.t(key, vars)
    this.notice.classList.toggle('info', info)
    this.notice.hidden = false
    if (!info) this.noticeTimer = setTimeout(() => this.hideNotice(), 6000)
  }

  private hideNotice(): void {
    this.notice.hidden = true
  }

  // ---- rendering ---------------------------------------------------------------

  /** Renders once after a burst of changes (a sync brings many messages at once). */
  private schedule(): void {
    if (this.queued) return
    this.queued = true
    queueMicrotask(() => {
      this.queued = false
      this.render()
    })
  }

  private render(): void {
    const c = this.client
    const t = this.t
    if (this.isOpen) c.markRead()
    const unread = this.isOpen ? 0 : c.unread()
    this.badge.hidden = unread === 0
    this.badge.textContent = unread > 99 ? '99+' : String(unread)

    this.conn.hidden = c.state !== 'reconnecting'
    this.typingEl.hidden = !c.agentTyping

    const conv = c.conversation
    let st: string = t('statusIdle')
    if (conv) {
      // An agent is named once they answer, not when assigned (they may be away).
      const answered = conv.status === 'assigned' && [...c.messages.values()].some((m) => m.sender === 'agent')
      if (answered) st = t('statusAssigned', { name: conv.assignee_name || t('agent') })
      else if (conv.status === 'assigned') st = t('statusQueued')
      else if (conv.status === 'queued' && conv.queue) {
        const minutes = String(Math.max(1, Math.ceil(conv.queue.estimated_wait_secs / 60)))
        const ahead = conv.queue.position - 1
        const opensAt = conv.queue.opens_at
        if (opensAt != null) st = t('queueOff', { when: whenText(opensAt, Date.now(), this.lang), place: String(conv.queue.position) })
        else st = ahead > 0 ? t('queuePlace', { ahead: String(ahead), minutes }) : t('queueNext', { minutes })
      } else if (conv.status === 'queued') st = c.messages.size ? t('statusQueued') : t('statusIdle')
      else if (conv.status === 'bot') st = t('statusBot')
      else if (conv.status === 'resolved') st = t('statusResolved')
      else if (conv.status === 'closed') st = t('statusClosed')
    }
    this.status.textContent = st

    if (!this.isOpen) return
    const stick = this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < 80
    const keep = new Set<string>()
    const order: HTMLElement[] = [this.hint]
    const put = (key: string, sig: string, make: () => HTMLElement) => {
      keep.add(key)
      let row = this.rows.get(key)
      if (!row || row.sig !== sig) {
        row?.el.remove()
        row = { el: make(), sig }
        this.rows.set(key, row)
      }
      order.push(row.el)
    }
    const sorted = c.sorted()
    const last = sorted.at(-1)
    for (const m of sorted) {
      const key = m.sender === 'buyer' && m.client_id ? 'c' + m.client_id : 'm' + m.id
      // Buttons only under the newest message, while the bot owns the chat.
      const live = m === last && conv?.status === 'bot'
      put(key, live ? 'live' : 'sent', () => this.build.messageRow(m, live))
      // Re-delivered keys sit under their note, in memory only; once gone
      // (a reload), the note says how to see them again.
      if (m.client_id?.startsWith('keys-')) {
        const ck = c.cardKeys.find((x) => x.message_id === m.id)
        put('k' + m.id, ck ? 'keys' : 'gone', () => (ck ? this.build.keysRow(ck) : this.build.keysGoneRow()))
      }
    }
    for (const o of c.outgoing) put('c' + o.client_id, o.failed ? 'failed' : 'sending', () => this.build.outgoingRow(o))
    // While waiting in line: a way to leave contact details and go.
    if (conv?.status === 'queued' && conv.queue) put('contact', 'form:' + conv.id, () => this.build.contactRow())
    // Once resolved: the star prompt, then a thank-you.
    // The thank-you goes once the buyer writes again.
    if (conv?.status === 'resolved') {
      if (conv.rating) put('rating', 'thanks', () => this.build.rateThanksRow())
      else put('rating', 'prompt:' + conv.id, () => this.build.rateRow())
    }
    for (const [key, row] of this.rows) {
      if (!keep.has(key)) {
        row.el.remove()
        this.rows.delete(key)
      }
    }
    // Re-append in order; nodes already in place are only moved, not rebuilt.
    let prev: Element | null = null
    for (const el of order) {
      const want: Element | null = prev ? prev.nextElementSibling : this.list.firstElementChild
      if (want !== el) this.list.insertBefore(el, want)
      prev = el
    }
    if (stick) this.scrollToEnd()
  }

  private scrollToEnd(): void {
    this.list.scrollTop = this.list.scrollHeight
  }
}

declare global {
  interface Window {
    kadesk?: { open: () => void; close: () => void }
  }
}

let booting = false

async function boot(): Promise<void> {
  if (window.kadesk || booting) return
  booting = true
  const saved = await fetchSaved(readOptions(script).server)
  const opts = readOptions(script, saved)
  const w = new Widget(opts)
  window.kadesk = { open: () => w.open(), close: () => w.close() }
}

// document.currentScript is only set while this file runs, so read it now.
const script = findScript()
if (document.body) void boot()
else document.addEventListener('DOMContentLoaded', () => void boot())
