// Browser end-to-end test of 报表: two buyers write in the demo shop's
// widget (one asks for a person and an agent answers and resolves it, the
// other only talks to the bot); the admin opens 报表, the charts render with
// data, clicking the handoff card opens exactly the conversations the server
// counts for it, and a table's CSV downloads; the views per team, tag,
// intent, product and picture render, a picture row drills down to exactly
// the conversations the server counts for it, and their CSV downloads; the
// per-agent table shows online time and canned-reply uses.
//
//   KADESK_BIN=/path/to/kadesk npm test

import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { after, before, describe, it } from 'node:test'
import { BIN, DemoServer, launchBrowser, NO_BIN, signIn, STEP, WAIT, watchErrors } from './harness.mjs'

const server = new DemoServer()
/** @type {import('playwright-core').Browser | null} */
let browser = null
/** @type {string[]} */
const pageErrors = []

/** @param {string} who */
async function newPage(who) {
  assert.ok(browser)
  const ctx = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
    reducedMotion: 'reduce',
    acceptDownloads: true,
  })
  const page = await ctx.newPage()
  watchErrors(page, who, pageErrors)
  return page
}

/** Opens the widget, sends `text`, waits for the bot; returns the conversation id. */
/** @param {import('playwright-core').Page} page @param {string} text */
async function buyerSays(page, text) {
  await page.goto(server.base + '/demo')
  await page.locator('#kadesk-widget .launcher').click()
  const panel = page.locator('#kadesk-widget .panel')
  await panel.waitFor({ state: 'visible' })
  const input = panel.locator('textarea').last()
  await input.fill(text)
  await input.press('Enter')
  await panel.locator('.row.me[data-state="sent"]', { hasText: text }).last().waitFor({ timeout: WAIT })
  await panel.locator('.row[data-sender="bot"], .row[data-sender="system"]').first().waitFor({ timeout: WAIT })
  return page.evaluate(async () => {
    const token = /** @type {any} */ (globalThis).localStorage.getItem('kadesk.visitor_token')
    const res = await fetch('/api/v1/widget/session', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ visitor_token: token }),
    })
    return /** @type {number} */ ((/** @type {any} */ (await res.json())).conversation.id)
  })
}

/** A bearer token of a demo login. @param {string} username */
async function login(username) {
  const res = await fetch(server.base + '/api/v1/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: server.passwords[username] }),
  })
  assert.equal(res.status, 200)
  return /** @type {string} */ ((/** @type {any} */ (await res.json())).token)
}

/** @param {string} token @param {string} path @param {unknown} [body] */
async function api(token, path, body) {
  const res = await fetch(server.base + path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { Authorization: 'Bearer ' + token, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  assert.ok(res.ok, `${path}: ${res.status} ${text}`)
  return /** @type {any} */ (JSON.parse(text))
}

if (!BIN) {
  it('KADESK_BIN names the kadesk binary to test against', () => assert.fail(NO_BIN))
} else describe('reports in the console', () => {
  /** @type {number} */
  let handedOff
  /** @type {number} */
  let botOnly

  before(async () => {
    await server.start(/** @type {string} */ (BIN), 'e2e-reports', { KADESK_ROUTING__ENABLED: 'false' })
    browser = await launchBrowser()
    const buyer1 = await newPage('buyer1')
    handedOff = await buyerSays(buyer1, '转人工')
    const buyer2 = await newPage('buyer2')
    botOnly = await buyerSays(buyer2, '你好')
    const agent = await login('xiaowang')
    await api(agent, `/api/v1/conversations/${handedOff}/claim`, {})
    await api(agent, `/api/v1/conversations/${handedOff}/messages`, { text: '您好，我来处理', client_id: 'r1' })
    await api(agent, `/api/v1/conversations/${handedOff}/resolve`, {})
    await buyer1.context().close()
    await buyer2.context().close()
  })

  after(async () => {
    try {
      if (browser) await browser.close()
    } finally {
      server.cleanUp()
    }
  })

  it('renders the charts with data, drills down to exactly the counted conversations and downloads a CSV', STEP, async () => {
    const page = await newPage('admin')
    await signIn(page, server, 'admin')
    await page.locator('.topbar-tab[data-page="reports"]').click()
    // Cards with figures, and the charts drawn on their canvas.
    const conversationsCard = page.locator('.rp-card[data-card="conversations"] .rp-card-value')
    await conversationsCard.waitFor({ timeout: WAIT })
    assert.ok(Number(await conversationsCard.innerText()) >= 2, 'both buyers counted')
    for (const chart of ['reasons', 'channels', 'hours']) {
      await page.locator(`[data-chart="${chart}"] canvas`).first().waitFor({ timeout: WAIT })
    }
    assert.match(await page.locator('.rp-list[data-list="reasons"]').innerText(), /买家要求人工/)

    // The server's own list for "handed off" in the same period.
    const from = new Date()
    from.setHours(24, 0, 0, 0)
    const to = from.toISOString()
    from.setTime(from.getTime() - 7 * 24 * 3600 * 1000)
    const token = await login('admin')
    const counted = await api(
      token,
      `/api/v1/reports/conversations?from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to)}&metric=handed_off&limit=200`,
    )
    const want = counted.items.map((/** @type {{id: number}} */ c) => c.id).sort()
    assert.ok(want.includes(handedOff) && !want.includes(botOnly), JSON.stringify(want))

    await page.locator('.rp-card[data-card="handoff_rate"]').click()
    const rows = page.locator('.rp-drill .rp-drill-row')
    await rows.first().waitFor({ timeout: WAIT })
    const shown = (await rows.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-conversation'))))).sort()
    assert.deepEqual(shown, want)
    await server.shot(page, 'reports-1-drill')

    // The drill-down's export: the handed-off conversation with its messages.
    const [messages] = await Promise.all([page.waitForEvent('download'), page.locator('.rp-drill [data-export="messages"]').click()])
    const text = readFileSync(/** @type {string} */ (await messages.path()), 'utf8')
    assert.match(text, /转人工/)
    assert.match(text, /您好，我来处理/)
    await page.keyboard.press('Escape')

    // A table's CSV.
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-export="channels"]').click()])
    assert.equal(download.suggestedFilename(), 'kadesk-channels.csv')
    const csv = readFileSync(/** @type {string} */ (await download.path()), 'utf8')
    assert.match(csv, /^\uFEFFkey,name,conversations/)
    assert.match(csv, /\nweb,/)
    await server.shot(page, 'reports-2-page')

    // The new views are on the page; a breakdown row's count opens exactly
    // the conversations the server counts with the row's filter.
    for (const view of ['teams', 'tags', 'intents', 'products', 'pictures']) {
      await page.locator(`[data-table="${view}"]`).waitFor({ timeout: WAIT })
    }
    await page.locator('[data-chart="pictures"] canvas').first().waitFor({ timeout: WAIT })
    const withoutPicture = await api(
      token,
      `/api/v1/reports/conversations?from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to)}&metric=conversations&screenshot=false&limit=200`,
    )
    const wantWithout = withoutPicture.items.map((/** @type {{id: number}} */ c) => c.id).sort()
    assert.ok(wantWithout.includes(handedOff) && wantWithout.includes(botOnly), JSON.stringify(wantWithout))
    await page.locator('[data-table="pictures"] tr[data-row="0"] [data-metric="conversations"]').click()
    const pictureRows = page.locator('.rp-drill .rp-drill-row')
    await pictureRows.first().waitFor({ timeout: WAIT })
    const shownWithout = (await pictureRows.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-conversation'))))).sort()
    assert.deepEqual(shownWithout, wantWithout)
    await page.keyboard.press('Escape')
    // Per agent: online and away time and canned-reply uses. The admin's
    // console has been open since sign-in, so the server counts online time
    // for them; the page shows the columns.
    const agents = await api(token, `/api/v1/reports/agents?from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to)}`)
    assert.ok(
      agents.items.some((/** @type {any} */ r) => r.online_secs > 0 && r.canned_reply_uses === 0),
      JSON.stringify(agents.items),
    )
    assert.match(await page.locator('[data-table="agents"] thead').innerText(), /在线时长[\s\S]*快捷回复使用/)
    await page.locator('[data-table="agents"] td[data-col="online"]').first().waitFor({ timeout: WAIT })
    const [agentsCsv] = await Promise.all([page.waitForEvent('download'), page.locator('[data-export="agents"]').click()])
    assert.match(readFileSync(/** @type {string} */ (await agentsCsv.path()), 'utf8'), /online_secs,away_secs,canned_reply_uses/)
    const [tags] = await Promise.all([page.waitForEvent('download'), page.locator('[data-export="tags"]').click()])
    assert.equal(tags.suggestedFilename(), 'kadesk-tags.csv')
    assert.match(readFileSync(/** @type {string} */ (await tags.path()), 'utf8'), /^\uFEFFkey,name,conversations/)
    assert.deepEqual(pageErrors, [])
  })
})
