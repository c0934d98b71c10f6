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
import { after, before, describe, it } from 'node:test'
import { BIN, DemoServer, launchBrowser, NO_BIN, STEP, WAIT, watchErrors } from './harness.mjs'

const BUYER_TEXT = '我的卡密没收到，订单号 D20241120X7731'
const AGENT_TEXT = '您好，我来帮您查一下'

const server = new DemoServer()
/** @type {import('playwright-core').Browser | null} */
let browser = null
/** @type {import('playwright-core').Page} */
let buyer
/** @type {import('playwright-core').Page} */
let agent
/** @type {string[]} */
const pageErrors = []

if (!BIN) {
  it('KADESK_BIN names the kadesk binary to test against', () => assert.fail(NO_BIN))
} else describe('buyer and agent chat through the widget and the console', () => {
  before(async () => {
    await server.start(/** @type {string} */ (BIN), 'e2e-chat', { KADESK_ROUTING__ENABLED: 'false' })
    browser = await launchBrowser()
    const agentCtx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', reducedMotion: 'reduce' })
    const buyerCtx = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN', reducedMotion: 'reduce' })
    agent = await agentCtx.newPage()
    buyer = await buyerCtx.newPage()
    watchErrors(agent, 'console', pageErrors)
    watchErrors(buyer, 'demo', pageErrors)
  })

  after(async () => {
    try {
      if (browser) await browser.close()
    } finally {
      server.cleanUp()
    }
  })

  it('agent xiaowang signs in to the console', STEP, async () => {
    const page = await agent.goto(server.base + '/console/')
    const headers = page?.headers() ?? {}
    assert.match(headers['content-security-policy'] ?? '', /frame-ancestors 'none'/, 'the console may not be framed')
    assert.match(headers['content-security-policy'] ?? '', /script-src 'self';/)
    assert.equal(headers['x-content-type-options'], 'nosniff')
    await agent.locator('input[name=username]').fill('xiaowang')
    await agent.locator('input[name=password]').fill(server.passwords.xiaowang ?? '')
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
    const page = await buyer.goto(server.base + '/demo')
    // The demo shop may be framed by the console's own widget preview only.
    assert.match(page?.headers()['content-security-policy'] ?? '', /frame-ancestors 'self'/)
    await buyer.locator('.card').first().waitFor({ timeout: WAIT })
    await buyer.locator('#kadesk-widget .launcher').click()
    const panel = buyer.locator('#kadesk-widget .panel')
    await panel.waitFor({ state: 'visible' })
    const input = panel.locator('textarea')
    await input.fill(BUYER_TEXT)
    await input.press('Enter')
    await panel.locator('.row.me[data-state="sent"]', { hasText: BUYER_TEXT }).waitFor({ timeout: WAIT })
    assert.equal(await input.inputValue(), '', 'the input is cleared after sending')
    await server.shot(buyer, '1-buyer-sent')
  })

  it('the conversation appears live in the agent list, without a reload', STEP, async () => {
    const item = agent.locator('.conv-item', { hasText: 'D20241120X7731' })
    await item.waitFor({ timeout: WAIT })
    assert.equal(await agent.evaluate(() => /** @type {any} */ (globalThis).__kadeskNoReload), true, 'console was not reloaded')
    await server.shot(agent, '2-agent-list')
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
    await server.shot(agent, '3-agent-replied')
  })

  it('buyer sees the reply appear in the widget', STEP, async () => {
    const panel = buyer.locator('#kadesk-widget .panel')
    await panel.locator('.row[data-sender="agent"]', { hasText: AGENT_TEXT }).waitFor({ timeout: WAIT })
    await panel.locator('.row[data-sender="agent"] .who', { hasText: '小王' }).waitFor({ timeout: WAIT })
    await server.shot(buyer, '4-buyer-got-reply')
  })

  it('after a reload the buyer finds the same conversation and history', STEP, async () => {
    await buyer.reload()
    await buyer.locator('.card').first().waitFor({ timeout: WAIT })
    const panel = buyer.locator('#kadesk-widget .panel')
    if (!(await panel.isVisible())) await buyer.locator('#kadesk-widget .launcher').click()
    await panel.locator('.row.me', { hasText: BUYER_TEXT }).waitFor({ timeout: WAIT })
    await panel.locator('.row[data-sender="agent"]', { hasText: AGENT_TEXT }).waitFor({ timeout: WAIT })
    assert.equal(await panel.locator('.row.me', { hasText: BUYER_TEXT }).count(), 1, 'the message is shown once')
    await server.shot(buyer, '5-buyer-after-reload')
  })

  it('the widget panel is full screen on a 390×844 phone', STEP, async () => {
    assert.ok(browser)
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN', reducedMotion: 'reduce' })
    const phone = await ctx.newPage()
    watchErrors(phone, 'phone', pageErrors)
    await phone.goto(server.base + '/demo')
    await phone.locator('#kadesk-widget .launcher').click()
    const panel = phone.locator('#kadesk-widget .panel')
    await panel.waitFor({ state: 'visible' })
    const box = await panel.boundingBox()
    assert.ok(box, 'the panel has a box')
    assert.ok(Math.abs(box.x) <= 1 && Math.abs(box.y) <= 1, `panel starts at the corner, got ${box.x},${box.y}`)
    assert.ok(Math.abs(box.width - 390) <= 1, `panel is 390 px wide, got ${box.width}`)
    assert.ok(Math.abs(box.height - 844) <= 1, `panel is 844 px high, got ${box.height}`)
    await server.shot(phone, '6-phone-widget')
    await ctx.close()
  })

  it('no page had a script error', () => {
    assert.deepEqual(pageErrors, [])
  })
})
