// The generated API types (src/api/schema.d.ts) are what the server's live
// OpenAPI document says: a `kadesk serve --demo` is started, its
// /api/openapi.json is turned into TypeScript exactly as `npm run gen:api`
// does, and any difference from the checked-in file fails the build.
//
//   KADESK_BIN=/path/to/kadesk npm test

import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { after, before, describe, it } from 'node:test'
import { fetchDocument, generate, SCHEMA_FILE } from '../scripts/api-types.mjs'
import { BIN, DemoServer, NO_BIN } from './harness.mjs'

/** The first differing line, with a little context, for the failure message. */
function firstDifference(/** @type {string} */ want, /** @type {string} */ got) {
  const a = want.split('\n')
  const b = got.split('\n')
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return `line ${i + 1}:\n  checked in: ${a[i] ?? '(end)'}\n  live:       ${b[i] ?? '(end)'}`
  }
  return ''
}

const server = new DemoServer()

if (!BIN) {
  it('KADESK_BIN names the kadesk binary to test against', () => assert.fail(NO_BIN))
} else describe('the generated API types', () => {
  before(async () => {
    await server.start(/** @type {string} */ (BIN), 'api-types')
  })
  after(() => server.cleanUp())

  it('src/api/schema.d.ts is what the live OpenAPI document generates (npm run gen:api)', async () => {
    const live = await generate(await fetchDocument(server.base + '/api/openapi.json'))
    const checkedIn = readFileSync(SCHEMA_FILE, 'utf8')
    assert.ok(
      live === checkedIn,
      'src/api/schema.d.ts differs from the server\'s OpenAPI document; run `npm run gen:api` against a ' +
        'running `kadesk serve` and commit the result. First difference at ' +
        firstDifference(checkedIn, live),
    )
  })

  it('the document names no shapeless objects and no operation twice', async () => {
    const live = await generate(await fetchDocument(server.base + '/api/openapi.json'))
    const schemas = live.slice(live.indexOf('export interface components'), live.indexOf('export type $defs'))
    assert.doesNotMatch(schemas, /Record<string, never>/, 'every schema names its fields')
    const ops = [...live.matchAll(/^ {4}([a-z_]+): \{$/gm)].map((m) => m[1])
    assert.equal(new Set(ops).size, ops.length, 'operation ids are unique')
  })
})
