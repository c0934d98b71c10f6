// Browser end-to-end test of accessibility and small screens: an axe-core
// scan of the console's main pages finds no serious or critical violation;
// the assign menu works with the keyboard alone; dialogs keep focus inside
// and give it back; and at 390 px wide no console page scrolls sideways.
//
//   KADESK_BIN=/path/to/kadesk npm test

import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { assertNoSidewaysScroll, BIN, DemoServer, launchBrowser, NO_BIN, seriousViolations, signIn, STEP, WAIT, watchErrors } from './harness.mjs'

const server = new DemoServer()
/** @type {import('playwright-core').Browser | null} */
let browser = null
/** @type {string[]} */
const pageErrors = []
let conversationId = 0

/** A fresh browser context (its own cookies and storage) with a page. */
async function newPage(/** @type {string} */ who, width = 1440, height = 900) {
  assert.ok(browser)
  const ctx = await browser.newContext({ viewport: { width, height }, locale: 'zh-CN', reducedMotion: 'reduce' })
  const page = await ctx.newPage()
  watchErrors(page, who, pageErrors)
  return page
}

if (!BIN) {
  it('KADESK_BIN names the kadesk binary to test against', () => assert.fail(NO_BIN))
} else describe('accessibility and small screens', () => {
  before(async () => {
    await server.start(/** @type {string} */ (BIN), 'e2e-a11y')
    browser = await launchBrowser()
    // A buyer writes, so the desk has a conversation to show.
    const buyer = await newPage('buyer', 1280, 860)
    await buyer.goto(server.base + '/demo')
    await buyer.locator('#kadesk-widget .launcher').click()
    const input = buyer.locator('#kadesk-widget .panel textarea')
    await input.fill('我要转人工，订单 D20241120X7731 的卡密打不开')
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
    await buyer.context().close()
  })

  after(async () => {
    try {
      if (browser) await browser.close()
    } finally {
      server.cleanUp()
    }
  })

  it('axe finds no serious violation on the sign-in page, the desk, a conversation, the knowledge base, the bot page, accounts, the widget page and the general settings', STEP, async () => {
    const page = await newPage('admin')
    await page.goto(server.base + '/console/')
    await page.locator('input[name=username]').waitFor({ timeout: WAIT })
    /** @type {string[]} */
    const found = []
    const scan = async (/** @type {string} */ name) => {
      for (const v of await seriousViolations(page)) found.push(`${name}: ${v}`)
    }
    await scan('sign-in')
    await signIn(page, server, 'admin')
    await page.locator('.conv-item').first().waitFor({ timeout: WAIT })
    await scan('desk')
    await page.goto(server.base + `/console/conversations/${conversationId}`)
    await page.locator('.conv-view .msg[data-sender="buyer"]').first().waitFor({ timeout: WAIT })
    await page.locator('.contact-panel .contact-card').waitFor({ timeout: WAIT })
    await scan('conversation')
    await page.locator('.topbar-tab[data-page="knowledge"]').click()
    await page.locator('.kb-item').first().waitFor({ timeout: WAIT })
    await page.locator('.kb-item').first().click()
    await page.locator('form.kb-editor').waitFor({ timeout: WAIT })
    await scan('knowledge')
    await page.locator('.topbar-tab[data-page="bot"]').click()
    await page.locator('[data-setting="enabled"]').waitFor({ timeout: WAIT })
    await scan('bot')
    await page.locator('.topbar-tab[data-page="users"]').click()
    await page.locator('.users-item[data-user=xiaowang]').click()
    await page.locator('.users-sessions h2').waitFor({ timeout: WAIT })
    await scan('accounts')
    await page.locator('.topbar-tab[data-page="widget"]').click()
    await page.locator('[data-test="widget-save"]').waitFor({ timeout: WAIT })
    await scan('widget')
    await page.locator('.topbar-tab[data-page="settings"]').click()
    await page.locator('[data-test="file-settings"]').waitFor({ timeout: WAIT })
    await scan('settings')
    assert.deepEqual(found, [])
    await page.context().close()
  })

  it('the assign menu works with the keyboard: open, move, close, focus back on its button', STEP, async () => {
    const page = await newPage('agent')
    await signIn(page, server, 'xiaowang')
    await page.goto(server.base + `/console/conversations/${conversationId}`)
    const button = page.locator('button[data-action="assign"]')
    await button.focus()
    await page.keyboard.press('Enter')
    const menu = page.locator('.assign-menu [role="menu"]')
    await menu.waitFor({ state: 'visible', timeout: WAIT })
    // Opening by keyboard moves focus into the menu …
    await page.waitForFunction(() => !!(/** @type {any} */ (globalThis).document.activeElement?.closest('.assign-menu')), null, {
      timeout: WAIT,
    })
    // … and the arrow keys move between its items.
    await page.keyboard.press('ArrowDown')
    const first = await page.evaluate(() => /** @type {any} */ (globalThis).document.activeElement?.textContent?.trim())
    assert.equal(
      await page.evaluate(() => /** @type {any} */ (globalThis).document.activeElement?.getAttribute('role')),
      'menuitem',
      'arrow keys move onto the menu items',
    )
    await page.keyboard.press('ArrowDown')
    const second = await page.evaluate(() => /** @type {any} */ (globalThis).document.activeElement?.textContent?.trim())
    assert.notEqual(first, second, 'ArrowDown moves to the next item')
    await page.keyboard.press('Escape')
    await menu.waitFor({ state: 'hidden', timeout: WAIT })
    assert.equal(
      await page.evaluate(() => /** @type {any} */ (globalThis).document.activeElement?.dataset?.action),
      'assign',
      'focus returns to the menu button',
    )
    await page.context().close()
  })

  it('the import dialog keeps focus inside while open and returns it when closed', STEP, async () => {
    const page = await newPage('admin2')
    await signIn(page, server, 'admin')
    await page.goto(server.base + `/console/conversations/${conversationId}`)
    const opener = page.locator('.import-link')
    await opener.click()
    const dialog = page.locator('.import-dialog')
    await dialog.waitFor({ state: 'visible', timeout: WAIT })
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Tab')
      const inside = await page.evaluate(() => {
        const d = /** @type {any} */ (globalThis).document
        return !!d.activeElement?.closest('.import-dialog, .el-overlay-dialog')
      })
      assert.ok(inside, `focus stays in the dialog after ${i + 1} Tab presses`)
    }
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'hidden', timeout: WAIT })
    assert.equal(
      await page.evaluate(() => /** @type {any} */ (globalThis).document.activeElement?.classList.contains('import-link')),
      true,
      'focus returns to the button that opened the dialog',
    )
    await page.context().close()
  })

  it('at 390 px (and 360 px) wide no console page scrolls sideways, and a conversation takes the whole width', STEP, async () => {
    const page = await newPage('phone', 390, 844)
    await page.goto(server.base + '/console/')
    await page.locator('input[name=username]').waitFor({ timeout: WAIT })
    await assertNoSidewaysScroll(page, 'sign-in')
    await signIn(page, server, 'admin')
    await page.locator('.conv-item').first().waitFor({ timeout: WAIT })
    await assertNoSidewaysScroll(page, 'desk list')
    await server.shot(page, 'phone-1-list')
    await page.locator(`.conv-item[data-conversation-id="${conversationId}"]`).click()
    await page.locator('.conv-view .msg[data-sender="buyer"]').first().waitFor({ timeout: WAIT })
    const view = await page.locator('.conv-view').boundingBox()
    assert.ok(view && view.width >= 389, `the conversation is ${view?.width} px wide`)
    assert.ok(await page.locator('.reply-box textarea').isVisible(), 'the reply box is on screen')
    await assertNoSidewaysScroll(page, 'conversation')
    await server.shot(page, 'phone-2-conversation')
    await page.locator('[data-action="contact"]').click()
    await page.locator('.contact-panel .contact-card').waitFor({ timeout: WAIT })
    await assertNoSidewaysScroll(page, 'contact card')
    await server.shot(page, 'phone-3-contact')
    await page.locator('.contact-close').click()
    await page.locator('.back-link').click()
    await page.locator('.conv-list').waitFor({ timeout: WAIT })
    for (const [tab, ready, name] of /** @type {const} */ ([
      ['knowledge', '.kb-item', 'knowledge'],
      ['bot', '[data-setting="enabled"]', 'bot'],
      ['users', '.users-item', 'accounts'],
      ['widget', '[data-test="widget-save"]', 'widget'],
      ['settings', '[data-test="file-settings"]', 'settings'],
    ])) {
      await page.locator(`.topbar-tab[data-page="${tab}"]`).click()
      await page.locator(ready).first().waitFor({ timeout: WAIT })
      await assertNoSidewaysScroll(page, name)
      await server.shot(page, `phone-${name}`)
    }
    // The narrowest phones the console is made for: 360 px.
    await page.setViewportSize({ width: 360, height: 740 })
    await page.goto(server.base + '/console/')
    await page.locator('.conv-item').first().waitFor({ timeout: WAIT })
    await assertNoSidewaysScroll(page, 'desk list at 360 px')
    await page.goto(server.base + `/console/conversations/${conversationId}`)
    await page.locator('.conv-view .msg[data-sender="buyer"]').first().waitFor({ timeout: WAIT })
    await assertNoSidewaysScroll(page, 'conversation at 360 px')
    await server.shot(page, 'phone-360-conversation')
    await page.context().close()
  })

  it('no page had a script error', () => {
    assert.deepEqual(pageErrors, [])
  })
})
