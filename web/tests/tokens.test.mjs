// The console takes its colours only from the tokens (src/console/shared/
// tokens.css), so the dark theme and the kit follow them: no colour literal
// (#abc, #aabbcc, rgb(), rgba(), hsl()) anywhere else in the console's styles
// and components.

import assert from 'node:assert/strict'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { it } from 'node:test'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../src/console', import.meta.url))
const TOKENS = join(ROOT, 'shared', 'tokens.css')
const COLOUR = /#[0-9a-fA-F]{3,8}\b|\brgba?\(|\bhsla?\(/g

/** @param {string} dir @returns {string[]} */
function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return files(path)
    return /\.(vue|css)$/.test(name) && path !== TOKENS ? [path] : []
  })
}

it('console styles use colour tokens only', () => {
  /** @type {string[]} */
  const found = []
  for (const file of files(ROOT)) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        // Inline SVG pictures in url() carry their own fill; ids in attributes are not colours.
        if (line.includes('data:image/svg+xml')) return
        // The widget's own colour, as data for the shop's install line (not a console style).
        if (line.includes('widget-colour-data')) return
        for (const m of line.matchAll(COLOUR)) found.push(`${relative(ROOT, file)}:${i + 1}: ${m[0]}`)
      })
  }
  assert.deepEqual(found, [], 'colour literals outside shared/tokens.css')
})
