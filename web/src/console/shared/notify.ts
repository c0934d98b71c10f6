// Short messages to the agent (a failed action, a rate limit), through the
// component kit's message box: announced to screen readers, gone after 5 s.

import { ElMessage } from 'element-plus'
import { errorText } from '../api/errors'

export function notifyError(textOrError: unknown): void {
  const message = typeof textOrError === 'string' ? textOrError : errorText(textOrError)
  ElMessage({ message, type: 'error', duration: 5000, showClose: true, customClass: 'toast' })
}

export function notifyInfo(message: string): void {
  ElMessage({ message, type: 'info', duration: 3000, customClass: 'toast' })
}

/** Something that needs attention soon (a missed response time): stays 8 s. */
export function notifyWarning(message: string): void {
  ElMessage({ message, type: 'warning', duration: 8000, showClose: true, customClass: 'toast' })
}
