// The rows of the chat: messages (by sender), replies still on their way,
// re-delivered card keys and the rating prompt. Each row is built once per
// state (see the view's render) and only moved afterwards.

import type { Attachment, BuyerMessage } from '../api/types'
import type { CardKeys, Outgoing, WidgetClient } from './client'
import { h, hhmm } from './dom'
import type { Key, translator } from './i18n'

/** What rows ask of the view. */
export interface RowHooks {
  /** Open a picture full size. */
  view(src: string, alt: string): void
  /** A thumbnail loaded (the list may need to scroll). */
  pictureLoaded(): void
  /** Tell the buyer something went wrong. */
  problem(key: Key): void
}

export class Rows {
  constructor(
    private readonly t: ReturnType<typeof translator>,
    private readonly client: WidgetClient,
    private readonly hooks: RowHooks,
  ) {}

  images(atts: Attachment[]): HTMLElement | null {
    if (!atts.length) return null
    return h(
      'div',
      { class: 'imgs' },
      ...atts.map((a) => {
        const src = this.client.url(a.url)
        const img = h('img', { src: this.client.url(a.thumbnail_url || a.url), alt: a.name, loading: 'lazy' })
        img.addEventListener('load', () => this.hooks.pictureLoaded())
        return h(
          'button',
          {
            class: 'thumb',
            type: 'button',
            title: this.t('viewImage'),
            onclick: () => this.hooks.view(src, a.name),
          },
          img,
        )
      }),
    )
  }

  bubble(text: string, atts: Attachment[]): HTMLElement {
    const b = h('div', { class: 'bubble' })
    const imgs = this.images(atts)
    if (text) b.append(text)
    if (imgs) b.append(imgs)
    return b
  }

  rateRow(): HTMLElement {
    const t = this.t
    let stars = 0
    const buttons: HTMLButtonElement[] = []
    const comment = h('textarea', { rows: '2', class: 'rate-c', placeholder: t('rateComment'), maxlength: '500' })
    const submit = h('button', { class: 'send rate-s', type: 'button', disabled: true }, t('rateSubmit'))
    for (let n = 1; n <= 5; n++) {
      const b = h('button', {
        class: 'star',
        type: 'button',
        'aria-label': t('rateStar', { n: String(n) }),
        'aria-pressed': 'false',
        'data-stars': String(n),
        onclick: () => {
          stars = n
          buttons.forEach((x, i) => {
            x.classList.toggle('on', i < n)
            x.setAttribute('aria-pressed', String(i < n))
          })
          submit.disabled = false
        },
      }, '★')
      buttons.push(b)
    }
    submit.addEventListener('click', () => {
      if (!stars) return
      submit.disabled = true
      this.client.rate(stars, comment.value.trim()).catch(() => {
        submit.disabled = false
        this.hooks.problem('rateFailed')
      })
    })
    const box = h(
      'div',
      { class: 'rate', role: 'group', 'aria-label': t('ratePrompt') },
      h('div', { class: 'rate-t' }, t('ratePrompt')),
      h('div', { class: 'stars' }, ...buttons),
      comment,
      submit,
    )
    return h('div', { class: 'row sys', 'data-sender': 'rating' }, box)
  }

  contactRow(): HTMLElement {
    const t = this.t
    const input = h('input', { class: 'rate-c', type: 'text', placeholder: t('contactPlaceholder'), maxlength: '200', 'aria-label': t('contactPlaceholder') })
    const save = h('button', { class: 'send', type: 'button' }, t('contactSave'))
    const note = h('div', { class: 'rate-t' }, t('leaveContact'))
    save.addEventListener('click', () => {
      const value = input.value.trim()
      if (!value) return
      save.disabled = true
      this.client.leaveContact(value).then(
        () => {
          note.textContent = t('contactSaved', { value })
          input.remove()
          save.remove()
        },
        () => {
          save.disabled = false
          this.hooks.problem('contactInvalid')
        },
      )
    })
    return h('div', { class: 'row sys', 'data-sender': 'queue' }, h('div', { class: 'rate' }, note, input, save))
  }

  rateThanksRow(): HTMLElement {
    return h('div', { class: 'row sys', 'data-sender': 'rating-thanks' }, this.bubble(this.t('rateThanks'), []))
  }

  /** Under a card-key note whose keys this page no longer holds. */
  keysGoneRow(): HTMLElement {
    return h('div', { class: 'row bot', 'data-sender': 'card_keys_gone' }, h('div', { class: 'keys gone' }, this.t('keysGone')))
  }

  keysRow(ck: CardKeys): HTMLElement {
    const t = this.t
    const box = h('div', { class: 'keys' }, h('div', { class: 'keys-t' }, ck.order_no ? t('cardKeys', { order: ck.order_no }) : t('cardKeysPlain')))
    for (const key of ck.keys) box.append(h('code', {}, key))
    const copy = h('button', { class: 'qr', type: 'button' }, t('copy'))
    copy.addEventListener('click', () => {
      void navigator.clipboard?.writeText(ck.keys.join('\n')).then(() => {
        copy.textContent = t('copied')
      })
    })
    box.append(h('div', { class: 'keys-n' }, t('cardKeysNote')), copy)
    return h('div', { class: 'row bot', 'data-sender': 'card_keys' }, box)
  }

  messageRow(m: BuyerMessage, live = false): HTMLElement {
    const t = this.t
    if (m.sender === 'system') {
      return h('div', { class: 'row sys', 'data-sender': 'system', 'data-id': String(m.id) }, this.bubble(m.text, []))
    }
    const mine = m.sender === 'buyer'
    const row = h('div', {
      class: 'row ' + (mine ? 'me' : m.sender),
      'data-sender': m.sender,
      'data-id': String(m.id),
      'data-state': 'sent',
    })
    if (m.sender === 'bot') {
      row.append(h('div', { class: 'who' }, h('span', { class: 'tag' }, t('bot')), m.sender_name || ''))
    } else if (m.sender === 'agent') {
      row.append(h('div', { class: 'who' }, m.sender_name || t('agent')))
    }
    row.append(this.bubble(m.text, m.attachments))
    if (live && m.quick_replies?.length) {
      row.append(
        h(
          'div',
          { class: 'qrs' },
          ...m.quick_replies.map((q) =>
            h('button', { class: 'qr', type: 'button', onclick: () => this.client.send(q.label, [], q.payload) }, q.label),
          ),
        ),
      )
    }
    // Proof (e-mail, phone, QQ, lookup password) is stored as dots: say why.
    const hidden = mine && m.text.includes('••••••')
    row.append(h('div', { class: 'meta' }, hhmm(m.created_at) + (hidden ? ' · ' + t('proofHidden') : '')))
    return row
  }

  outgoingRow(o: Outgoing): HTMLElement {
    const t = this.t
    const row = h('div', {
      class: 'row me ' + (o.failed ? 'failed' : 'sending'),
      'data-sender': 'buyer',
      'data-state': o.failed ? 'failed' : 'sending',
    })
    row.append(this.bubble(o.text, o.attachments))
    if (o.failed) {
      row.append(h('button', { class: 'fail', type: 'button', onclick: () => this.client.retry(o.client_id) }, t('failed')))
    } else {
      row.append(h('div', { class: 'meta' }, t('sending')))
    }
    return row
  }
}
