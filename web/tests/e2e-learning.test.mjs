// Browser end-to-end test of the learning desk in the console:
//
// 1. A past case: a buyer writes error code ACT-997, the agent answers and
//    resolves (kadesk remembers it as a case).
// 2. The next buyer sends a screenshot showing ACT-997: once it is read,
//    the similar-cases panel offers the past case, and "使用此回复" fills
//    the reply box (it does not send).
// 3. The agent draws a red rectangle and a blue text label on the buyer's
//    screenshot and sends it: the buyer's widget shows the new picture
//    (tap to zoom); the stored picture, fetched and decoded in the page
//    with a canvas, has red where the rectangle's edge was drawn and blue
//    in the label; the layers are kept and reopen on the original.
// 4. The problem tags: kadesk's proposal confirmed in one click and
//    corrected; with 结案前必须确认问题标签 on (switched by an admin on the
//    settings page), resolving without a tag asks for one first.
//
//   KADESK_BIN=/path/to/kadesk KADESK_MODELS_DIR=/path/to/models node --test tests/e2e-learning.test.mjs

import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { BIN, DemoServer, launchBrowser, NO_BIN, signIn, WAIT, watchErrors } from './harness.mjs'

const STEP = { timeout: 240_000 }
const MODELS = process.env.KADESK_MODELS_DIR
const FIXTURE = fileURLToPath(new URL('../../crates/vision/tests/fixtures/error_en_dark_noisy.jpg', import.meta.url))
/** Reading one picture in a debug build can take a while: a failure bound, not a measurement. */
const READ_WAIT = 180_000
const PAST_TEXT = '兑换的时候提示错误代码 ACT-997，用不了'
const PAST_REPLY = '提示 ACT-997 是这张卡已被兑换过：请把订单号发给我，核实后为您补发一张新卡。'
const LABEL = '实际卡密为16位'
const RED = '#e53935'
const BLUE = '#1e88e5'
/** The rectangle, in fractions of the picture: left, top, right, bottom. */
const RECT = [0.2, 0.25, 0.7, 0.45]
/** Where the label is placed, in fractions of the picture. */
const LABEL_AT = [0.15, 0.6]

const server = new DemoServer()
/** @type {import('playwright-core').Browser | null} */
let browser = null
/** @type {import('playwright-core').Page} */
let agent
/** @type {import('playwright-core').Page} */
let pastBuyer
/** @type {import('playwright-core').Page} */
let buyer
/** @type {string[]} */
const pageErrors = []

/**
 * Opens the widget on the demo shop.
 * @param {import('playwright-core').Page} page
 */
async function openWidget(page) {
  await page.goto(server.base + '/demo')
  await page.locator('.card').first().waitFor({ timeout: WAIT })
  await page.locator('#kadesk-widget .launcher').click()
  const panel = page.locator('#kadesk-widget .panel')
  await panel.waitFor({ state: 'visible' })
  return panel
}

/**
 * A call to the API from the signed-in console (its cookie and origin).
 * @param {string} path @param {string} [method] @param {unknown} [body]
 * @returns {Promise<{status: number, body: any}>}
 */
function api(path, method = 'GET', body = undefined) {
  return agent.evaluate(
    async ([p, m, b]) => {
      const r = await fetch(/** @type {string} */ (p), {
        method: /** @type {string} */ (m),
        headers: { 'Content-Type': 'application/json' },
        body: b === undefined ? undefined : JSON.stringify(b),
      })
      return { status: r.status, body: await r.json().catch(() => null) }
    },
    [path, method, body],
  )
}

/**
 * The conversation whose messages include `needle`, newest first.
 * @param {(m: any) => boolean} match
 */
async function conversationWith(match) {
  const list = await api('/api/v1/conversations?limit=50')
  for (const c of list.body.items) {
    const page = await api(`/api/v1/conversations/${c.id}/messages`)
    if (page.body.items.some(match)) return /** @type {number} */ (c.id)
  }
  return 0
}

if (!BIN || !MODELS) {
  it('KADESK_BIN and KADESK_MODELS_DIR name the kadesk binary and the OCR models', () =>
    assert.fail(BIN ? 'KADESK_MODELS_DIR is not set: point it at the OCR models (scripts/fetch-models.sh)' : NO_BIN))
} else describe('similar cases and picture annotation in the console', () => {
  let pastId = 0
  let conversationId = 0

  before(async () => {
    await server.start(/** @type {string} */ (BIN), 'e2e-learning', { KADESK_VISION__MODELS_DIR: MODELS ?? '' })
    browser = await launchBrowser()
    const options = { viewport: { width: 1440, height: 900 }, locale: 'zh-CN', reducedMotion: /** @type {const} */ ('reduce') }
    agent = await (await browser.newContext(options)).newPage()
    pastBuyer = await (await browser.newContext(options)).newPage()
    buyer = await (await browser.newContext(options)).newPage()
    watchErrors(agent, 'console', pageErrors)
    watchErrors(pastBuyer, 'past buyer', pageErrors)
    watchErrors(buyer, 'buyer', pageErrors)
    await signIn(agent, server, 'xiaowang')
  })

  after(async () => {
    try {
      if (browser) await browser.close()
    } finally {
      server.cleanUp()
    }
  })

  it('a past case: a buyer writes ACT-997, the agent answers and resolves', STEP, async () => {
    const panel = await openWidget(pastBuyer)
    const input = panel.locator('textarea')
    await input.fill(PAST_TEXT)
    await input.press('Enter')
    await panel.locator('.row.me[data-state="sent"]', { hasText: 'ACT-997' }).waitFor({ timeout: WAIT })
    pastId = await conversationWith((m) => m.text === PAST_TEXT)
    assert.ok(pastId, 'the past conversation exists')
    const sent = await api(`/api/v1/conversations/${pastId}/messages`, 'POST', { text: PAST_REPLY })
    assert.equal(sent.status, 201, JSON.stringify(sent.body))
    const resolved = await api(`/api/v1/conversations/${pastId}/resolve`, 'POST', {})
    assert.equal(resolved.status, 200, JSON.stringify(resolved.body))
    const cases = await api('/api/v1/cases?error_code=ACT-997')
    assert.equal(cases.body.length, 1, 'the case is remembered with its error code: ' + JSON.stringify(cases.body))
  })

  it('the next buyer sends a screenshot with ACT-997 and the panel offers the past case', STEP, async () => {
    const panel = await openWidget(buyer)
    await panel.locator('button.attach').click()
    const error = panel.locator('.sheet .cat[data-category="error"]')
    await error.waitFor({ state: 'visible' })
    const [chooser] = await Promise.all([buyer.waitForEvent('filechooser'), error.click()])
    await chooser.setFiles(FIXTURE)
    await panel.locator('.row.me .thumb img').first().waitFor({ timeout: WAIT })
    conversationId = await conversationWith((m) => m.attachments.length > 0)
    assert.ok(conversationId && conversationId !== pastId, 'the screenshot conversation exists')
    await agent.goto(server.base + `/console/conversations/${conversationId}`)
    const similar = agent.locator('[data-test="similar-cases"]')
    await similar.waitFor({ timeout: WAIT })
    // Found once the screenshot is read: the panel asks again by itself.
    const offered = similar.locator(`.similar-item[data-conversation-id="${pastId}"]`)
    await offered.waitFor({ timeout: READ_WAIT })
    assert.equal(await offered.locator('[data-test="similar-solution"]').innerText(), PAST_REPLY)
    assert.match(await offered.innerText(), /ACT-997/i, 'the shared error code shows')
    assert.match(await offered.innerText(), /相似度 \d+%/)
    await server.shot(agent, '1-similar-case')
    const box = agent.locator('.conv-view .reply-box textarea')
    await offered.locator('[data-action="use-reply"]').click()
    assert.equal(await box.inputValue(), PAST_REPLY, 'the reply box holds the past solution')
    const agentReplies = await api(`/api/v1/conversations/${conversationId}/messages`)
    assert.ok(!agentReplies.body.items.some((/** @type {any} */ m) => m.text === PAST_REPLY), 'nothing was sent')
    await box.fill('')
  })

  it('the agent draws a rectangle and a label on the screenshot and sends it', STEP, async () => {
    const view = agent.locator('.conv-view')
    await view.locator('.msg[data-sender="buyer"] .thumb').first().click()
    const viewer = agent.locator('.viewer')
    await viewer.waitFor({ state: 'visible' })
    await viewer.locator('[data-action="annotate"]').click()
    const dialog = agent.locator('.annotator')
    const canvas = dialog.locator('canvas.annot-canvas:not(.hidden)')
    await canvas.waitFor({ state: 'visible', timeout: WAIT })
    const at = async (/** @type {number} */ fx, /** @type {number} */ fy) => {
      const b = await canvas.boundingBox()
      assert.ok(b, 'the canvas is laid out')
      return [b.x + fx * b.width, b.y + fy * b.height]
    }
    await dialog.locator('[data-tool="rect"]').click()
    await dialog.locator(`[data-colour="${RED}"]`).click()
    const [x0, y0] = await at(RECT[0] ?? 0, RECT[1] ?? 0)
    const [x1, y1] = await at(RECT[2] ?? 0, RECT[3] ?? 0)
    await agent.mouse.move(x0 ?? 0, y0 ?? 0)
    await agent.mouse.down()
    await agent.mouse.move(((x0 ?? 0) + (x1 ?? 0)) / 2, ((y0 ?? 0) + (y1 ?? 0)) / 2, { steps: 4 })
    await agent.mouse.move(x1 ?? 0, y1 ?? 0, { steps: 4 })
    await agent.mouse.up()
    await dialog.locator('[data-tool="text"]').click()
    await dialog.locator(`[data-colour="${BLUE}"]`).click()
    await dialog.locator('input[name="annotate-text"]').fill(LABEL)
    const [lx, ly] = await at(LABEL_AT[0] ?? 0, LABEL_AT[1] ?? 0)
    await agent.mouse.click(lx ?? 0, ly ?? 0)
    // Undo takes the label away, redo brings it back.
    await dialog.locator('[data-action="undo"]').click()
    await dialog.locator('[data-action="redo"]').click()
    assert.equal(await dialog.locator('[data-action="redo"]').isDisabled(), true)
    await server.shot(agent, '2-annotator')
    await dialog.locator('[data-action="annotate-send"]').click()
    await dialog.waitFor({ state: 'detached', timeout: WAIT })
    await view.locator('.msg[data-sender="agent"][data-state="sent"] .thumb').first().waitFor({ timeout: WAIT })
  })

  it('the buyer sees the new picture and can zoom it', STEP, async () => {
    const panel = buyer.locator('#kadesk-widget .panel')
    const thumb = panel.locator('.row[data-sender="agent"] .thumb').first()
    await thumb.waitFor({ timeout: WAIT })
    await thumb.click()
    const big = buyer.locator('#kadesk-widget .lightbox img')
    await big.waitFor({ state: 'visible' })
    assert.doesNotMatch((await big.getAttribute('src')) ?? '', /thumbnail/)
    await server.shot(buyer, '3-buyer-annotated')
    await buyer.locator('#kadesk-widget .lightbox').click()
  })

  it('the stored picture has the drawn colours where they were drawn, and the layers reopen', STEP, async () => {
    const page = await api(`/api/v1/conversations/${conversationId}/messages`)
    const buyerPic = page.body.items.find((/** @type {any} */ m) => m.sender === 'buyer' && m.attachments.length)?.attachments[0]
    const drawn = page.body.items.findLast((/** @type {any} */ m) => m.sender === 'agent' && m.attachments.length)?.attachments[0]
    assert.ok(buyerPic && drawn, 'both pictures are in the thread')
    assert.notEqual(drawn.id, buyerPic.id)
    const pixels = await agent.evaluate(
      async ({ url, rect: [rl = 0, rt = 0, rr = 0, rb = 0], label: [lx = 0, ly = 0] }) => {
        const page = /** @type {any} */ (globalThis)
        const blob = await (await fetch(url)).blob()
        const bmp = await page.createImageBitmap(blob)
        const c = page.document.createElement('canvas')
        c.width = bmp.width
        c.height = bmp.height
        const ctx = c.getContext('2d')
        ctx.drawImage(bmp, 0, 0)
        /** @returns {number[]} */
        const px = (/** @type {number} */ x, /** @type {number} */ y) => Array.from(ctx.getImageData(Math.round(x), Math.round(y), 1, 1).data.slice(0, 3))
        const W = bmp.width
        const H = bmp.height
        // The rectangle's left and top edges, half-way along.
        const left = px(rl * W, ((rt + rb) / 2) * H)
        const top = px(((rl + rr) / 2) * W, rt * H)
        // Well inside the rectangle: the screenshot, not the pen.
        const inside = px(((rl + rr) / 2) * W, ((rt + rb) / 2) * H)
        // The label: count blue pixels in the box right of and below where it was placed.
        /** @type {number[]} */
        const box = Array.from(ctx.getImageData(Math.round(lx * W), Math.round(ly * H), Math.round(W * 0.6), Math.round(H * 0.06)).data)
        let blue = 0
        for (let i = 0; i + 2 < box.length; i += 4) {
          const [R = 0, G = 0, B = 0] = box.slice(i, i + 3)
          if (Math.abs(R - 0x1e) < 40 && Math.abs(G - 0x88) < 40 && Math.abs(B - 0xe5) < 40) blue++
        }
        return { width: W, height: H, left, top, inside, blue }
      },
      { url: /** @type {string} */ (drawn.url), rect: RECT, label: LABEL_AT },
    )
    const isRed = (/** @type {number[]} */ [r = 0, g = 0, b = 0]) => r > 190 && g < 100 && b < 100
    assert.ok(isRed(pixels.left), `the rectangle's left edge is red: ${pixels.left}`)
    assert.ok(isRed(pixels.top), `the rectangle's top edge is red: ${pixels.top}`)
    assert.ok(!isRed(pixels.inside), `inside the rectangle is the screenshot: ${pixels.inside}`)
    assert.ok(pixels.blue > 50, `the label is drawn in blue where it was placed (${pixels.blue} blue pixels)`)
    // The layers are kept with the new picture, drawn on the buyer's one.
    const layers = await api(`/api/v1/files/${drawn.id}/annotation`)
    assert.equal(layers.status, 200)
    assert.equal(layers.body.source_file_id, buyerPic.id)
    assert.deepEqual(
      layers.body.layers.shapes.map((/** @type {any} */ s) => [s.tool, s.color, s.text ?? null]),
      [
        ['rect', RED, null],
        ['text', BLUE, LABEL],
      ],
    )
    // Reopened from the sent picture: the drawing is back, on the original.
    const view = agent.locator('.conv-view')
    await view.locator('.msg[data-sender="agent"] .thumb').last().click()
    await agent.locator('.viewer [data-action="annotate"]').click()
    const dialog = agent.locator('.annotator')
    await dialog.locator('canvas.annot-canvas:not(.hidden)').waitFor({ state: 'visible', timeout: WAIT })
    assert.equal(await dialog.locator('[data-action="annotate-send"]').isEnabled(), true, 'the earlier shapes are loaded')
    const size = await dialog.locator('canvas.annot-canvas').evaluate((c) => [/** @type {any} */ (c).width, /** @type {any} */ (c).height])
    assert.deepEqual(size, [buyerPic.width, buyerPic.height], 'drawn on the original picture')
    await server.shot(agent, '4-reopened')
  })

  it('kadesk proposes a tag for the screenshot and the agent confirms it in one click', STEP, async () => {
    await agent.goto(server.base + `/console/conversations/${conversationId}`)
    const tags = agent.locator('[data-test="problem-tags"]')
    await tags.locator('[data-test="tag-proposed"]', { hasText: '系统错误' }).waitFor({ timeout: WAIT })
    await tags.locator('[data-action="confirm-tags"]').click()
    await tags.locator('[data-tag="系统错误"][aria-pressed="true"]').waitFor({ timeout: WAIT })
    // Corrected with one more click.
    await tags.locator('[data-tag="商品不符"]').click()
    await tags.locator('[data-tag="商品不符"][aria-pressed="true"]').waitFor({ timeout: WAIT })
    const stored = await api(`/api/v1/conversations/${conversationId}/tags`)
    assert.deepEqual(stored.body.confirmed, ['系统错误', '商品不符'])
  })

  it('with tags required, resolving without a tag asks for one', STEP, async () => {
    // An admin switches the setting on the settings page.
    const admin = await (await /** @type {import('playwright-core').Browser} */ (browser).newContext({ locale: 'zh-CN' })).newPage()
    watchErrors(admin, 'admin', pageErrors)
    await signIn(admin, server, 'admin')
    await admin.goto(server.base + '/console/settings')
    const required = admin.locator('input[name="tags_required"]')
    await required.waitFor({ timeout: WAIT })
    assert.equal(await required.isChecked(), false, 'off by default')
    await required.check()
    await admin.locator('input[name="tags_required"]:checked:not([disabled])').waitFor({ timeout: WAIT })
    assert.equal((await api('/api/v1/settings/cases')).body.tags_required, true)
    // The past buyer writes again: their conversation reopens, with no confirmed tag.
    const panel = pastBuyer.locator('#kadesk-widget .panel')
    // (The resolve put a rating box with its own comment field in the thread.)
    const input = panel.locator('textarea:not(.rate-c)')
    await input.fill('还是不行')
    await input.press('Enter')
    await panel.locator('.row.me[data-state="sent"]', { hasText: '还是不行' }).waitFor({ timeout: WAIT })
    await agent.goto(server.base + `/console/conversations/${pastId}`)
    const view = agent.locator('.conv-view')
    await view.locator('.msg[data-sender="buyer"]', { hasText: '还是不行' }).waitFor({ timeout: WAIT })
    await view.locator('[data-action="resolve"]').click()
    const tags = agent.locator('[data-test="problem-tags"]')
    await tags.locator('[role="alert"]', { hasText: '请先选择问题标签，再点结案' }).waitFor({ timeout: WAIT })
    assert.notEqual((await api(`/api/v1/conversations/${pastId}`)).body.status, 'resolved', 'not resolved yet')
    await server.shot(agent, '5-tag-asked')
    await tags.locator('[data-tag="充值延迟"]').click()
    await tags.locator('[data-tag="充值延迟"][aria-pressed="true"]').waitFor({ timeout: WAIT })
    await view.locator('[data-action="resolve"]').click()
    await view.locator('.badge.st-resolved').first().waitFor({ timeout: WAIT })
    const cases = await api('/api/v1/cases?tag=' + encodeURIComponent('充值延迟'))
    assert.deepEqual(cases.body.map((/** @type {any} */ c) => c.conversation_id), [pastId], 'the case takes the confirmed tag')
  })

  it('no page had a script error', () => {
    assert.deepEqual(pageErrors, [])
  })
})
