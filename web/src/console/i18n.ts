// Every string the agent console shows, in zh-CN (default) and en.

import { ref } from 'vue'

export type Locale = 'zh-CN' | 'en'

const zh = {
  brand: 'kadesk 客服台',
  brandShort: 'kadesk',
  tagline: '自动发卡平台的客服工作台',
  language: '语言',

  // login
  loginTitle: '登录客服台',
  username: '用户名',
  password: '密码',
  login: '登录',
  loggingIn: '登录中…',
  loginFailed: '用户名或密码错误',
  loginUnreachable: '无法连接服务器，请稍后再试',
  logout: '退出登录',

  // roles
  role_admin: '管理员',
  role_supervisor: '主管',
  role_agent: '客服',

  // navigation
  inbox: '会话',
  scope_mine: '我的',
  scope_unassigned: '未分配',
  scope_all: '全部',
  statusFilter: '状态',
  status_any: '全部状态',
  status_queued: '排队中',
  status_assigned: '处理中',
  status_resolved: '已解决',
  status_bot: '机器人',
  status_closed: '已关闭',
  colleagues: '客服成员',
  online: '在线',
  offline: '离线',
  you: '（我）',

  // list
  listEmpty: '暂无会话',
  listLoading: '加载中…',
  loadMore: '加载更多',
  refresh: '刷新',
  noMessagesYet: '（尚无消息）',
  picture: '[图片]',
  typingShort: '正在输入…',
  unread: '未读',
  conversations: '{n} 个会话',

  // conversation view
  pickConversation: '选择左侧的会话开始处理',
  pickHint: '新会话会实时出现在列表中',
  loadOlder: '加载更早的消息',
  loadingOlder: '加载中…',
  beginning: '— 会话开始 —',
  claim: '认领',
  assign: '分配',
  assignTo: '分配给',
  unassign: '放回队列',
  resolve: '解决',
  reopen: '重新打开',
  assigneeIs: '处理人：{name}',
  channelIs: '渠道：{channel}',
  nobody: '未分配',
  channel: '渠道',
  sender_bot: '机器人',
  sender_buyer: '买家',
  sender_agent: '客服',
  buyerTyping: '买家正在输入…',
  agentTyping: '{name} 正在输入…',
  sending: '发送中…',
  sendFailed: '发送失败',
  retry: '重试',
  discard: '删除',
  showContact: '客户信息',
  actionFailed: '操作失败：{msg}',
  loadFailed: '加载失败：{msg}',
  viewImage: '查看大图',
  today: '今天',
  yesterday: '昨天',

  // reply box
  replyPlaceholder: '输入回复，Enter 发送，Shift+Enter 换行',
  send: '发送',
  attachImage: '发送图片',
  uploading: '图片上传中…',
  tooLarge: '图片超过 10 MB，无法发送',
  badType: '只支持 PNG、JPEG、WebP、GIF 图片',
  uploadFailed: '图片上传失败：{msg}',
  tooLong: '消息不能超过 4000 字',
  rateLimited: '发送过于频繁，请稍后再试',

  // contact
  contact: '客户信息',
  name: '姓名',
  email: '邮箱',
  phone: '电话',
  contactLanguage: '语言',
  firstSeen: '首次访问',
  lastSeen: '最近访问',
  save: '保存',
  saving: '保存中…',
  saved: '已保存',
  otherConversations: '其他会话',
  noOtherConversations: '没有其他会话',
  current: '当前',
  notSet: '未填写',

  // orders
  orders: '订单',
  ordersLoading: '正在查询订单…',
  noOrders: '没有找到订单（按客户的邮箱、电话和会话中提到的订单号查询）',
  sourceWarning: '部分订单来源暂时无法查询：{msg}',
  tradeNo: '支付单号：{no}',
  pay_unpaid: '待付款',
  pay_paid: '已付款',
  pay_refunded: '已退款',
  pay_failed: '支付失败',
  pay_expired: '已过期',
  deliv_pending: '待发货',
  deliv_delivered: '已发货',
  deliv_failed: '发货失败',
  deliv_abnormal: '发货异常',
  manualDelivery: '人工发货',
  escalate_paid_not_delivered: '需人工处理：已付款未发货',
  escalate_order_abnormal: '需人工处理：订单异常（缺货）',
  cardKeys: '卡密',
  reveal: '显示卡密',
  revealing: '读取中…',
  revealConfirm: '显示卡密会记录到审计日志（操作人、时间、订单）。确定显示？',
  revealedNote: '已记入审计日志，{n} 秒后隐藏',
  hideKeys: '隐藏',
  copy: '复制',
  copied: '已复制',
  importOrders: '导入订单（CSV）',
  importTitle: '导入订单',
  importHint:
    'CSV 文件（UTF-8），第一行为表头。必填列：order_no、product、联系方式（contact/email/phone/qq）、amount、payment_status；可选 delivery_status、card_keys（多个卡密用 | 分隔）、created_at 等。卡密会加密保存，已有订单号会被更新。',
  chooseFile: '选择 CSV 文件',
  importing: '导入中…',
  importDone: '新增 {created} 个，更新 {updated} 个，跳过 {skipped} 行',
  importLine: '第 {line} 行：{msg}',
  close: '关闭',

  // connection
  connecting: '正在连接…',
  reconnecting: '与服务器的连接已断开，正在重新连接…',
  connected: '已连接',
  disconnected: '未连接',

  // relative time
  justNow: '刚刚',
  minutesAgo: '{n} 分钟前',
  hoursAgo: '{n} 小时前',
  handoffTitle: '机器人已转人工',
  handoffReasons: '原因',
  handoffSummary: '机器人总结',
  handback: '交还机器人',
  priority_urgent: '紧急',
  priority_high: '高优先级',
  priority_normal: '普通',
  reason_human_request: '买家要求人工',
  reason_negative_sentiment: '情绪负面',
  reason_repeated_fallback: '多次未理解',
  reason_repeated_intent: '问题反复出现',
  reason_sensitive_intent: '敏感问题',
  reason_vip: 'VIP 客户',
  reason_paid_not_delivered: '已付款未发货',
  reason_after_hours: '非工作时间留言',
  reason_verification_failed: '验证未通过',
  reason_order_problem: '订单异常',
  reason_unresolved: '未能解决',
}

export type MessageKey = keyof typeof zh

const en: Record<MessageKey, string> = {
  brand: 'kadesk Desk',
  brandShort: 'kadesk',
  tagline: 'Customer service for digital-goods shops',
  language: 'Language',

  loginTitle: 'Sign in to the desk',
  username: 'User name',
  password: 'Password',
  login: 'Sign in',
  loggingIn: 'Signing in…',
  loginFailed: 'Wrong user name or password',
  loginUnreachable: 'Cannot reach the server. Please try again later',
  logout: 'Sign out',

  role_admin: 'Admin',
  role_supervisor: 'Supervisor',
  role_agent: 'Agent',

  inbox: 'Inbox',
  scope_mine: 'Mine',
  scope_unassigned: 'Unassigned',
  scope_all: 'All',
  statusFilter: 'Status',
  status_any: 'Any status',
  status_queued: 'Queued',
  status_assigned: 'Assigned',
  status_resolved: 'Resolved',
  status_bot: 'Bot',
  status_closed: 'Closed',
  colleagues: 'Team',
  online: 'Online',
  offline: 'Offline',
  you: ' (you)',

  listEmpty: 'No conversations',
  listLoading: 'Loading…',
  loadMore: 'Load more',
  refresh: 'Refresh',
  noMessagesYet: '(no messages yet)',
  picture: '[Picture]',
  typingShort: 'typing…',
  unread: 'Unread',
  conversations: '{n} conversations',

  pickConversation: 'Pick a conversation on the left',
  pickHint: 'New conversations appear in the list as they arrive',
  loadOlder: 'Load older messages',
  loadingOlder: 'Loading…',
  beginning: '— start of conversation —',
  claim: 'Claim',
  assign: 'Assign',
  assignTo: 'Assign to',
  unassign: 'Back to queue',
  resolve: 'Resolve',
  reopen: 'Reopen',
  assigneeIs: 'Assignee: {name}',
  channelIs: 'Channel: {channel}',
  nobody: 'Unassigned',
  channel: 'Channel',
  sender_bot: 'Bot',
  sender_buyer: 'Buyer',
  sender_agent: 'Agent',
  buyerTyping: 'Buyer is typing…',
  agentTyping: '{name} is typing…',
  sending: 'Sending…',
  sendFailed: 'Not sent',
  retry: 'Retry',
  discard: 'Delete',
  showContact: 'Contact',
  actionFailed: 'Action failed: {msg}',
  loadFailed: 'Could not load: {msg}',
  viewImage: 'View full size',
  today: 'Today',
  yesterday: 'Yesterday',

  replyPlaceholder: 'Type a reply — Enter to send, Shift+Enter for a new line',
  send: 'Send',
  attachImage: 'Send a picture',
  uploading: 'Uploading picture…',
  tooLarge: 'The picture is over 10 MB and cannot be sent',
  badType: 'Only PNG, JPEG, WebP and GIF pictures are accepted',
  uploadFailed: 'Upload failed: {msg}',
  tooLong: 'A message can have at most 4,000 characters',
  rateLimited: 'Sending too fast — please wait a moment',

  contact: 'Contact',
  name: 'Name',
  email: 'Email',
  phone: 'Phone',
  contactLanguage: 'Language',
  firstSeen: 'First seen',
  lastSeen: 'Last seen',
  save: 'Save',
  saving: 'Saving…',
  saved: 'Saved',
  otherConversations: 'Other conversations',
  noOtherConversations: 'No other conversations',
  current: 'current',
  notSet: 'not set',

  orders: 'Orders',
  ordersLoading: 'Looking up orders…',
  noOrders: "No orders found (searched by the contact's e-mail and phone and the order numbers in this conversation)",
  sourceWarning: 'Some order sources could not be reached: {msg}',
  tradeNo: 'Payment no.: {no}',
  pay_unpaid: 'Unpaid',
  pay_paid: 'Paid',
  pay_refunded: 'Refunded',
  pay_failed: 'Payment failed',
  pay_expired: 'Expired',
  deliv_pending: 'Not delivered',
  deliv_delivered: 'Delivered',
  deliv_failed: 'Delivery failed',
  deliv_abnormal: 'Abnormal',
  manualDelivery: 'Manual delivery',
  escalate_paid_not_delivered: 'Needs a person: paid but not delivered',
  escalate_order_abnormal: 'Needs a person: abnormal order (out of stock)',
  cardKeys: 'Card keys',
  reveal: 'Reveal keys',
  revealing: 'Loading…',
  revealConfirm: 'Revealing card keys is written to the audit log (who, when, which order). Reveal them?',
  revealedNote: 'Logged in the audit log; hides in {n} s',
  hideKeys: 'Hide',
  copy: 'Copy',
  copied: 'Copied',
  importOrders: 'Import orders (CSV)',
  importTitle: 'Import orders',
  importHint:
    'A CSV file (UTF-8) with a header line. Required columns: order_no, product, a contact (contact/email/phone/qq), amount, payment_status; optional delivery_status, card_keys (several separated by |), created_at and more. Card keys are stored encrypted; an existing order number is updated.',
  chooseFile: 'Choose a CSV file',
  importing: 'Importing…',
  importDone: '{created} new, {updated} updated, {skipped} lines skipped',
  importLine: 'Line {line}: {msg}',
  close: 'Close',

  connecting: 'Connecting…',
  reconnecting: 'Lost the connection to the server. Reconnecting…',
  connected: 'Connected',
  disconnected: 'Disconnected',

  justNow: 'just now',
  minutesAgo: '{n} min ago',
  hoursAgo: '{n} h ago',
  handoffTitle: 'Handed over by the bot',
  handoffReasons: 'Reasons',
  handoffSummary: "Bot's summary",
  handback: 'Hand back to bot',
  priority_urgent: 'Urgent',
  priority_high: 'High priority',
  priority_normal: 'Normal',
  reason_human_request: 'Asked for a person',
  reason_negative_sentiment: 'Negative sentiment',
  reason_repeated_fallback: 'Not understood repeatedly',
  reason_repeated_intent: 'Same problem again',
  reason_sensitive_intent: 'Sensitive topic',
  reason_vip: 'VIP contact',
  reason_paid_not_delivered: 'Paid, not delivered',
  reason_after_hours: 'After hours',
  reason_verification_failed: 'Verification failed',
  reason_order_problem: 'Order problem',
  reason_unresolved: 'Unresolved',
}

const tables: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zh, en }
const LOCALE_KEY = 'kadesk.console.locale'

function initialLocale(): Locale {
  try {
    const saved = localStorage.getItem(LOCALE_KEY)
    if (saved === 'zh-CN' || saved === 'en') return saved
  } catch {
    // no storage
  }
  return 'zh-CN'
}

export const locale = ref<Locale>(initialLocale())
export const LOCALES: { id: Locale; label: string }[] = [
  { id: 'zh-CN', label: '简体中文' },
  { id: 'en', label: 'English' },
]

export function setLocale(l: Locale): void {
  locale.value = l
  document.documentElement.lang = l
  try {
    localStorage.setItem(LOCALE_KEY, l)
  } catch {
    // ignore
  }
}

/** Translates `key`, filling `{name}` placeholders from `vars`. Reactive on `locale`. */
export function t(key: MessageKey, vars?: Record<string, string | number>): string {
  let s = tables[locale.value][key]
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.split('{' + k + '}').join(String(v))
  return s
}
