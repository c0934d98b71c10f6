// Browser end-to-end test of screenshots: a buyer on the demo shop picks
// 订单截图 and uploads a real degraded fixture; the picture appears at once;
// the agent opens it in the console and sees the recognised text boxes and
// the fields read from it.
//
//   KADESK_BIN=/path/to/kadesk KADESK_MODELS_DIR=/path/to/models npm test
//
// Same harness as e2e-chat.test.mjs: `$KADESK_BIN serve --demo` on
// 127.0.0.1:0 with a temp data folder, playwright-core and the system
// Chromium; the OCR models come from KADESK_MODELS_DIR.

import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { after, before, describe, it } from 'node:test'
import { chromium } from 'playwright-core'
import ts from 'typescript'

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
const STEP = { timeout: 240_000 }
const MODELS = process.env.KADESK_MODELS_DIR
const FIXTURE = fileURLToPath(new URL('../../crates/vision/tests/fixtures/order_zh_dark_tilted.jpg', import.meta.url))
const TRUTH = JSON.parse(readFileSync(FIXTURE.replace(/\.jpg$/, '.json'), 'utf8'))
/** Reading one picture in a debug build can take a while: a failure bound, not a measurement. */
const READ_WAIT = 180_000
const WAIT = 20_000

/** @type {import('node:child_process').ChildProcess | null} */
let server = null
/** @type {string} */
let base = ''
/** @type {Record<string, string>} */
const passwords = {}
/** @type {import('playwright-core').Browser | null} */
let browser = null
/** @type {import('playwright-core').Page} */
let buyer
/** @type {import('playwright-core').Page} */
let agent
let dataDir = ''
let shots = ''
const BIN = process.env.KADESK_BIN
const NO_BIN =
  'KADESK_BIN is not set: point it at the kadesk binary, e.g. KADESK_BIN=~/.cache/kadesk-target/debug/kadesk npm test'
/** @type {string[]} */
const pageErrors = []
/** @type {string[]} */
const serverLog = []

function stopServer() {
  if (server && server.exitCode === null && server.signalCode === null) server.kill('SIGTERM')
}
process.on('exit', stopServer)
for (const sig of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.on(sig, () => {
    stopServer()
    process.exit(130)
  })
}

/** Starts the server and resolves once it printed its address and the three logins. */
/** @param {string} bin */
function startServer(bin) {
  dataDir = mkdtempSync(join(tmpdir(), 'kadesk-e2e-data-'))
  shots = mkdtempSync(join(tmpdir(), 'kadesk-e2e-shots-'))
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['serve', '--demo', '--data-dir', dataDir, '--listen', '127.0.0.1:0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, KADESK_VISION__MODELS_DIR: MODELS ?? '' },
    })
    server = child
    const timer = setTimeout(
      () => reject(new Error('kadesk did not print its address and logins within 120 s:\n' + serverLog.join('\n'))),
      120_000,
    )
    const done = () => {
      if (base && passwords.admin && passwords.xiaowang && passwords.xiaoli) {
        clearTimeout(timer)
        resolve(undefined)
      }
    }
    createInterface({ input: /** @type {import('node:stream').Readable} */ (child.stdout) }).on('line', (line) => {
      serverLog.push(line)
      const url = /kadesk listening on (http:\/\/\S+)/.exec(line)
      if (url && url[1]) base = url[1].replace(/\/$/, '')
      const login = /login: username=(\S+) password=(\S+) role=(\S+)/.exec(line)
      if (login && login[1] && login[2]) passwords[login[1]] = login[2]
      done()
    })
    createInterface({ input: /** @type {import('node:stream').Readable} */ (child.stderr) }).on('line', (line) => {
      serverLog.push(line)
      if (serverLog.length > 400) serverLog.shift()
    })
    child.on('error', (e) => {
      clearTimeout(timer)
      reject(new Error(`cannot start ${bin}: ${e.message}`))
    })
    child.on('exit', (code, signal) => {
      clearTimeout(timer)
      reject(new Error(`kadesk exited early (code ${code}, signal ${signal}):\n` + serverLog.slice(-40).join('\n')))
    })
  })
}

/** @param {import('playwright-core').Page} page @param {string} name */
async function shot(page, name) {
  const file = join(shots, name + '.png')
  await page.screenshot({ path: file })
  console.log('screenshot: ' + file)
  return file
}

/** @param {import('playwright-core').Page} page @param {string} who */
function watchErrors(page, who) {
  page.on('pageerror', (e) => pageErrors.push(`${who}: ${e.message}`))
}


/** The fields of each interface in src/api.ts: name -> optional? */
function apiTypes() {
  const file = new URL('../src/api.ts', import.meta.url)
  const src = ts.createSourceFile('api.ts', readFileSync(file, 'utf8'), ts.ScriptTarget.Latest)
  /** @type {Record<string, Record<string, boolean>>} */
  const out = {}
  src.forEachChild((node) => {
    if (!ts.isInterfaceDeclaration(node)) return
    /** @type {Record<string, boolean>} */
    const fields = {}
    for (const m of node.members) {
      if (ts.isPropertySignature(m) && ts.isIdentifier(m.name)) fields[m.name.text] = !!m.questionToken
    }
    out[node.name.text] = fields
  })
  return out
}

/** The screenshot interfaces of src/api.ts and the OpenAPI schemas they mirror. */
const MIRRORS = {
  Attachment: 'Attachment',
  ImageAnalysis: 'ImageAnalysis',
  AnalysisLine: 'AnalysisLine',
  AnalysisFlag: 'AnalysisFlag',
  SeenBefore: 'SeenBefore',
  ScreenshotFields: 'ScreenshotFields',
  AnalysisList: 'AnalysisList',
}

if (!BIN || !MODELS) {
  it('KADESK_BIN and KADESK_MODELS_DIR name the kadesk binary and the OCR models', () =>
    assert.fail(BIN ? 'KADESK_MODELS_DIR is not set: point it at the OCR models (scripts/fetch-models.sh)' : NO_BIN))
} else describe('a buyer sends an order screenshot and the agent sees what was read', () => {
  /** @type {number} */
  let conversationId = 0

  before(async () => {
    await startServer(BIN)
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    })
    const agentCtx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', reducedMotion: 'reduce' })
    const buyerCtx = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN', reducedMotion: 'reduce' })
    agent = await agentCtx.newPage()
    buyer = await buyerCtx.newPage()
    watchErrors(agent, 'console')
    watchErrors(buyer, 'demo')
  })

  after(async () => {
    try {
      if (browser) await browser.close()
    } finally {
      stopServer()
      if (dataDir) rmSync(dataDir, { recursive: true, force: true })
      console.log('screenshots are in ' + shots)
    }
  })

  it("the screenshot types in src/api.ts match the server's OpenAPI document", async () => {
    const res = await fetch(base + '/api/openapi.json')
    assert.equal(res.status, 200)
    const doc = /** @type {{components: {schemas: Record<string, {properties?: Record<string, unknown>, required?: string[]}>}}} */ (
      await res.json()
    )
    const ours = apiTypes()
    for (const [iface, schemaName] of Object.entries(MIRRORS)) {
      const schema = doc.components.schemas[schemaName]
      assert.ok(schema, `the OpenAPI document has a schema ${schemaName}`)
      const fields = ours[iface]
      assert.ok(fields, `src/api.ts has an interface ${iface}`)
      const required = new Set(schema.required ?? [])
      const props = Object.keys(schema.properties ?? {}).sort()
      assert.deepEqual(Object.keys(fields).sort(), props, `${iface} has the fields of ${schemaName}`)
      for (const p of props) assert.equal(fields[p], !required.has(p), `${iface}.${p} is optional exactly when the schema says so`)
    }
  })

  it('buyer picks 订单截图 in the widget and the picture appears at once', STEP, async () => {
    await buyer.goto(base + '/demo')
    await buyer.locator('.card').first().waitFor({ timeout: WAIT })
    await buyer.locator('#kadesk-widget .launcher').click()
    const panel = buyer.locator('#kadesk-widget .panel')
    await panel.waitFor({ state: 'visible' })
    // Typed text must survive the upload.
    await panel.locator('textarea').fill('这是我的订单')
    await panel.locator('button.attach').click()
    const order = panel.locator('.sheet .cat[data-category="order"]')
    await order.waitFor({ state: 'visible' })
    assert.match(await order.innerText(), /需包含订单号、金额和支付状态/)
    await shot(buyer, '1-category-sheet')
    const [chooser] = await Promise.all([buyer.waitForEvent('filechooser'), order.click()])
    await chooser.setFiles(FIXTURE)
    const row = panel.locator('.row.me .thumb img')
    await row.first().waitFor({ timeout: WAIT })
    assert.match((await row.first().getAttribute('src')) ?? '', /\/thumbnail$/, 'the chat shows the thumbnail')
    assert.equal(await panel.locator('textarea').inputValue(), '这是我的订单', 'the typed text is kept')
    await shot(buyer, '2-picture-shown')
    // Tapping it opens the full picture.
    await panel.locator('.row.me .thumb').first().click()
    const big = buyer.locator('#kadesk-widget .lightbox img')
    await big.waitFor({ state: 'visible' })
    assert.doesNotMatch((await big.getAttribute('src')) ?? '', /thumbnail/)
    await buyer.locator('#kadesk-widget .lightbox').click()
  })

  it('agent opens the picture and sees the text boxes and the fields read from it', STEP, async () => {
    await agent.goto(base + '/console/')
    await agent.locator('input[name=username]').fill('xiaowang')
    await agent.locator('input[name=password]').fill(passwords.xiaowang ?? '')
    await agent.locator('button[type=submit]').click()
    await agent.locator('.conv-list').waitFor({ timeout: WAIT })
    const list = /** @type {{items: {id: number}[]}} */ (
      await agent.evaluate(async () => (await fetch('/api/v1/conversations?limit=50')).json())
    )
    for (const c of list.items) {
      const page = /** @type {{items: {attachments: unknown[]}[]}} */ (
        await agent.evaluate(async (id) => (await fetch(`/api/v1/conversations/${id}/messages`)).json(), c.id)
      )
      if (page.items.some((m) => m.attachments.length > 0)) conversationId = c.id
    }
    assert.ok(conversationId, 'the conversation with the picture exists')
    await agent.goto(base + `/console/conversations/${conversationId}`)
    const view = agent.locator('.conv-view')
    const thumb = view.locator('.msg[data-sender="buyer"] .thumb').first()
    await thumb.waitFor({ timeout: WAIT })
    await thumb.click()
    const viewer = agent.locator('.viewer')
    await viewer.waitFor({ state: 'visible' })
    // The reading may still be running: the viewer updates live.
    await viewer.locator('[data-field="order_no"]').waitFor({ timeout: READ_WAIT })
    assert.equal(await viewer.locator('[data-field="order_no"]').innerText(), TRUTH.fields.order_no)
    assert.equal(await viewer.locator('[data-field="amount"]').innerText(), TRUTH.fields.amount)
    assert.equal(await viewer.locator('[data-field="kind"]').innerText(), '订单页')
    const boxes = viewer.locator('[data-ocr-box]')
    assert.ok((await boxes.count()) > 3, 'text boxes are drawn')
    // Boxes are drawn inside the displayed picture.
    const img = await viewer.locator('.viewer-frame img').boundingBox()
    assert.ok(img, 'the picture has a box')
    const n = await boxes.count()
    for (let i = 0; i < n; i++) {
      const b = await boxes.nth(i).boundingBox()
      assert.ok(b, 'each text box is laid out')
      assert.ok(b.x >= img.x - 1 && b.x + b.width <= img.x + img.width + 1, `box ${i} lies within the picture`)
      assert.ok(b.y >= img.y - 1 && b.y + b.height <= img.y + img.height + 1, `box ${i} lies within the picture`)
      // Boxes hug lines of text: far less tall than the picture.
      assert.ok(b.height < img.height * 0.1, `box ${i} is one line high, got ${b.height} of ${img.height}`)
    }
    await shot(agent, '3-agent-viewer')
  })

  it('no page had a script error', () => {
    assert.deepEqual(pageErrors, [])
  })
})
