// The response-time promises' strings (countdowns, breach alerts), in zh-CN
// (the default) and en.

export const zh = {
  slaFirstDue: '首响 {time}',
  slaResolveDue: '解决 {time}',
  slaFirstLate: '首响超时 {time}',
  slaResolveLate: '解决超时 {time}',
  slaFirstTitle: '首次响应期限：{at}',
  slaResolveTitle: '解决期限：{at}',
  slaBreach_first_response: '会话 #{id} 首次响应超时，已升为{priority}优先级',
  slaBreach_resolution: '会话 #{id} 解决超时，已升为{priority}优先级',
  slaRequeued: '，负责客服不在线，已放回队列',
  slaLevel_0: '普通',
  slaLevel_1: '高',
  slaLevel_2: '紧急',
  slaColumn: '时限',
}

export const en: Record<keyof typeof zh, string> = {
  slaFirstDue: 'Reply {time}',
  slaResolveDue: 'Resolve {time}',
  slaFirstLate: 'Reply late {time}',
  slaResolveLate: 'Resolve late {time}',
  slaFirstTitle: 'First reply due {at}',
  slaResolveTitle: 'Resolution due {at}',
  slaBreach_first_response: 'Conversation #{id} missed its first-reply time; raised to {priority} priority',
  slaBreach_resolution: 'Conversation #{id} missed its resolution time; raised to {priority} priority',
  slaRequeued: '; its agent is not online, so it is back in the queue',
  slaLevel_0: 'normal',
  slaLevel_1: 'high',
  slaLevel_2: 'urgent',
  slaColumn: 'Due',
}
