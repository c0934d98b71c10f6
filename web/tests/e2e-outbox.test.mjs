// Browser end-to-end test of the per-user outbox: agent 小王's reply that the
// server never acknowledged stays 小王's. When 小李 signs in on the same
// browser it is not sent (so it can never go out as 小李); when 小王 signs in
// again it goes out as 小王.
//
//   KADESK_BIN=/path/to/kadesk npm test

import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { BIN, DemoServer, launchBrowser, NO_BIN, signIn, STEP, WAIT, watchErrors } from './harness.mjs'

const BUYER_TEXT = '请问我的订单 D20241120X7731 发货了吗'
const A_TEXT = '小王的回复：这条还没送达服务器'
const B_TEXT = '小李的回复：我来接手'

const server = new DemoServer()
/** @type {import('playwright-core').Browser | null} */
let browser = null
/** @type {import('playwright-core').Page} */
let agent
/** @type {string[]} */
const pageErrors = []
/** While true, the agent page's `send` frames never reach the server. */
let swallowSends = false
let conversationId = 0

/**
 * The stored messages of the conversation, as the signed-in agent reads them.
 * @returns {Promise<{text: string, sender: string, sender_name?: string}[]>}
 */
async function storedMessages() {
  return agent.evaluate(async (id) => {
    const res = await fetch(`/api/v1/conversations/${id}/messages?limit=100`)
    return /** @type {any} */ (await res.json()).items
  }, conversationId)
}

async function signOut() {
  await agent.locator('[data-action="logout"]').click()
  await agent.locator('input[name=username]').waitFor({ timeout: WAIT })
}

if (!BIN) {
  it('KADESK_BIN names the kadesk binary to test against', () => assert.fail(NO_BIN))
} else describe("one browser, two agents: a pending reply stays its author's", () => {
  before(async () => {
    await server.start(/** @type {string} */ (BIN), 'e2e-outbox')
    browser = await launchBrowser()
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', reducedMotion: 'reduce' })
    // Sits between the console and the server on the agent socket.
    await ctx.routeWebSocket(/\/api\/v1\/agent\/ws/, (ws) => {
      const upstream = ws.connectToServer()
      ws.onMessage((m) => {
        if (swallowSends && JSON.parse(String(m)).type === 'send') return
        upstream.send(m)
      })
      upstream.onMessage((m) => ws.send(m))
      ws.onClose(() => upstream.close())
      upstream.onClose(() => ws.close())
    })
    agent = await ctx.newPage()
    watchErrors(agent, 'console', pageErrors)

    const buyerCtx = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN' })
    const buyer = await buyerCtx.newPage()
    watchErrors(buyer, 'demo', pageErrors)
    await buyer.goto(server.base + '/demo')
    await buyer.locator('#kadesk-widget .launcher').click()
    const input = buyer.locator('#kadesk-widget .panel textarea')
    await input.fill(BUYER_TEXT)
    await input.press('Enter')
    await buyer.locator('#kadesk-widget .row.me[data-state="sent"]').waitFor({ timeout: WAIT })
    conversationId = await buyer.evaluate(async () => {
      const token = /** @type {any} */ (globalThis).localStorage.getItem('kadesk.visitor_token')
      const res = await fetch('/api/v1/widget/session', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ visitor_token: token }),
      })
      return /** @type {any} */ (await res.json()).conversation.id
    })
    await buyerCtx.close()
  })

  after(async () => {
    try {
      if (browser) await browser.close()
    } finally {
      server.cleanUp()
    }
  })

  it("小王's reply stays pending while the server never gets it", STEP, async () => {
    await signIn(agent, server, 'xiaowang')
    await agent.locator(`.conv-item[data-conversation-id="${conversationId}"]`).click()
    await agent.locator('.msg[data-sender="buyer"]', { hasText: BUYER_TEXT }).waitFor({ timeout: WAIT })
    swallowSends = true
    const box = agent.locator('.reply-box textarea')
    await box.fill(A_TEXT)
    await box.press('Enter')
    await agent.locator('.msg[data-state="sending"]', { hasText: A_TEXT }).waitFor({ timeout: WAIT })
    const kept = await agent.evaluate(() =>
      Object.keys(/** @type {any} */ (globalThis).localStorage).filter((k) => k.startsWith('kadesk.console.pending')),
    )
    assert.equal(kept.length, 1, `one outbox key, got ${kept.join(', ')}`)
    assert.match(kept[0] ?? '', /^kadesk\.console\.pending\.\d+$/, 'the outbox is kept under the user id')
    await server.shot(agent, 'outbox-1-pending')
  })

  it("小李 signs in on the same browser and 小王's reply is not sent as 小李", STEP, async () => {
    await signOut()
    swallowSends = false
    await signIn(agent, server, 'xiaoli')
    await agent.goto(server.base + `/console/conversations/${conversationId}`)
    await agent.locator('.conn-state.open').waitFor({ timeout: WAIT })
    assert.equal(await agent.locator('.msg', { hasText: A_TEXT }).count(), 0, "小王's pending reply is not shown to 小李")
    // 小李's own reply goes out on the same socket after anything sent at
    // connect: once it is stored, an outbox sent as 小李 would be too.
    const box = agent.locator('.reply-box textarea')
    await box.fill(B_TEXT)
    await box.press('Enter')
    await agent.locator('.msg[data-sender="agent"][data-state="sent"]', { hasText: B_TEXT }).waitFor({ timeout: WAIT })
    const stored = await storedMessages()
    assert.ok(stored.some((m) => m.text === B_TEXT && m.sender_name === '小李'), '小李 replied')
    assert.ok(!stored.some((m) => m.text === A_TEXT), "小王's reply was never sent (so never as 小李)")
    await server.shot(agent, 'outbox-2-other-agent')
  })

  it("when 小王 signs in again the pending reply goes out as 小王", STEP, async () => {
    await signOut()
    await signIn(agent, server, 'xiaowang')
    await agent.goto(server.base + `/console/conversations/${conversationId}`)
    await agent.locator('.msg[data-sender="agent"][data-state="sent"]', { hasText: A_TEXT }).waitFor({ timeout: WAIT })
    const stored = await storedMessages()
    const sent = stored.filter((m) => m.text === A_TEXT)
    assert.equal(sent.length, 1, 'sent once')
    assert.equal(sent[0]?.sender_name, '小王', 'sent as its author')
    assert.equal(await agent.locator('.msg[data-state="sending"]').count(), 0, 'nothing left pending')
  })

  it('no page had a script error', () => {
    assert.deepEqual(pageErrors, [])
  })
})
