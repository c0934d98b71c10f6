// The internal-notes feature's strings, in zh-CN (the default) and en.

export const zh = {
  noteMode: '内部备注',
  noteModeHint: '备注只有客服能看到，买家看不到；用 @名字 提醒同事',
  notePlaceholder: '写一条内部备注（买家看不到），@名字 提醒同事…',
  noteSend: '添加备注',
  noteLabel: '内部备注 · {name}',
  noteMentioned: '{name} 在备注中提到了你：{text}',
  noteFailed: '备注没有保存：{msg}',
  transfer: '转接',
  transferTitle: '转接会话',
  transferTo: '转接给',
  transferPick: '选择同事或组',
  transferPeople: '同事',
  transferTeams: '组',
  transferNote: '转接说明',
  transferNoteHint: '告诉接手的同事发生了什么（买家看不到）',
  transferSend: '转接',
}

export const en: Record<keyof typeof zh, string> = {
  noteMode: 'Internal note',
  noteModeHint: 'Only agents see notes, never the buyer; @name tells a colleague',
  notePlaceholder: 'Write an internal note (the buyer never sees it), @name to tell a colleague…',
  noteSend: 'Add note',
  noteLabel: 'Internal note · {name}',
  noteMentioned: '{name} mentioned you in a note: {text}',
  noteFailed: 'The note was not saved: {msg}',
  transfer: 'Transfer',
  transferTitle: 'Transfer the conversation',
  transferTo: 'Transfer to',
  transferPick: 'Pick a colleague or a team',
  transferPeople: 'Colleagues',
  transferTeams: 'Teams',
  transferNote: 'Note for the receiver',
  transferNoteHint: 'Tell the colleague what happened (the buyer never sees it)',
  transferSend: 'Transfer',
}
