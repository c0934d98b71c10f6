// Every string the buyer sees, in zh-CN and en.

export type Lang = 'zh-CN' | 'en'

const zh = {
  title: '在线客服',
  open: '打开客服聊天',
  close: '关闭',
  greeting: '您好！请描述您遇到的问题，如“卡密没收到”，并附上订单号或付款截图，我们会尽快为您处理。',
  placeholder: '请输入您的问题…',
  send: '发送',
  attach: '发送图片',
  sending: '发送中…',
  failed: '发送失败，点击重试',
  reconnecting: '网络中断，重新连接中…',
  connecting: '连接中…',
  agentTyping: '客服正在输入…',
  bot: '机器人',
  agent: '客服',
  you: '我',
  statusIdle: '通常几分钟内回复',
  statusQueued: '正在为您转接人工客服，请稍候…',
  queuePlace: '前面还有 {ahead} 位，预计等待 {minutes} 分钟',
  queueNext: '下一位就是您，预计等待 {minutes} 分钟',
  queueOff: '客服 {when} 上班，您排在第 {place} 位，届时按顺序接待',
  leaveContact: '不想等？留下邮箱或手机号，关闭页面也不会错过回复，排队位置会为您保留。',
  contactPlaceholder: '邮箱或手机号',
  contactSave: '留下联系方式',
  contactSaved: '已收到，客服会通过 {value} 联系您',
  contactInvalid: '请输入有效的邮箱或手机号',
  statusAssigned: '客服 {name} 已接入',
  statusBot: '智能助手为您服务',
  statusResolved: '问题已解决，如有需要可继续留言',
  statusClosed: '会话已结束',
  uploading: '图片上传中…',
  tooLarge: '图片太大，请发送 10 MB 以内的图片',
  badType: '只能发送 PNG、JPEG、WebP 或 GIF 格式的图片',
  uploadFailed: '图片上传失败，请稍后重试',
  busy: '图片识别繁忙，请稍后再试（您输入的文字已保留）',
  pickKind: '请选择图片类型',
  catOrder: '订单截图',
  catOrderHint: '需包含订单号、金额和支付状态',
  catPayment: '支付凭证',
  catPaymentHint: '需包含交易单号、金额、时间和支付成功字样',
  catError: '错误界面',
  catErrorHint: '需包含完整的错误提示和错误码',
  catProduct: '商品对比',
  catProductHint: '需包含商品名称和价格',
  cancel: '取消',
  rateLimited: '发送太频繁，请稍后再试',
  tooLong: '消息太长，请控制在 4000 字以内',
  tooLongBy: '消息最多 4000 字，已超出 {n} 字，请删减或分几条发送',
  sendInvalid: '消息无法发送，请修改后重试',
  sendFailed: '消息发送失败，请重试',
  image: '[图片]',
  viewImage: '查看大图',
  powered: '由 kadesk 提供客服支持',
  privacy: '隐私政策',
  cardKeys: '订单 {order} 的卡密',
  cardKeysPlain: '卡密',
  proofHidden: '验证信息已隐藏，仅用于核对订单',
  cardKeysNote: '仅本次显示，关闭页面后不再保留，请立即复制保存。',
  keysGone: '卡密只显示一次，刷新页面后不再显示。需要再看：在订单查询页输入订单号查看，或发送“卡密没收到”，验证后再为您发送一次。',
  copy: '复制',
  copied: '已复制',
  ratePrompt: '请为本次服务评分',
  rateStar: '{n} 星',
  rateComment: '还有什么想说的？（选填）',
  rateSubmit: '提交评价',
  rateThanks: '感谢您的评价！',
  rateFailed: '评价提交失败，请稍后重试',
}

export type Key = keyof typeof zh

const en: Record<Key, string> = {
  title: 'Customer service',
  open: 'Open chat',
  close: 'Close',
  greeting: 'Hi! Tell us what went wrong (e.g. "card key not received") and add your order number or a payment screenshot. We will sort it out quickly.',
  placeholder: 'Type your message…',
  send: 'Send',
  attach: 'Send a picture',
  sending: 'Sending…',
  failed: 'Not sent — tap to retry',
  reconnecting: 'Connection lost. Reconnecting…',
  connecting: 'Connecting…',
  agentTyping: 'Agent is typing…',
  bot: 'Bot',
  agent: 'Agent',
  you: 'You',
  statusIdle: 'We usually reply in a few minutes',
  statusQueued: 'Connecting you to an agent, please wait…',
  queuePlace: '{ahead} ahead of you, about {minutes} min wait',
  queueNext: 'You are next, about {minutes} min wait',
  queueOff: 'Agents are back {when}; you are number {place} in line',
  leaveContact: 'No time to wait? Leave an e-mail or phone number: you keep your place and get our answer even if you close this page.',
  contactPlaceholder: 'E-mail or phone number',
  contactSave: 'Leave my details',
  contactSaved: 'Thanks — we will reach you at {value}',
  contactInvalid: 'Please enter a valid e-mail address or phone number',
  statusAssigned: '{name} has joined the chat',
  statusBot: 'Our assistant is here to help',
  statusResolved: 'Resolved — write again any time',
  statusClosed: 'This conversation is closed',
  uploading: 'Uploading picture…',
  tooLarge: 'That picture is too large — the limit is 10 MB',
  badType: 'Only PNG, JPEG, WebP or GIF pictures can be sent',
  uploadFailed: 'The picture could not be uploaded. Please try again',
  busy: 'Reading pictures is busy right now; please try again shortly (your text is kept)',
  pickKind: 'What does the picture show?',
  catOrder: 'Order screenshot',
  catOrderHint: 'Must show the order number, amount and payment status',
  catPayment: 'Payment receipt',
  catPaymentHint: 'Must show the transaction number, amount, time and "payment successful"',
  catError: 'Error screen',
  catErrorHint: 'Must show the whole error message and its code',
  catProduct: 'Product comparison',
  catProductHint: 'Must show the product name and price',
  cancel: 'Cancel',
  rateLimited: 'You are sending too fast. Please wait a moment',
  tooLong: 'That message is too long — the limit is 4,000 characters',
  tooLongBy: 'A message can have at most 4,000 characters; this one is {n} too long: shorten it or send it in parts',
  sendInvalid: 'That message cannot be sent. Please change it and try again',
  sendFailed: 'The message could not be sent. Please try again',
  image: '[Picture]',
  viewImage: 'View full size',
  powered: 'Support by kadesk',
  privacy: 'Privacy policy',
  cardKeys: 'Card keys of order {order}',
  cardKeysPlain: 'Card keys',
  proofHidden: 'details hidden, used only to check your order',
  cardKeysNote: 'Shown this time only and not kept after you leave the page: copy them now.',
  keysGone: 'Card keys are shown once and are gone after a reload. To see them again, look the order up on the order page, or write "card key not received" and they are sent again once you verify.',
  copy: 'Copy',
  copied: 'Copied',
  ratePrompt: 'Rate this conversation',
  rateStar: '{n} stars',
  rateComment: 'Anything to add? (optional)',
  rateSubmit: 'Send rating',
  rateThanks: 'Thank you for your rating!',
  rateFailed: 'The rating could not be sent. Please try again',
}

const tables: Record<Lang, Record<Key, string>> = { 'zh-CN': zh, en }

export function pickLang(attr: string | null | undefined, nav: string | undefined): Lang {
  const v = (attr || nav || '').toLowerCase()
  if (attr === 'en' || attr === 'zh-CN') return attr
  return v.startsWith('zh') ? 'zh-CN' : 'en'
}

export function translator(lang: Lang) {
  const table = tables[lang]
  return (key: Key, vars?: Record<string, string>): string => {
    let s = table[key]
    if (vars) for (const [k, v] of Object.entries(vars)) s = s.split('{' + k + '}').join(v)
    return s
  }
}

export type T = ReturnType<typeof translator>

const ZH_DAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六']
const EN_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']
const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** When `at` (Unix ms) is, as a buyer reads it in their own time zone:
 *  `09:00` later today, `明天 09:00` / `tomorrow at 09:00`, a weekday within
 *  the week, else the date. */
export function whenText(at: number, now: number, lang: Lang): string {
  const d = new Date(at)
  const time = String(d.getHours()).padStart(2, '0') + ':' + String(d.getMinutes()).padStart(2, '0')
  const midnight = (t: number) => {
    const x = new Date(t)
    return new Date(x.getFullYear(), x.getMonth(), x.getDate()).getTime()
  }
  const days = Math.round((midnight(at) - midnight(now)) / 86_400_000)
  const zh = lang === 'zh-CN'
  if (days <= 0) return zh ? time : 'at ' + time
  if (days === 1) return zh ? '明天 ' + time : 'tomorrow at ' + time
  if (days < 7) return zh ? ZH_DAYS[d.getDay()] + ' ' + time : 'on ' + EN_DAYS[d.getDay()] + ' at ' + time
  return zh
    ? `${d.getMonth() + 1}月${d.getDate()}日 ${time}`
    : `on ${d.getDate()} ${EN_MONTHS[d.getMonth()]} at ${time}`
}
