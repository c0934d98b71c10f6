// Browser end-to-end test: a buyer on the demo shop chats with an agent in
// the console, through a real kadesk server and a real Chromium.
//
//   KADESK_BIN=/path/to/kadesk npm test
//
// The test starts `$KADESK_BIN serve --demo --data-dir <temp> --listen
// 127.0.0.1:0`, reads the address and the demo logins from its stdout, drives
// two browser contexts (buyer and agent) with playwright-core and the system
// Chromium, saves screenshots into a temp folder, and stops the server at the
// end, also when a step fails.

import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { after, before, describe, it } from 'node:test'
import { chromium } from 'playwright-core'
import ts from 'typescript'

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
const BUYER_TEXT = '我的卡密没收到，订单号 D20241120X7731'
const AGENT_TEXT = '您好，我来帮您查一下'
const STEP = { timeout: 90_000 }
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
      env: { ...process.env },
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

/**
 * The fields of each interface in src/api.ts: name -> optional?
 * @returns {Record<string, Record<string, boolean>>}
 */
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

/** Which OpenAPI schema each interface of src/api.ts mirrors. */
const MIRRORS = {
  Attachment: 'Attachment',
  Message: 'Message',
  Conversation: 'Conversation',
  Contact: 'Contact',
  User: 'User',
  Product: 'ProductView',
  WidgetSession: 'SessionResponse',
  LoginAnswer: 'LoginResponse',
  UsersAnswer: 'UserList',
  MessagePage: 'MessageList',
  Page: 'ConversationList',
}

if (!BIN) {
  it('KADESK_BIN names the kadesk binary to test against', () => assert.fail(NO_BIN))
} else describe('buyer and agent chat through the widget and the console', () => {
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

  it("the API types in src/api.ts match the server's OpenAPI document", async () => {
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
      const theirs = Object.fromEntries(Object.keys(schema.properties ?? {}).map((k) => [k, !required.has(k)]))
      assert.deepEqual(fields, theirs, `${iface} in src/api.ts vs ${schemaName} in /api/openapi.json (field: optional?)`)
    }
  })

  it('agent xiaowang signs in to the console', STEP, async () => {
    await agent.goto(base + '/console/')
    await agent.locator('input[name=username]').fill('xiaowang')
    await agent.locator('input[name=password]').fill(passwords.xiaowang ?? '')
    await agent.locator('button[type=submit]').click()
    await agent.locator('.conv-list').waitFor({ timeout: WAIT })
    await agent.locator('.topbar .me-name', { hasText: '小王' }).waitFor({ timeout: WAIT })
    // The live socket must be up before the buyer writes.
    await agent.locator('.conn-state.open').waitFor({ timeout: WAIT })
    await agent.evaluate(() => {
      /** @type {any} */ (globalThis).__kadeskNoReload = true
    })
  })

  it('buyer opens the widget on the demo shop and sends a message', STEP, async () => {
    await buyer.goto(base + '/demo')
    await buyer.locator('.card').first().waitFor({ timeout: WAIT })
    await buyer.locator('#kadesk-widget .launcher').click()
    const panel = buyer.locator('#kadesk-widget .panel')
    await panel.waitFor({ state: 'visible' })
    const input = panel.locator('textarea')
    await input.fill(BUYER_TEXT)
    await input.press('Enter')
    await panel.locator('.row.me[data-state="sent"]', { hasText: BUYER_TEXT }).waitFor({ timeout: WAIT })
    assert.equal(await input.inputValue(), '', 'the input is cleared after sending')
    await shot(buyer, '1-buyer-sent')
  })

  it('the conversation appears live in the agent list, without a reload', STEP, async () => {
    const item = agent.locator('.conv-item', { hasText: 'D20241120X7731' })
    await item.waitFor({ timeout: WAIT })
    assert.equal(await agent.evaluate(() => /** @type {any} */ (globalThis).__kadeskNoReload), true, 'console was not reloaded')
    await shot(agent, '2-agent-list')
  })

  it('agent opens the conversation, sees the message and replies', STEP, async () => {
    await agent.locator('.conv-item', { hasText: 'D20241120X7731' }).click()
    const view = agent.locator('.conv-view')
    await view.locator('.msg[data-sender="buyer"]', { hasText: BUYER_TEXT }).waitFor({ timeout: WAIT })
    const box = view.locator('.reply-box textarea')
    await box.fill(AGENT_TEXT)
    await box.press('Enter')
    await view.locator('.msg[data-sender="agent"][data-state="sent"]', { hasText: AGENT_TEXT }).waitFor({ timeout: WAIT })
    // Replying claimed the conversation; the header follows live.
    await view.locator('.badge.st-assigned').first().waitFor({ timeout: WAIT })
    await shot(agent, '3-agent-replied')
  })

  it('buyer sees the reply appear in the widget', STEP, async () => {
    const panel = buyer.locator('#kadesk-widget .panel')
    await panel.locator('.row[data-sender="agent"]', { hasText: AGENT_TEXT }).waitFor({ timeout: WAIT })
    await panel.locator('.row[data-sender="agent"] .who', { hasText: '小王' }).waitFor({ timeout: WAIT })
    await shot(buyer, '4-buyer-got-reply')
  })

  it('after a reload the buyer finds the same conversation and history', STEP, async () => {
    await buyer.reload()
    await buyer.locator('.card').first().waitFor({ timeout: WAIT })
    const panel = buyer.locator('#kadesk-widget .panel')
    if (!(await panel.isVisible())) await buyer.locator('#kadesk-widget .launcher').click()
    await panel.locator('.row.me', { hasText: BUYER_TEXT }).waitFor({ timeout: WAIT })
    await panel.locator('.row[data-sender="agent"]', { hasText: AGENT_TEXT }).waitFor({ timeout: WAIT })
    assert.equal(await panel.locator('.row.me', { hasText: BUYER_TEXT }).count(), 1, 'the message is shown once')
    await shot(buyer, '5-buyer-after-reload')
  })

  it('the widget panel is full screen on a 390×844 phone', STEP, async () => {
    assert.ok(browser)
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN', reducedMotion: 'reduce' })
    const phone = await ctx.newPage()
    watchErrors(phone, 'phone')
    await phone.goto(base + '/demo')
    await phone.locator('#kadesk-widget .launcher').click()
    const panel = phone.locator('#kadesk-widget .panel')
    await panel.waitFor({ state: 'visible' })
    const box = await panel.boundingBox()
    assert.ok(box, 'the panel has a box')
    assert.ok(Math.abs(box.x) <= 1 && Math.abs(box.y) <= 1, `panel starts at the corner, got ${box.x},${box.y}`)
    assert.ok(Math.abs(box.width - 390) <= 1, `panel is 390 px wide, got ${box.width}`)
    assert.ok(Math.abs(box.height - 844) <= 1, `panel is 844 px high, got ${box.height}`)
    await shot(phone, '6-phone-widget')
    await ctx.close()
  })

  it('no page had a script error', () => {
    assert.deepEqual(pageErrors, [])
  })
})
