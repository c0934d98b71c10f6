// Browser end-to-end test of screenshots: a buyer on the demo shop picks
// 订单截图 and uploads a real degraded fixture; the picture appears at once;
// the agent opens it in the console and sees the recognised text boxes and
// the fields read from it.
//
//   KADESK_BIN=/path/to/kadesk KADESK_MODELS_DIR=/path/to/models npm test
//
// Uses the shared harness (tests/harness.mjs): `$KADESK_BIN serve --demo` on
// 127.0.0.1:0 with a temp data folder, playwright-core and the system
// Chromium; the OCR models come from KADESK_MODELS_DIR.

import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { BIN, DemoServer, launchBrowser, NO_BIN, WAIT, watchErrors } from './harness.mjs'

const STEP = { timeout: 240_000 }
const MODELS = process.env.KADESK_MODELS_DIR
const FIXTURE = fileURLToPath(new URL('../../crates/vision/tests/fixtures/order_zh_dark_tilted.jpg', import.meta.url))
const TRUTH = JSON.parse(readFileSync(FIXTURE.replace(/\.jpg$/, '.json'), 'utf8'))
/** Reading one picture in a debug build can take a while: a failure bound, not a measurement. */
const READ_WAIT = 180_000

const server = new DemoServer()
/** @type {import('playwright-core').Browser | null} */
let browser = null
/** @type {import('playwright-core').Page} */
let buyer
/** @type {import('playwright-core').Page} */
let agent
/** @type {string[]} */
const pageErrors = []

if (!BIN || !MODELS) {
  it('KADESK_BIN and KADESK_MODELS_DIR name the kadesk binary and the OCR models', () =>
    assert.fail(BIN ? 'KADESK_MODELS_DIR is not set: point it at the OCR models (scripts/fetch-models.sh)' : NO_BIN))
} else describe('a buyer sends an order screenshot and the agent sees what was read', () => {
  /** @type {number} */
  let conversationId = 0

  before(async () => {
    await server.start(/** @type {string} */ (BIN), 'e2e-vision', { KADESK_VISION__MODELS_DIR: MODELS ?? '' })
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

  it('buyer picks 订单截图 in the widget and the picture appears at once', STEP, async () => {
    await buyer.goto(server.base + '/demo')
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
    await server.shot(buyer, '1-category-sheet')
    const [chooser] = await Promise.all([buyer.waitForEvent('filechooser'), order.click()])
    await chooser.setFiles(FIXTURE)
    const row = panel.locator('.row.me .thumb img')
    await row.first().waitFor({ timeout: WAIT })
    assert.match((await row.first().getAttribute('src')) ?? '', /\/thumbnail$/, 'the chat shows the thumbnail')
    assert.equal(await panel.locator('textarea').inputValue(), '这是我的订单', 'the typed text is kept')
    await server.shot(buyer, '2-picture-shown')
    // Tapping it opens the full picture.
    await panel.locator('.row.me .thumb').first().click()
    const big = buyer.locator('#kadesk-widget .lightbox img')
    await big.waitFor({ state: 'visible' })
    assert.doesNotMatch((await big.getAttribute('src')) ?? '', /thumbnail/)
    await buyer.locator('#kadesk-widget .lightbox').click()
  })

  it('agent opens the picture and sees the text boxes and the fields read from it', STEP, async () => {
    await agent.goto(server.base + '/console/')
    await agent.locator('input[name=username]').fill('xiaowang')
    await agent.locator('input[name=password]').fill(server.passwords.xiaowang ?? '')
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
    await agent.goto(server.base + `/console/conversations/${conversationId}`)
    const view = agent.locator('.conv-view')
    const thumb = view.locator('.msg[data-sender="buyer"] .thumb').first()
    await thumb.waitFor({ timeout: WAIT })
    await thumb.click()
    const viewer = agent.locator('.viewer')
    await viewer.waitFor({ state: 'visible' })
    // The reading may still be running: the viewer updates live.
    await viewer.locator('[data-field="order_no"]').waitFor({ timeout: READ_WAIT })
    assert.equal(await viewer.locator('[data-field="order_no"]').innerText(), TRUTH.fields.order_no)
    assert.equal(await viewer.locator('[data-field="amount"]').innerText(), '¥' + TRUTH.fields.amount, 'the amount read, shown as money')
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
    await server.shot(agent, '3-agent-viewer')
  })

  it('no page had a script error', () => {
    assert.deepEqual(pageErrors, [])
  })
})
