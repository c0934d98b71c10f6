// Browser end-to-end test of a buyer's data-protection request, in the
// console's contact panel: an admin downloads everything kept of a buyer as
// JSON, then erases their personal data after confirming; the messages and
// the contact's name are gone, the conversation stays. Agents see neither
// button.
//
//   KADESK_BIN=/path/to/kadesk npm test

import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { after, before, describe, it } from 'node:test'
import { BIN, DemoServer, launchBrowser, NO_BIN, STEP, WAIT, signIn, watchErrors } from './harness.mjs'

const server = new DemoServer()
/** @type {import('playwright-core').Browser | null} */
let browser = null
/** @type {import('playwright-core').Page} */
let admin
/** @type {string[]} */
const pageErrors = []
const SAID = '我的卡密 PRIV-7788 没收到，请联系 erase-me@example.com'
/** @type {any} */
let conversation = null

if (!BIN) {
  it('KADESK_BIN names the kadesk binary to test against', () => assert.fail(NO_BIN))
} else describe('a buyer asks for their data, then to be forgotten', () => {
  before(async () => {
    await server.start(/** @type {string} */ (BIN), 'e2e-privacy', { KADESK_ROUTING__ENABLED: 'false' })
    browser = await launchBrowser()
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', acceptDownloads: true })
    admin = await ctx.newPage()
    watchErrors(admin, 'admin', pageErrors)
    const buyer = await (await browser.newContext({ locale: 'zh-CN' })).newPage()
    watchErrors(buyer, 'buyer', pageErrors)
    await buyer.goto(server.base + '/demo')
    await buyer.locator('#kadesk-widget .launcher').click()
    const panel = buyer.locator('#kadesk-widget .panel')
    await panel.waitFor({ state: 'visible' })
    await panel.locator('textarea').fill(SAID)
    await panel.locator('textarea').press('Enter')
    await panel.locator('.row.me[data-state="sent"]', { hasText: 'PRIV-7788' }).waitFor({ timeout: WAIT })
    const token = await server.token('admin')
    for (const c of (await server.api(token, 'GET', '/api/v1/conversations?limit=50')).items) {
      const messages = (await server.api(token, 'GET', `/api/v1/conversations/${c.id}/messages`)).items
      if (messages.some((/** @type {any} */ m) => m.text === SAID)) conversation = c
    }
    assert.ok(conversation, 'the buyer started a conversation')
  })

  after(async () => {
    try {
      if (browser) await browser.close()
    } finally {
      server.cleanUp()
    }
  })

  it('the admin downloads everything kept of the buyer', STEP, async () => {
    await signIn(admin, server, 'admin')
    await admin.goto(server.base + `/console/conversations/${conversation.id}`)
    const privacy = admin.locator('[data-test="contact-privacy"]')
    await privacy.waitFor({ timeout: WAIT })
    const [download] = await Promise.all([
      admin.waitForEvent('download', { timeout: WAIT }),
      privacy.locator('[data-action="export-contact"]').click(),
    ])
    assert.equal(download.suggestedFilename(), `contact-${conversation.contact_id}.json`)
    const exported = JSON.parse(readFileSync(/** @type {string} */ (await download.path()), 'utf8'))
    assert.equal(exported.contact.id, conversation.contact_id)
    assert.ok(JSON.stringify(exported.conversations).includes('PRIV-7788'), 'the export holds what they wrote')
  })

  it('the admin erases the buyer after confirming; the conversation stays without content', STEP, async () => {
    const privacy = admin.locator('[data-test="contact-privacy"]')
    await privacy.locator('[data-action="erase-contact"]').click()
    const box = admin.locator('.confirm-box', { hasText: '无法恢复' })
    await box.waitFor({ timeout: WAIT })
    await server.shot(admin, 'privacy-1-confirm')
    await box.locator('.el-button--primary').click()
    await privacy.getByText(/已删除：1 个会话的内容/).waitFor({ timeout: WAIT })
    const token = await server.token('admin')
    const messages = (await server.api(token, 'GET', `/api/v1/conversations/${conversation.id}/messages`)).items
    assert.ok(messages.length > 0, 'the conversation keeps its messages (empty) for the reports')
    assert.ok(!JSON.stringify(messages).includes('PRIV-7788'), 'no message keeps what they wrote')
    const contact = await server.api(token, 'GET', `/api/v1/contacts/${conversation.contact_id}`)
    assert.equal(contact.name, '已删除的买家')
    assert.equal(contact.email ?? null, null)
    const audit = (await server.api(token, 'GET', '/api/v1/audit?limit=20')).items
    assert.ok(audit.some((/** @type {any} */ a) => a.action === 'contact_erased'), 'audited')
  })

  it('an agent sees no export or erase button', STEP, async () => {
    const page = await /** @type {import('playwright-core').Browser} */ (browser).newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
    watchErrors(page, 'agent', pageErrors)
    await signIn(page, server, 'xiaowang')
    await page.goto(server.base + `/console/conversations/${conversation.id}`)
    await page.locator('.contact-form').waitFor({ timeout: WAIT })
    assert.equal(await page.locator('[data-test="contact-privacy"]').count(), 0)
  })

  it('no page had a script error', () => {
    assert.deepEqual(pageErrors, [])
  })
})
