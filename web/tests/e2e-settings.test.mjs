// Browser end-to-end test of the settings an admin changes while kadesk runs
// (issue 16, item 17): the general settings page (business hours, time
// zone; the file-only settings listed read-only) and the widget settings
// saved on the server. A change takes effect without a restart: the bot
// keeps the new hours at the next message, and the widget on the shop's
// page shows the new title, colour and privacy link after a reload, with the
// embed line unchanged. A bad value is named under its field in Chinese; the
// pages show no raw values and fit a 390 px phone.
// A real `kadesk serve --demo` and a real headless Chromium (harness.mjs).
// Screenshots are kept in web/test-results/screenshots.
//
//   KADESK_BIN=/path/to/kadesk node --test tests/e2e-settings.test.mjs

import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { BIN, DemoServer, launchBrowser, NO_BIN, signIn, STEP, WAIT, watchErrors } from './harness.mjs'

/** Values that must never reach a person on these pages. */
const RAW = [/\btrue\b/, /\bfalse\b/, /\bstored\b/, /\bfile\b/, /\bright\b/, /\bleft\b/, /\bnull\b/, /\bundefined\b/]

const server = new DemoServer()
/** @type {import('playwright-core').Browser | null} */
let browser = null
/** @type {string[]} */
const pageErrors = []

const PHONE = { width: 390, height: 844 }
const DESKTOP = { width: 1440, height: 900 }

/** @param {string} who @param {{width: number, height: number}} size */
async function newPage(who, size) {
  assert.ok(browser)
  const ctx = await browser.newContext({ viewport: size, locale: 'zh-CN', reducedMotion: 'reduce' })
  const page = await ctx.newPage()
  watchErrors(page, who, pageErrors)
  return page
}

/** The text of `main` on a page. */
/** @param {import('playwright-core').Page} page */
async function mainText(page) {
  return page.locator('main').innerText()
}

/** @param {string} text */
function assertNoRaw(text) {
  for (const raw of RAW) assert.doesNotMatch(text, raw, `raw value ${raw} on the page:\n${text}`)
}

/** Whether the page scrolls sideways. */
/** @param {import('playwright-core').Page} page */
async function scrollsSideways(page) {
  return page.evaluate(() => {
    const d = /** @type {any} */ (globalThis).document.documentElement
    return d.scrollWidth > d.clientWidth + 1
  })
}

/** "HH:MM" of `ms` in UTC. */
/** @param {number} ms */
function hhmm(ms) {
  const d = new Date(ms)
  return String(d.getUTCHours()).padStart(2, '0') + ':' + String(d.getUTCMinutes()).padStart(2, '0')
}

if (!BIN) {
  it('KADESK_BIN names the kadesk binary to test against', () => assert.fail(NO_BIN))
} else describe('run-time settings, as an admin changes them', () => {
  /** @type {import('playwright-core').Page} */
  let admin

  before(async () => {
    await server.start(/** @type {string} */ (BIN), 'e2e-settings')
    browser = await launchBrowser()
    admin = await newPage('admin', DESKTOP)
    await signIn(admin, server, 'admin')
  })

  after(async () => {
    try {
      if (browser) await browser.close()
    } finally {
      server.cleanUp()
    }
  })

  it('general settings: a bad value is named under its field, saved hours apply to the bot at once', STEP, async () => {
    await admin.locator('.topbar-tab[data-page="settings"]').click()
    await admin.locator('[data-test="settings-source"]', { hasText: 'kadesk.toml' }).waitFor({ timeout: WAIT })
    // The file-only settings are listed read-only, humanised, with no secret.
    const list = admin.locator('[data-test="file-settings"]')
    await list.getByText('监听地址').waitFor({ timeout: WAIT })
    const listed = await list.innerText()
    assert.match(listed, /数据库\s+database\s+SQLite/)
    assert.match(listed, /截图识别\s+vision\.enabled\s+(开启|关闭)/)
    assert.doesNotMatch(listed, /sqlite:\/\/|secret|api_key|card_key|password/i)
    assertNoRaw(await admin.locator('form').first().innerText())

    await admin.locator('input[name=hours]').fill('9点到18点')
    await admin.locator('[data-test="settings-save"]').click()
    await admin.locator('.field-error', { hasText: '时间段格式不对' }).waitFor({ timeout: WAIT })
    await admin.locator('input[name=utc_offset]').fill('北京时间')
    await admin.locator('[data-test="settings-save"]').click()
    await admin.locator('.field-error', { hasText: '时区格式不对' }).waitFor({ timeout: WAIT })
    await server.shot(admin, 'settings-01-desktop-general-errors')

    // The server refuses too, naming the field.
    const refused = await admin.evaluate(async () => {
      const r = await fetch('/api/v1/settings/general', {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ hours: '25:00-26:00', utc_offset: '+08:00' }),
      })
      return { status: r.status, message: String((/** @type {any} */ (await r.json())).error?.message ?? '') }
    })
    assert.equal(refused.status, 422)
    assert.match(refused.message, /^hours: /)

    // Hours that start two hours from now (UTC): agents are off right now.
    const now = Date.now()
    const hours = `${hhmm(now + 2 * 3600_000)}-${hhmm(now + 3 * 3600_000)}`
    await admin.locator('input[name=hours]').fill(hours)
    await admin.locator('input[name=utc_offset]').fill('+00:00')
    await admin.locator('[data-test="settings-save"]').click()
    await admin.getByRole('status').filter({ hasText: '已保存，立即生效' }).waitFor({ timeout: WAIT })
    await admin.locator('[data-test="settings-source"]', { hasText: '在此页面保存' }).waitFor({ timeout: WAIT })
    assert.equal(await admin.locator('.field-error').count(), 0)
    await server.shot(admin, 'settings-02-desktop-general-saved')

    // Without a restart, a buyer asking for a person hears the new hours.
    const buyer = await newPage('buyer', PHONE)
    await buyer.goto(server.base + '/demo')
    await buyer.locator('#kadesk-widget .launcher').click()
    const panel = buyer.locator('#kadesk-widget .panel')
    await panel.waitFor({ state: 'visible' })
    const input = panel.locator('textarea').last()
    await input.fill('转人工')
    await input.press('Enter')
    await panel.getByText('现在是非工作时间').first().waitFor({ timeout: WAIT })
    assert.match(await panel.innerText(), new RegExp(hours.slice(0, 5)))
    await buyer.context().close()

    // Back to kadesk.toml (always open): the page says so.
    await admin.getByRole('button', { name: '改回 kadesk.toml 的值' }).click()
    await admin.locator('.confirm-box', { hasText: '改用 kadesk.toml' }).waitFor({ timeout: WAIT })
    await admin.locator('.confirm-box .el-button--primary').click()
    await admin.locator('[data-test="settings-source"]', { hasText: '当前使用 kadesk.toml' }).waitFor({ timeout: WAIT })
    assert.equal(await admin.locator('input[name=hours]').inputValue(), '')
  })

  it('widget settings: saved on the server, the shop page shows them after a reload with the same embed line', STEP, async () => {
    await admin.locator('.topbar-tab[data-page="widget"]').click()
    const snippet = await admin.locator('[data-test="widget-snippet"]').innerText()
    assert.match(snippet, /<script src="[^"]+\/widget\.js" defer><\/script>/)

    await admin.locator('input[name=title]').fill('小店客服')
    await admin.locator('input[name=color]').fill('#ff5a1f')
    await admin.locator('input[name=privacy-url]').fill('javascript:alert(1)')
    await admin.locator('[data-test="widget-save"]').click()
    await admin.locator('.field-error', { hasText: '链接必须以 http:// 或 https:// 开头' }).waitFor({ timeout: WAIT })
    await admin.locator('input[name=offset-bottom]').fill('999')
    await admin.locator('[data-test="widget-save"]').click()
    await admin.locator('.field-error', { hasText: '0 到 400' }).waitFor({ timeout: WAIT })
    assertNoRaw(await mainText(admin))
    await server.shot(admin, 'settings-03-desktop-widget-errors')

    // The server checks the same (a colour that is not #rrggbb, a bad scheme).
    const refused = await admin.evaluate(async () => {
      const put = async (/** @type {object} */ body) => {
        const r = await fetch('/api/v1/settings/widget', {
          method: 'PUT',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        })
        return { status: r.status, message: String((/** @type {any} */ (await r.json())).error?.message ?? '') }
      }
      return [await put({ color: 'red' }), await put({ privacy_url: 'ftp://shop.example.com' })]
    })
    assert.deepEqual(
      refused.map((r) => [r.status, r.message.split(':')[0]]),
      [
        [422, 'color'],
        [422, 'privacy_url'],
      ],
    )

    // A shop page opened before the change, with the embed line as it was.
    const shop = await newPage('shop', PHONE)
    await shop.goto(server.base + '/demo')
    const launcher = shop.locator('#kadesk-widget .launcher')
    await launcher.waitFor({ timeout: WAIT })
    const bg = () => launcher.evaluate((el) => String(/** @type {any} */ (globalThis).getComputedStyle(el).backgroundColor))
    assert.notEqual(await bg(), 'rgb(255, 90, 31)')

    await admin.locator('input[name=offset-bottom]').fill('120')
    await admin.locator('input[name=privacy-url]').fill('https://shop.example.com/privacy')
    await admin.locator('[data-test="widget-save"]').click()
    await admin.getByRole('status').filter({ hasText: '已保存' }).waitFor({ timeout: WAIT })
    assert.equal(await admin.locator('.field-error').count(), 0)
    await server.shot(admin, 'settings-04-desktop-widget-saved')

    // The shop's page, reloaded: the new look, the embed line untouched.
    await shop.reload()
    await launcher.waitFor({ timeout: WAIT })
    assert.equal(await bg(), 'rgb(255, 90, 31)')
    assert.equal(await launcher.evaluate((el) => String(/** @type {any} */ (globalThis).getComputedStyle(el).bottom)), '120px')
    await launcher.click()
    const panel = shop.locator('#kadesk-widget .panel')
    await panel.waitFor({ state: 'visible' })
    assert.equal(await panel.locator('.ttl').innerText(), '小店客服')
    const privacy = panel.locator('.foot a')
    assert.equal(await privacy.innerText(), '隐私政策')
    assert.equal(await privacy.getAttribute('href'), 'https://shop.example.com/privacy')
    await server.shot(shop, 'settings-05-phone-widget-after-save')
    await shop.context().close()

    // The console reads back what was saved.
    await admin.reload()
    await admin.locator('input[name=title]').waitFor({ timeout: WAIT })
    await admin.waitForFunction(() => {
      const el = /** @type {any} */ (globalThis).document.querySelector('input[name=title]')
      return el && el.value === '小店客服'
    })
  })

  it('the settings and widget pages fit a 390 px phone, with nothing raw', STEP, async () => {
    const phone = await newPage('admin-phone', PHONE)
    await signIn(phone, server, 'admin')
    for (const { path, name } of [
      { path: '/console/settings', name: 'settings-06-phone-general' },
      { path: '/console/widget', name: 'settings-07-phone-widget' },
    ]) {
      await phone.goto(server.base + path)
      await phone.locator('main form').waitFor({ timeout: WAIT })
      await phone.locator('main').getByRole('button', { name: '保存' }).waitFor({ timeout: WAIT })
      assert.equal(await scrollsSideways(phone), false, `${path} scrolls sideways at 390 px`)
      assertNoRaw(await phone.locator('main form').innerText())
      await server.shot(phone, name)
    }
    await phone.context().close()
    assert.deepEqual(pageErrors, [])
  })
})
