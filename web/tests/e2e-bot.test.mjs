// Browser end-to-end test of the bot: a buyer gets a card key re-delivered
// by the bot and rates the conversation, a second buyer asks for a person
// and lands in the agent's unassigned queue with the reason, and the admin
// runs a test chat and changes a bot setting that outlives a reload. A real
// `kadesk serve --demo` and a real headless Chromium (see harness.mjs).
//
//   KADESK_BIN=/path/to/kadesk npm test

import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { BIN, DemoServer, launchBrowser, NO_BIN, signIn, STEP, WAIT, watchErrors } from './harness.mjs'

// The demo order of buyer2024@qq.com that was delivered (see crates/kadesk/src/demo.rs).
const ORDER = 'D20241120X7731'
const EMAIL = 'buyer2024@qq.com'

const server = new DemoServer()
/** @type {import('playwright-core').Browser | null} */
let browser = null
/** @type {string[]} */
const pageErrors = []

/** A fresh browser context (its own visitor token) with a page. */
/** @param {string} who */
async function newPage(who, width = 1280) {
  assert.ok(browser)
  const ctx = await browser.newContext({ viewport: { width, height: 860 }, locale: 'zh-CN', reducedMotion: 'reduce' })
  const page = await ctx.newPage()
  watchErrors(page, who, pageErrors)
  return page
}

/** Opens the widget on the demo shop; returns its panel. */
/** @param {import('playwright-core').Page} page */
async function openWidget(page) {
  await page.goto(server.base + '/demo')
  await page.locator('#kadesk-widget .launcher').click()
  const panel = page.locator('#kadesk-widget .panel')
  await panel.waitFor({ state: 'visible' })
  return panel
}

/** Sends a line from the widget and waits until it is stored. */
/** @param {import('playwright-core').Locator} panel @param {string} text */
async function say(panel, text) {
  const input = panel.locator('textarea').last()
  await input.fill(text)
  await input.press('Enter')
  await panel.locator('.row.me[data-state="sent"]', { hasText: text }).last().waitFor({ timeout: WAIT })
}

/** The number of bot messages in the widget. */
/** @param {import('playwright-core').Locator} panel */
function botRows(panel) {
  return panel.locator('.row[data-sender="bot"]')
}

/** Waits until there are more than `n` bot messages. */
/** @param {import('playwright-core').Locator} panel @param {number} n */
async function moreBotRows(panel, n) {
  await botRows(panel).nth(n).waitFor({ timeout: WAIT })
}

/**
 * The buyer's conversation as the server has it (their widget session).
 * @param {import('playwright-core').Page} page
 * @returns {Promise<{id: number, status: string, rating?: {stars: number, comment?: string}}>}
 */
async function currentConversation(page) {
  return page.evaluate(async () => {
    const token = /** @type {any} */ (globalThis).localStorage.getItem('kadesk.visitor_token')
    const res = await fetch('/api/v1/widget/session', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ visitor_token: token }),
    })
    return /** @type {any} */ (await res.json()).conversation
  })
}

if (!BIN) {
  it('KADESK_BIN names the kadesk binary to test against', () => assert.fail(NO_BIN))
} else describe('the bot in the widget, the queue and the admin page', () => {
  before(async () => {
    await server.start(/** @type {string} */ (BIN), 'e2e-bot', { KADESK_ROUTING__ENABLED: 'false' })
    browser = await launchBrowser()
  })

  after(async () => {
    try {
      if (browser) await browser.close()
    } finally {
      server.cleanUp()
    }
  })

  it('a buyer gets the card key of their order from the bot, the chat is resolved and they rate it', STEP, async () => {
    const page = await newPage('buyer')
    const panel = await openWidget(page)
    // A bare 卡密在哪里 is read as usage help (where keys are shown); a paid buyer asking gets the redelivery flow.
    await say(panel, '我已经付款了，卡密在哪里')
    await moreBotRows(panel, 0)
    const seen = await botRows(panel).count()
    await say(panel, ORDER)
    await moreBotRows(panel, seen)
    // The bot asks for the e-mail or lookup password used at purchase.
    await panel.locator('.row[data-sender="bot"]', { hasText: /邮箱|联系方式|查询密码/ }).last().waitFor({ timeout: WAIT })
    // Proof is stored redacted, so the sent row does not show it: just send it.
    await panel.locator('textarea').last().fill(EMAIL)
    await panel.locator('textarea').last().press('Enter')
    const keys = panel.locator('.row[data-sender="card_keys"]')
    await keys.waitFor({ timeout: WAIT }).catch(async (e) => {
      throw new Error(`no card keys; the widget shows:\n${await panel.innerText()}\n${e}`)
    })
    assert.match(await keys.innerText(), new RegExp(ORDER))
    assert.ok((await keys.locator('code').count()) >= 1, 'the card keys are listed')
    assert.ok((await keys.locator('code').first().innerText()).trim().length > 4, 'a card key is shown in full')
    await server.shot(page, 'bot-1-card-keys')

    // "Solved?" — the buyer presses 解决了: resolved, and the star prompt shows.
    await panel.locator('.qr', { hasText: '解决了' }).last().click({ timeout: WAIT })
    const rating = panel.locator('[data-sender="rating"]')
    await rating.waitFor({ timeout: WAIT })
    assert.match(await rating.innerText(), /请为本次服务评分/)
    await rating.locator('.star[data-stars="5"]').click()
    await rating.locator('.rate-c').fill('很快就拿到了')
    await rating.locator('.rate-s').click()
    await panel.locator('[data-sender="rating-thanks"]').waitFor({ timeout: WAIT })
    await server.shot(page, 'bot-2-rated')

    // The rating is stored on the buyer's conversation.
    const conversation = await currentConversation(page)
    assert.equal(conversation.status, 'resolved')
    assert.equal(conversation.rating?.stars, 5)
    assert.equal(conversation.rating?.comment, '很快就拿到了')
    // Writing again reopens the chat: the thank-you does not stay stuck at the bottom.
    await say(panel, '还有一个问题')
    await panel.locator('[data-sender="rating-thanks"]').waitFor({ state: 'detached', timeout: WAIT })
    await page.context().close()
  })

  it('a buyer asking for a person shows up in the unassigned queue with the reason', STEP, async () => {
    const agent = await newPage('console', 1440)
    await signIn(agent, server, 'xiaowang')
    const buyer = await newPage('buyer2')
    const panel = await openWidget(buyer)
    await say(panel, '转人工')
    await panel.locator('.row', { hasText: '人工客服' }).last().waitFor({ timeout: WAIT })
    const id = (await currentConversation(buyer)).id
    await agent.locator('.nav-item[data-scope="unassigned"]').click()
    const item = agent.locator(`.conv-item[data-conversation-id="${id}"]`)
    await item.waitFor({ timeout: WAIT })
    await item.click()
    await agent.locator('.handoff .handoff-reason[data-reason="human_request"]').waitFor({ timeout: WAIT })
    assert.match(await agent.locator('.handoff').innerText(), /买家要求人工/)
    await server.shot(agent, 'bot-3-queue')
    await agent.context().close()
    await buyer.context().close()
  })

  it('the admin runs a test chat on the Bot page and changes a setting that outlives a reload', STEP, async () => {
    const admin = await newPage('admin', 1440)
    await signIn(admin, server, 'admin')
    await admin.locator('.topbar-tab[data-page="bot"]').click()
    const input = admin.locator('[data-test="bot-input"]')
    await input.fill('卡密没收到')
    await input.press('Enter')
    const meta = admin.locator('[data-test="bot-meta"]').first()
    await meta.waitFor({ timeout: WAIT })
    assert.match(await meta.innerText(), /卡密没收到/)
    assert.ok((await admin.locator('.bot-line.bot').count()) >= 1, 'the bot replied')
    // A quick reply of the bot's answer sends `/button PAYLOAD` as the next line.
    const button = admin.locator('.bot-buttons .btn').first()
    await button.waitFor({ timeout: WAIT })
    await button.click()
    await admin.locator('.bot-line.buyer', { hasText: '/button ' }).waitFor({ timeout: WAIT })
    await server.shot(admin, 'bot-4-test-chat')

    // A bad value is named next to its field and nothing is saved.
    const low = admin.locator('[data-setting="low_confidence"] input')
    await low.fill('1.5')
    await admin.locator('[data-test="bot-save"]').click()
    await admin.locator('[data-setting="low_confidence"] .bot-field-error').waitFor({ timeout: WAIT })
    await low.fill('0.5')

    const streak = admin.locator('[data-setting="negative_streak"] input')
    await streak.fill('4')
    await admin.locator('[data-test="bot-save"]').click()
    await admin.locator('.bot-status').waitFor({ timeout: WAIT })
    await admin.reload()
    await admin.locator('[data-setting="negative_streak"] input').waitFor({ timeout: WAIT })
    assert.equal(await admin.locator('[data-setting="negative_streak"] input').inputValue(), '4')
    assert.match(await admin.locator('[data-test="bot-source"]').innerText(), /覆盖 kadesk\.toml/)
    await server.shot(admin, 'bot-5-settings')
    await admin.context().close()
  })

  it('the admin imports orders from a CSV file in the contact panel, and a file that is not UTF-8 is named', STEP, async () => {
    const admin = await newPage('admin', 1440)
    await signIn(admin, server, 'admin')
    await admin.locator('.conv-item').first().click()
    await admin.locator('.import-link').click()
    const dialog = admin.locator('.import-dialog')
    const file = dialog.locator('input[type=file]')
    // "订单" in GBK, as Excel saves a Chinese CSV by default.
    const gbk = Buffer.concat([Buffer.from('order_no,product\n'), Buffer.from([0xb6, 0xa9, 0xb5, 0xa5])])
    await file.setInputFiles({ name: 'gbk.csv', mimeType: 'text/csv', buffer: gbk })
    await dialog.locator('.btn.primary').click()
    await dialog.locator('.list-error', { hasText: 'UTF-8' }).waitFor({ timeout: WAIT })
    const csv =
      'order_no,product,email,amount,payment_status\nE2E-CSV-1,Steam 钱包充值卡 ¥100,e2e@qq.com,105.00,paid\n'
    await file.setInputFiles({ name: 'orders.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
    await dialog.locator('.btn.primary').click()
    await dialog.locator('.import-report', { hasText: '新增 1 个' }).waitFor({ timeout: WAIT })
    await server.shot(admin, 'bot-6-import')
    await admin.context().close()
  })

  it('no page had a script error', () => {
    assert.deepEqual(pageErrors, [])
  })
})
