// Browser end-to-end test of the knowledge base: an admin writes an article
// in the console's 知识库 page, "试一试" finds it, and a buyer on the demo
// shop who asks that question gets the article from the bot.
//
//   KADESK_BIN=/path/to/kadesk npm test
//
// Starts `$KADESK_BIN serve --demo` on 127.0.0.1:0 with a temp data folder,
// drives the system Chromium with playwright-core, stops the server at the end.

import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { BIN, DemoServer, launchBrowser, NO_BIN, STEP, WAIT, watchErrors } from './harness.mjs'

const TITLE = 'Roblox 礼品卡怎么兑换'
const BODY = '打开 roblox.com/redeem 并登录，输入卡背面的 PIN 码，点「兑换」，Robux 立即到账。'
const QUESTION = 'roblox礼品卡怎么兑换'

const server = new DemoServer()
/** @type {import('playwright-core').Browser | null} */
let browser = null
/** @type {import('playwright-core').Page} */
let admin
/** @type {import('playwright-core').Page} */
let buyer
/** @type {string[]} */
const pageErrors = []

if (!BIN) {
  it('KADESK_BIN names the kadesk binary to test against', () => assert.fail(NO_BIN))
} else describe('the knowledge server.base from the console to the bot', () => {
  before(async () => {
    await server.start(/** @type {string} */ (BIN), 'e2e-knowledge')
    browser = await launchBrowser()
    const adminCtx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', reducedMotion: 'reduce' })
    const buyerCtx = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN', reducedMotion: 'reduce' })
    admin = await adminCtx.newPage()
    buyer = await buyerCtx.newPage()
    watchErrors(admin, 'console', pageErrors)
    watchErrors(buyer, 'demo', pageErrors)
  })

  after(async () => {
    try {
      if (browser) await browser.close()
    } finally {
      server.cleanUp()
    }
  })

  it('admin opens 知识库 and sees the demo articles', STEP, async () => {
    await admin.goto(server.base + '/console/')
    await admin.locator('input[name=username]').fill('admin')
    await admin.locator('input[name=password]').fill(server.passwords.admin ?? '')
    await admin.locator('button[type=submit]').click()
    await admin.locator('.topbar-nav .topbar-tab', { hasText: '知识库' }).click()
    await admin.locator('.kb-item', { hasText: 'Steam 钱包充值卡怎么兑换' }).waitFor({ timeout: WAIT })
  })

  it('admin writes an article', STEP, async () => {
    await admin.locator('button.kb-new').click()
    const form = admin.locator('form.kb-editor')
    await form.locator('input[name=title]').fill(TITLE)
    await form.locator('textarea[name=body]').fill(BODY)
    await form.locator('input[name=tags]').fill('roblox, 礼品卡, 兑换教程')
    await form.locator('input[name=products]').fill('Roblox 礼品卡 $10')
    await form.locator('button[type=submit]').click()
    await form.locator('.kb-saved').waitFor({ timeout: WAIT })
    await admin.locator('.kb-item', { hasText: TITLE }).waitFor({ timeout: WAIT })
    await server.shot(admin, 'kb-1-saved')
  })

  it('an empty title is refused with the field named, nothing saved', STEP, async () => {
    await admin.locator('button.kb-new').click()
    const form = admin.locator('form.kb-editor')
    await form.locator('textarea[name=body]').fill('没有标题的文章')
    await form.locator('button[type=submit]').click()
    await form.locator('.list-error', { hasText: 'title' }).waitFor({ timeout: WAIT })
    await form.locator('button', { hasText: '关闭' }).click()
  })

  it('试一试 finds the new article and says the bot would answer with it', STEP, async () => {
    const tryBox = admin.locator('.kb-try')
    await tryBox.locator('input[name=try]').fill(QUESTION)
    await tryBox.locator('button[type=submit]').click()
    const first = tryBox.locator('.kb-hits li').first()
    await first.waitFor({ timeout: WAIT })
    assert.equal((await first.locator('.kb-hit-title').innerText()).trim(), TITLE)
    assert.ok(await first.evaluate((el) => el.classList.contains('chosen')), 'the new article is the one the bot would send')
    assert.match(await first.locator('.kb-score').innerText(), /置信度 \d+%/)
    await server.shot(admin, 'kb-2-try')
  })

  it('a buyer on the demo shop asks, and the bot answers with the article', STEP, async () => {
    await buyer.goto(server.base + '/demo')
    await buyer.locator('#kadesk-widget .launcher').click()
    const panel = buyer.locator('#kadesk-widget .panel')
    await panel.waitFor({ state: 'visible' })
    const input = panel.locator('textarea')
    await input.fill(QUESTION)
    await input.press('Enter')
    const answer = panel.locator('.row[data-sender="bot"]', { hasText: 'roblox.com/redeem' })
    await answer.waitFor({ timeout: WAIT })
    assert.ok((await answer.innerText()).includes(TITLE), 'the answer names the article')
    await server.shot(buyer, 'kb-3-buyer-answered')
  })

  it('no page had a script error', () => {
    assert.deepEqual(pageErrors, [])
  })
})
