// kadesk buyer widget. A shop embeds it with one line:
//
//   <script src="https://desk.example.com/widget.js" defer></script>
//
// Options are data attributes on that tag: data-server, data-lang, data-title,
// data-color, data-position. The widget draws a round button and a chat panel
// inside a shadow root, so the shop's CSS cannot break it.

import { MAX_TEXT_CHARS, MAX_UPLOAD_BYTES, UPLOAD_TYPES } from '../api/types'
import { WidgetClient, type Problem } from './client'
import { h, ICON_AGENT, ICON_CHAT, ICON_CLOSE, ICON_IMAGE } from './dom'
import { translator, type Key } from './i18n'
import { findScript, readOptions, type Options } from './options'
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
  private readonly input: HTMLTextAreaElement
  private readonly sendBtn: HTMLButtonElement
  private readonly file: HTMLInputElement
  private readonly lightbox: HTMLDivElement
  private readonly sheet: HTMLDivElement
  /** The category chosen in the sheet for the picture being picked. */
  private category: string | null = null
  private readonly rows = new Map<string, { el: HTMLElement; sig: string }>()
  private readonly build: Rows
  /** A render is queued for the end of this task (client changes come in bursts). */
  private queued = false
  private isOpen = false
  private composing = false
  private typingSentAt = 0
  private typingOn = false
  private typingIdle: ReturnType<typeof setTimeout> | null = null
  private noticeTimer: ReturnType<typeof setTimeout> | null = null

  constructor(opts: Options) {
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
    this.input = h('textarea', {
      rows: '1',
      placeholder: t('placeholder'),
      'aria-label': t('placeholder'),
      maxlength: String(MAX_TEXT_CHARS),
      onkeydown: (e) => this.onKey(e as KeyboardEvent),
      oninput: () => this.onInput(),
      oncompositionstart: () => (this.composing = true),
      oncompositionend: () => (this.composing = false),
      onpaste: (e) => this.onPaste(e as ClipboardEvent),
    })
    this.sendBtn = h('button', { class: 'send', type: 'button', disabled: true, onclick: () => this.submit() }, t('send'))
    this.file = h('input', {
      type: 'file',
      accept: UPLOAD_TYPES.join(','),
      hidden: true,
      onchange: () => {
        const f = this.file.files?.[0]
        this.file.value = ''
        if (f) void this.upload(f)
      },
    })
    const attach = h('button', {
      class: 'icon attach',
      type: 'button',
      title: t('attach'),
      'aria-label': t('attach'),
      html: ICON_IMAGE,
      onclick: () => (this.sheet.hidden = !this.sheet.hidden),
    })
    const cats: [string, Key, Key][] = [
      ['order', 'catOrder', 'catOrderHint'],
      ['payment', 'catPayment', 'catPaymentHint'],
      ['error', 'catError', 'catErrorHint'],
      ['product', 'catProduct', 'catProductHint'],
    ]
    this.sheet = h(
      'div',
      { class: 'sheet', role: 'menu', hidden: true },
      h('div', { class: 'sheet-t' }, t('pickKind')),
      ...cats.map(([cat, label, hint]) =>
        h(
          'button',
          {
            class: 'cat',
            type: 'button',
            role: 'menuitem',
            'data-category': cat,
            onclick: () => {
              this.category = cat
              this.sheet.hidden = true
              this.file.click()
            },
          },
          h('b', {}, t(label)),
          h('span', {}, t(hint)),
        ),
      ),
      h('button', { class: 'cancel', type: 'button', onclick: () => (this.sheet.hidden = true) }, t('cancel')),
    )

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
      this.sheet,
      h('div', { class: 'compose' }, attach, this.input, this.sendBtn, this.file),
      h('div', { class: 'foot' }, t('powered')),
    )

    const lbImg = h('img', { alt: '' })
    this.lightbox = h('div', { class: 'lightbox', hidden: true, onclick: () => (this.lightbox.hidden = true) }, lbImg)

    this.root = h('div', { class: 'root ' + opts.position }, this.launcher, this.panel, this.lightbox)
    if (opts.color) this.root.style.setProperty('--a', opts.color)
    shadow.append(this.root)
    document.body.append(host)

    this.build = new Rows(t, this.client, {
      view: (src, alt) => {
        const big = this.lightbox.firstElementChild as HTMLImageElement
        big.src = src
        big.alt = alt
        this.lightbox.hidden = false
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
        if (!this.lightbox.hidden) this.lightbox.hidden = true
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
    if (focus) this.input.focus()
  }

  close(): void {
    this.isOpen = false
    this.panel.hidden = true
    this.root.classList.remove('open')
    this.launcher.setAttribute('aria-expanded', 'false')
    this.remember(false)
    this.setTyping(false)
    this.render()
    this.launcher.focus()
  }

  private remember(open: boolean): void {
    try {
      sessionStorage.setItem(OPEN_KEY, open ? '1' : '0')
    } catch {
      // ignore
    }
  }

  // ---- input -----------------------------------------------------------------

  private onKey(e: KeyboardEvent): void {
    if (e.key !== 'Enter' || e.shiftKey) return
    // An IME (e.g. Chinese pinyin) uses Enter to pick a candidate: never send then.
    if (e.isComposing || this.composing || e.keyCode === 229) return
    e.preventDefault()
    this.submit()
  }

  private onInput(): void {
    this.autosize()
    this.sendBtn.disabled = !this.input.value.trim()
    if (!this.input.value) {
      this.setTyping(false)
      return
    }
    const now = Date.now()
    if (!this.typingOn || now - this.typingSentAt > 3000) {
      this.typingOn = true
      this.typingSentAt = now
      this.client.typing(true)
    }
    if (this.typingIdle) clearTimeout(this.typingIdle)
    this.typingIdle = setTimeout(() => this.setTyping(false), 4000)
  }

  private setTyping(on: boolean): void {
    if (this.typingIdle) clearTimeout(this.typingIdle)
    this.typingIdle = null
    if (!on && this.typingOn) {
      this.typingOn = false
      this.client.typing(false)
    }
  }

  private autosize(): void {
    this.input.style.height = 'auto'
    this.input.style.height = Math.min(this.input.scrollHeight + 2, 120) + 'px'
  }

  private submit(): void {
    const text = this.input.value.trim()
    if (!text) return
    if (text.length > MAX_TEXT_CHARS) {
      this.showNotice('tooLong')
      return
    }
    this.setTyping(false)
    this.client.send(text)
    this.input.value = ''
    this.autosize()
    this.sendBtn.disabled = true
    this.scrollToEnd()
  }

  private onPaste(e: ClipboardEvent): void {
    const f = e.clipboardData?.files?.[0]
    if (f && f.type.startsWith('image/')) {
      e.preventDefault()
      void this.upload(f)
    }
  }

  private async upload(f: File): Promise<void> {
    const category = this.category
    this.category = null
    if (f.type && !UPLOAD_TYPES.includes(f.type)) return this.showNotice('badType')
    if (f.size > MAX_UPLOAD_BYTES) return this.showNotice('tooLarge')
    this.showNotice('uploading', true)
    let status: number
    try {
      // The picture and its message in one call; the typed text stays in the box.
      status = await this.client.attachPicture(f, category)
    } catch {
      return this.showNotice('uploadFailed')
    }
    if (status !== 201) {
      const key: Key =
        status === 503
          ? 'busy'
          : status === 413
            ? 'tooLarge'
            : status === 415
              ? 'badType'
              : status === 429
                ? 'rateLimited'
                : 'uploadFailed'
      return this.showNotice(key)
    }
    this.hideNotice()
    this.scrollToEnd()
  }

  private showNotice(key: Key, info = false): void {
    if (this.noticeTimer) clearTimeout(this.noticeTimer)
    this.notice.textContent = this.t(key)
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
      if (conv.status === 'assigned') st = t('statusAssigned', { name: conv.assignee_name || t('agent') })
      else if (conv.status === 'queued') st = c.messages.size ? t('statusQueued') : t('statusIdle')
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
    let k = 0
    const putKeys = (before: number) => {
      for (let ck = c.cardKeys[k]; ck && ck.at < before; ck = c.cardKeys[++k]) {
        const shown = ck
        put('k' + k, 'keys', () => this.build.keysRow(shown))
      }
    }
    for (const m of sorted) {
      // Re-delivered keys sit where they arrived (memory only, never stored).
      putKeys(m.created_at)
      const key = m.sender === 'buyer' && m.client_id ? 'c' + m.client_id : 'm' + m.id
      // Buttons only under the newest message, while the bot owns the chat.
      const live = m === last && conv?.status === 'bot'
      put(key, live ? 'live' : 'sent', () => this.build.messageRow(m, live))
    }
    putKeys(Infinity)
    for (const o of c.outgoing) put('c' + o.client_id, o.failed ? 'failed' : 'sending', () => this.build.outgoingRow(o))
    // Once resolved: the star prompt, then a thank-you.
    if (conv?.rating) put('rating', 'thanks', () => this.build.rateThanksRow())
    else if (conv?.status === 'resolved') put('rating', 'prompt:' + conv.id, () => this.build.rateRow())
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

function boot(): void {
  if (window.kadesk) return
  const opts = readOptions(script)
  const w = new Widget(opts)
  window.kadesk = { open: () => w.open(), close: () => w.close() }
}

// document.currentScript is only set while this file runs, so read it now.
const script = findScript()
if (document.body) boot()
else document.addEventListener('DOMContentLoaded', boot)
