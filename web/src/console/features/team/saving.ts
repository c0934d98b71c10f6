// One save (or delete) on 团队与分配: busy while it runs, then either a
// short "saved" line or the failure. A refused value (422) shows the
// server's own explanation word for word (it names the day, the period or
// the date that is wrong), under a line in the console's language.

import { ref } from 'vue'
import { ApiError } from '../../api/client'
import { errorText } from '../../api/errors'
import { t } from '../../shared/i18n'

export function useSaving() {
  const busy = ref(false)
  /** The failure in the console's language. */
  const error = ref<string | null>(null)
  /** The server's explanation of a refused value. */
  const server = ref<string | null>(null)
  /** What was done, once it is. */
  const done = ref<string | null>(null)

  function clear(): void {
    error.value = null
    server.value = null
    done.value = null
  }

  /** Runs `fn` unless a run is going; `doneText` is shown when it succeeds. */
  async function run<R>(fn: () => Promise<R>, doneText?: string): Promise<R | undefined> {
    if (busy.value) return undefined
    clear()
    busy.value = true
    try {
      const result = await fn()
      done.value = doneText ?? null
      return result
    } catch (e) {
      if (e instanceof ApiError && (e.code === 'validation' || e.code === 'bad_request') && e.message) {
        error.value = t('tmRefused')
        server.value = e.message
      } else {
        error.value = t('actionFailed', { msg: errorText(e) })
      }
      return undefined
    } finally {
      busy.value = false
    }
  }

  return { busy, error, server, done, clear, run }
}

export type Saving = ReturnType<typeof useSaving>
