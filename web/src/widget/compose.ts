// The buyer's compose bar: the text box (Enter sends, Shift+Enter is a new
// line, Enter while an input method composes only picks the word), the
// typing notice to the agent, and pictures — picked after saying what they
// show (the category sheet), pasted, size- and type-checked before upload.

import { MAX_TEXT_CHARS, MAX_UPLOAD_BYTES, UPLOAD_TYPES } from '../api/types'
import type { WidgetClient } from './client'
import { h, ICON_IMAGE } from './dom'
import type { Key, translator } from './i18n'

/** What the compose bar asks of the view. */
export interface ComposeHooks {
  notice(key: Key, info?: boolean, vars?: Record<string, string>): void
  hideNotice(): void
  /** Something was sent: follow the conversation to its end. */
  sent(): void
}

export class Composer {
  readonly input: HTMLTextAreaElement
  readonly sendBtn: HTMLButtonElement
  readonly file: HTMLInputElement
  readonly attach: HTMLButtonElement
  readonly sheet: HTMLDivElement
  /** Characters used, shown near the limit. */
  readonly count: HTMLDivElement
  /** The bar itself (attach, text, send). */
  readonly el: HTMLDivElement
  /** The category chosen in the sheet for the picture being picked. */
  private category: string | null = null
  private composing = false
  private typingSentAt = 0
  private typingOn = false
  private typingIdle: ReturnType<typeof setTimeout> | null = null

  constructor(
    t: ReturnType<typeof translator>,
    private readonly client: WidgetClient,
    private readonly hooks: ComposeHooks,
  ) {
    this.input = h('textarea', {
      rows: '1',
      placeholder: t('placeholder'),
      'aria-label': t('placeholder'),
      onkeydown: (e) => this.onKey(e as KeyboardEvent),
      oninput: () => this.onInput(),
      oncompositionstart: () => (this.composing = true),
      oncompositionend: () => (this.composing = false),
      onpaste: (e) => this.onPaste(e as ClipboardEvent),
    })
    this.count = h('div', { class: 'cnt', 'aria-live': 'polite', hidden: true })
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
    this.attach = h('button', {
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

    this.el = h('div', { class: 'compose' }, this.attach, this.input, this.sendBtn, this.file)
  }

  private onKey(e: KeyboardEvent): void {
    if (e.key !== 'Enter' || e.shiftKey) return
    // An IME (e.g. Chinese pinyin) uses Enter to pick a candidate: never send then.
    if (e.isComposing || this.composing || e.keyCode === 229) return
    e.preventDefault()
    this.submit()
  }

  /** Characters typed (a CJK character or an emoji is one). */
  private length(): number {
    return [...this.input.value.trim()].length
  }

  private onInput(): void {
    this.autosize()
    const n = this.length()
    this.count.hidden = n < MAX_TEXT_CHARS * 0.9
    this.count.textContent = n + ' / ' + MAX_TEXT_CHARS
    this.count.classList.toggle('over', n > MAX_TEXT_CHARS)
    this.sendBtn.disabled = !n || n > MAX_TEXT_CHARS
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

  /** Stops the typing notice (the panel closed, or the text was sent). */
  setTyping(on: boolean): void {
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
    const n = this.length()
    if (n > MAX_TEXT_CHARS) {
      this.hooks.notice('tooLongBy', false, { n: String(n - MAX_TEXT_CHARS) })
      return
    }
    this.setTyping(false)
    this.client.send(text)
    this.input.value = ''
    this.onInput()
    this.sendBtn.disabled = true
    this.hooks.sent()
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
    if (f.type && !UPLOAD_TYPES.includes(f.type)) return this.hooks.notice('badType')
    if (f.size > MAX_UPLOAD_BYTES) return this.hooks.notice('tooLarge')
    this.hooks.notice('uploading', true)
    let status: number
    try {
      // The picture and its message in one call; the typed text stays in the box.
      status = await this.client.attachPicture(f, category)
    } catch {
      return this.hooks.notice('uploadFailed')
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
      return this.hooks.notice(key)
    }
    this.hooks.hideNotice()
    this.hooks.sent()
  }
}
