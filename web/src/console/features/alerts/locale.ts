// Alerts' strings (new assignments and buyer messages), in zh-CN (the
// default) and en.

export const zh = {
  alerts: '提醒',
  alerts_off: '提醒：关',
  alerts_sound: '提醒：提示音',
  alerts_desktop: '提醒：桌面通知',
  alerts_both: '提醒：通知+提示音',
  alertsBlocked: '浏览器禁止了桌面通知，请在地址栏的网站设置里允许',
  alertAssigned: '新会话分配给您：{name}',
  alertMessage: '{name} 发来消息',
}

export const en: Record<keyof typeof zh, string> = {
  alerts: 'Alerts',
  alerts_off: 'Alerts: off',
  alerts_sound: 'Alerts: sound',
  alerts_desktop: 'Alerts: desktop',
  alerts_both: 'Alerts: desktop + sound',
  alertsBlocked: 'The browser blocks desktop notifications; allow them in the site settings',
  alertAssigned: 'New conversation for you: {name}',
  alertMessage: 'Message from {name}',
}
