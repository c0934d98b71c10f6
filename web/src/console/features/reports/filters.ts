// The filters of 报表, as the API reads them (PeriodQuery), and the filter a
// breakdown row adds when one of its numbers is clicked.
import type { components } from '../../../api/schema'

type View = components['schemas']['View']

/** The period and filters of a report request. */
export interface Filter {
  from?: string
  to?: string
  channel?: components['schemas']['Channel']
  agent?: number
  team?: number
  screenshot?: boolean
  tag?: string
  intent?: string
  product?: string
}

/** The filter of one row of a breakdown (the `none` rows of agents and
 * teams: `0`, the API's "unassigned" / "no team"). */
export function rowFilter(view: View, key: string): Filter {
  switch (view) {
    case 'channels':
      return { channel: key as components['schemas']['Channel'] }
    case 'agents':
      return { agent: key === 'none' ? 0 : Number(key) }
    case 'teams':
      return { team: key === 'none' ? 0 : Number(key) }
    case 'tags':
      return { tag: key }
    case 'intents':
      return { intent: key }
    case 'products':
      return { product: key }
    case 'pictures':
      return { screenshot: key === '1' }
  }
}
