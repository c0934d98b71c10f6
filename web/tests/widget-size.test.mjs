// The buyer widget is embedded on every page of a shop: it stays small.
// Budget: 14 KB gzipped for dist/widget.js (build it first: npm run build).

import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

const WIDGET = fileURLToPath(new URL('../dist/widget.js', import.meta.url))
const BUDGET = 14 * 1024

it('dist/widget.js is at most 14 KB gzipped', () => {
  assert.ok(existsSync(WIDGET), `${WIDGET} is missing: run npm run build first`)
  const raw = readFileSync(WIDGET)
  const gz = gzipSync(raw, { level: 9 }).length
  console.log(`widget.js: ${raw.length} bytes, ${gz} bytes gzipped (budget ${BUDGET})`)
  assert.ok(gz <= BUDGET, `widget.js is ${gz} bytes gzipped, over the budget of ${BUDGET}`)
})
