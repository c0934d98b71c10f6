// The privacy feature's strings (a buyer's data export and erasure), in
// zh-CN (the default) and en.

export const zh = {
  privacyTitle: '个人数据',
  privacyExport: '导出数据',
  privacyErase: '删除个人数据',
  privacyEraseAsk: '删除 {name} 的个人数据？聊天内容、图片、识别结果、备注和联系方式都会被删除，且无法恢复；会话记录（不含内容）保留用于报表。',
  privacyErased: '已删除：{conversations} 个会话的内容、{files} 张图片',
  privacyFailed: '操作失败：{msg}',
}

export const en: Record<keyof typeof zh, string> = {
  privacyTitle: 'Personal data',
  privacyExport: 'Export data',
  privacyErase: 'Erase personal data',
  privacyEraseAsk: 'Erase the personal data of {name}? Messages, pictures, readings, notes and contact details are deleted for good; the conversations stay (without content) for the reports.',
  privacyErased: 'Erased: the content of {conversations} conversation(s), {files} picture(s)',
  privacyFailed: 'Could not do it: {msg}',
}
