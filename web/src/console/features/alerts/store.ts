// Alerts for the signed-in agent: a conversation newly assigned to them, and
// a buyer's message in one of theirs that is not the one on screen (or
// while the page is in the background). Each alert plays a short tone
// and/or shows a desktop notification, as the agent chose in the top bar
// (kept per browser); clicking a notification opens the conversation.

import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { Conversation, Message } from '../../../api/types'
import { t } from '../../shared/i18n'
import { buyerName } from '../../shared/names'
import { notifyError } from '../../shared/notify'
import { readJson, writeJson } from '../../shared/storage'

export type AlertMode = 'off' | 'sound' | 'desktop' | 'both'
export const ALERT_MODES: readonly AlertMode[] = ['off', 'sound', 'desktop', 'both']

const KEY = 'kadesk.console.alerts'
/** Alerts kept in `recent`. */
const KEEP = 20
/** The longest message text a notification quotes. */
const QUOTE = 80

export interface Alert {
  kind: 'assigned' | 'message'
  conversationId: number
  title: string
  body: string
  at: number
}

export const useAlerts = defineStore('alerts', () => {
  const mode = ref<AlertMode>(readJson<AlertMode>(KEY, 'sound'))
  /** The latest alerts, newest last. */
  const recent = ref<Alert[]>([])
  let audio: AudioContext | null = null
  let open: (id: number) => void = () => {}

  function wantsSound(): boolean {
    return mode.value === 'sound' || mode.value === 'both'
  }
  function wantsDesktop(): boolean {
    return mode.value === 'desktop' || mode.value === 'both'
  }

  async function setMode(next: AlertMode): Promise<void> {
    mode.value = next
    writeJson(KEY, next)
    if (!wantsDesktop() || typeof Notification === 'undefined') return
    const permission =
      Notification.permission === 'default' ? await Notification.requestPermission() : Notification.permission
    if (permission === 'denied') notifyError(t('alertsBlocked'))
  }

  /** Where clicking a notification goes (set by the live desk). */
  function onOpen(go: (id: number) => void): void {
    open = go
  }

  function beep(): void {
    try {
      audio ??= new AudioContext()
      const osc = audio.createOscillator()
      const gain = audio.createGain()
      osc.frequency.value = 880
      gain.gain.setValueAtTime(0.15, audio.currentTime)
      gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.25)
      osc.connect(gain).connect(audio.destination)
      osc.start()
      osc.stop(audio.currentTime + 0.25)
    } catch {
      // No audio output (or not allowed before the first click): silent.
    }
  }

  function raise(alert: Alert): void {
    if (mode.value === 'off') return
    recent.value = [...recent.value.slice(-(KEEP - 1)), alert]
    if (wantsSound()) beep()
    if (wantsDesktop() && typeof Notification !== 'undefined' && Notification.permission === 'granted') {
      const n = new Notification(alert.title, { body: alert.body, tag: `kadesk-${alert.conversationId}` })
      n.onclick = () => {
        window.focus()
        open(alert.conversationId)
        n.close()
      }
    }
  }

  /** A conversation frame: alerts when it has just become `me`'s. */
  function conversation(before: Conversation | undefined, after: Conversation, me: number | undefined): void {
    if (me === undefined || after.assignee_id !== me || after.status !== 'assigned') return
    if (before && before.assignee_id === me) return
    const name = buyerName(after.contact_name)
    raise({ kind: 'assigned', conversationId: after.id, title: t('alertAssigned', { name }), body: after.last_message_text ?? '', at: Date.now() })
  }

  /** A stored message: alerts for a buyer's message in `me`'s conversation unless it is on screen. */
  function message(m: Message, c: Conversation | undefined, me: number | undefined, openId: number | null): void {
    if (m.sender !== 'buyer' || me === undefined || !c || c.assignee_id !== me) return
    if (m.conversation_id === openId && document.visibilityState === 'visible') return
    const text = [...(m.text || t('picture'))]
    const body = text.length > QUOTE ? text.slice(0, QUOTE).join('') + '…' : text.join('')
    raise({ kind: 'message', conversationId: c.id, title: t('alertMessage', { name: buyerName(c.contact_name) }), body, at: Date.now() })
  }

  function reset(): void {
    recent.value = []
  }

  return { mode, recent, setMode, onOpen, conversation, message, reset }
})
