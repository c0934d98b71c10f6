// Busy and error state of one async action, for the console's forms and
// panels: `run` does nothing while a run is going (unless `latest`), keeps
// `error` as the translated text of a failure, and with `latest` discards
// the answer of a run that a newer run overtook.

import { ref } from 'vue'
import { errorText } from '../api/errors'

export function useAsync<A extends unknown[], R>(fn: (...args: A) => Promise<R>, opts: { latest?: boolean } = {}) {
  const busy = ref(false)
  const error = ref<string | null>(null)
  let generation = 0

  async function run(...args: A): Promise<R | undefined> {
    if (busy.value && !opts.latest) return undefined
    const mine = ++generation
    busy.value = true
    error.value = null
    try {
      const result = await fn(...args)
      return mine === generation ? result : undefined
    } catch (e) {
      if (mine === generation) error.value = errorText(e)
      return undefined
    } finally {
      if (mine === generation) busy.value = false
    }
  }

  return { busy, error, run }
}
