// Generates the TypeScript types of the kadesk API (src/api/schema.d.ts) from
// the server's OpenAPI document with openapi-typescript. Used by
// `npm run gen:api` and by the drift check in tests/api-types.test.mjs, so
// both produce the very same text.
//
//   node scripts/api-types.mjs [URL]   (default http://127.0.0.1:8080/api/openapi.json)

import openapiTS, { astToString } from 'openapi-typescript'
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** Where the generated types are checked in. */
export const SCHEMA_FILE = fileURLToPath(new URL('../src/api/schema.d.ts', import.meta.url))

const HEADER = `// Generated from kadesk's /api/openapi.json by openapi-typescript: do not edit.
// Regenerate with \`npm run gen:api\` against a running \`kadesk serve\`; the
// browser tests fail when this file differs from the live document.
`

/**
 * The generated file's text for an OpenAPI document (parsed JSON).
 * @param {Record<string, unknown>} doc
 */
export async function generate(doc) {
  // Fields with a default are optional to send; the server always answers
  // them, but TypeScript reads them as possibly absent (the safe side).
  const ast = await openapiTS(/** @type {any} */ (doc), { defaultNonNullable: false, alphabetize: true })
  return HEADER + astToString(ast)
}

/** @param {string} url */
export async function fetchDocument(url) {
  const res = await fetch(url)
  if (!res.ok) throw new Error(`GET ${url} answered ${res.status}`)
  return /** @type {Record<string, unknown>} */ (await res.json())
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const url = process.argv[2] ?? 'http://127.0.0.1:8080/api/openapi.json'
  const text = await generate(await fetchDocument(url))
  writeFileSync(SCHEMA_FILE, text)
  console.log(`wrote ${SCHEMA_FILE} from ${url}`)
}
