// An accessible yes/no question (focus moves into it, Esc and the buttons
// answer, focus returns afterwards), instead of `window.confirm`.

import 'element-plus/es/components/message-box/style/css'
import { ElMessageBox } from 'element-plus'
import { t } from './i18n'

/** Asks `question`; resolves true when the agent confirms. */
export async function confirmAction(question: string, opts: { danger?: boolean } = {}): Promise<boolean> {
  try {
    await ElMessageBox.confirm(question, {
      confirmButtonText: t('confirm'),
      cancelButtonText: t('cancel'),
      type: opts.danger ? 'warning' : 'info',
      customClass: 'confirm-box',
      autofocus: true,
    })
    return true
  } catch {
    return false
  }
}
