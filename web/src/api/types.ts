// The kadesk wire protocol in TypeScript. The REST objects are the generated
// types of the server's OpenAPI document (schema.d.ts, checked against the live
// document by the browser tests); this file names them and adds what the
// OpenAPI document cannot hold: the WebSocket frames of docs/protocol.md and
// the documented limits. The widget and the demo shop import only types and
// these constants, so no console code ends up in their bundles.

import type { components } from './schema'

type S = components['schemas']

/** Unix milliseconds. */
export type Millis = number

export type Sender = S['SenderKind']
export type ConversationStatus = S['ConversationStatus']
export type Role = S['Role']
export type Channel = S['Channel']
export type ErrorCode = S['ErrorCode']

export type Attachment = S['Attachment']
export type Message = S['Message']
export type QuickReply = S['QuickReply']
export type Handoff = S['Handoff']
export type Note = S['Note']
export type HandoffReason = S['Reason']
export type Priority = S['Priority']
export type Conversation = S['Conversation']
export type Rating = S['Rating']
export type Contact = S['Contact']
export type ContactDetail = S['ContactDetail']
export type ContactUpdate = S['ContactUpdate']
export type User = S['User']
export type Product = S['ProductView']
export type ProductList = S['ProductList']
export type ErrorBody = S['ErrorBody']

export type BuyerConversation = S['BuyerConversation']
export type BuyerContact = S['BuyerContact']
export type BuyerMessage = S['BuyerMessage']
export type WidgetSession = S['SessionResponse']
export type BuyerAttachAnswer = S['BuyerAttachResponse']

export type PaymentStatus = S['PaymentStatus']
export type DeliveryStatus = S['DeliveryStatus']
export type Finding = S['Finding']
export type OrderView = S['OrderView']
export type OrderList = S['OrderList']
export type ImportReport = S['ImportReport']

export type ScreenshotCategory = S['ScreenshotCategory']
export type ScreenshotFields = S['ScreenshotFields']
export type ImageAnalysis = S['ImageAnalysis']

export type BotConfig = S['BotConfig']
export type BotSettings = S['BotSettings']
export type SimContact = S['SimContact']
export type SimTurn = S['TurnReport']
export type BotAction = S['Action']

export type Article = S['Article']
export type ArticleDraft = S['ArticleDraft']
export type ArticleLanguage = S['ArticleLanguage']
export type SearchResult = S['SearchResult']
export type SlaView = S['SlaView']

export type CaseView = S['CaseView']
export type SimilarCase = S['SimilarCaseView']
export type ConversationTags = S['ConversationTagsView']
export type CaseSettings = S['CaseSettings']
export type AnnotationView = S['AnnotationView']

/** The statuses in the order the console lists them. */
export const CONVERSATION_STATUSES: readonly ConversationStatus[] = ['queued', 'assigned', 'resolved', 'bot', 'closed']

// ---- WebSocket frames (docs/protocol.md) ----------------------------------------

export interface TypingFrame {
  type: 'typing'
  conversation_id: number
  sender: 'buyer' | 'agent'
  name?: string | null
  on: boolean
}

/** Every frame an agent socket receives. */
export type ServerFrame =
  | { type: 'hello'; conversation?: Conversation; user?: User; online?: number[] }
  | { type: 'message'; message: Message }
  | { type: 'ack'; client_id: string; message: Message }
  | { type: 'conversation'; conversation: Conversation }
  | TypingFrame
  | { type: 'presence'; user_id: number; name: string; online: boolean }
  | { type: 'synced'; conversation_id: number; last_seq: number }
  | { type: 'error'; code: ErrorCode; message: string; client_id?: string | null }
  | { type: 'pong' }
  /** A screenshot was read (agents only). */
  | { type: 'analysis'; analysis: ImageAnalysis }
  /** An agent wrote an internal note (agents only; never sent to buyers). */
  | { type: 'note'; note: Note }
  /** A conversation missed a response-time promise and was escalated (agents only). */
  | { type: 'sla_breach'; conversation_id: number; target: 'first_response' | 'resolution'; priority: number; requeued: boolean }

/** Every frame a buyer socket receives. */
export type BuyerServerFrame =
  | { type: 'hello'; conversation: BuyerConversation | null }
  | { type: 'message'; message: BuyerMessage }
  | { type: 'ack'; client_id: string; message: BuyerMessage }
  | { type: 'conversation'; conversation: BuyerConversation }
  | { type: 'typing'; conversation_id: number; sender: 'agent'; on: boolean }
  | { type: 'synced'; conversation_id: number; last_seq: number }
  | { type: 'error'; code: ErrorCode; message: string; client_id?: string | null }
  | { type: 'pong' }
  /** Re-delivered card keys; never stored, never persisted. */
  | { type: 'card_keys'; conversation_id: number; message_id: number; order_no: string; keys: string[] }

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
