// Browser end-to-end test of accounts and sessions: an admin disables an
// agent on the console's 账号 page and the agent's open console falls back
// to the login page at once (and the right password no longer works); once
// enabled, the admin signs one session out; an agent signs out their other
// devices themselves.
//
//   KADESK_BIN=/path/to/kadesk npm test

import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { BIN, DemoServer, launchBrowser, NO_BIN, STEP, WAIT, watchErrors } from './harness.mjs'

const server = new DemoServer()
/** @type {import('playwright-core').Browser | null} */
let browser = null
/** @type {import('playwright-core').Page} */
let admin
/** @type {import('playwright-core').Page} */
let agent
/** @type {import('playwright-core').Page} */
let agentPhone
/** @type {string[]} */
const pageErrors = []

/** Signs in and waits for the live socket. */
/** @param {import('playwright-core').Page} page @param {string} username */
async function signIn(page, username) {
  await page.goto(server.base + '/console/')
  await page.locator('input[name=username]').fill(username)
  await page.locator('input[name=password]').fill(server.passwords[username] ?? '')
  await page.locator('button[type=submit]').click()
  await page.locator('.conn-state.open').waitFor({ timeout: WAIT })
}

/** Answers the console's confirmation dialog with its confirm button. */
/** @param {import('playwright-core').Page} page */
async function confirm(page) {
  await page.locator('.confirm-box .el-button--primary').click()
}

/** The page is back at the login form. */
/** @param {import('playwright-core').Page} page */
async function atLogin(page) {
  await page.locator('input[name=username]').waitFor({ timeout: WAIT })
}

if (!BIN) {
  it('KADESK_BIN names the kadesk binary to test against', () => assert.fail(NO_BIN))
} else describe('accounts and sessions in the console', () => {
  before(async () => {
    await server.start(/** @type {string} */ (BIN), 'e2e-users')
    browser = await launchBrowser()
    const ctx = () =>
      /** @type {import('playwright-core').Browser} */ (browser).newContext({
        viewport: { width: 1440, height: 900 },
        locale: 'zh-CN',
        reducedMotion: 'reduce',
      })
    admin = await (await ctx()).newPage()
    agent = await (await ctx()).newPage()
    agentPhone = await (await ctx()).newPage()
    for (const [page, who] of /** @type {const} */ ([[admin, 'admin'], [agent, 'agent'], [agentPhone, 'phone']])) {
      watchErrors(page, who, pageErrors)
    }
  })

  after(async () => {
    try {
      if (browser) await browser.close()
    } finally {
      server.cleanUp()
    }
  })

  it('admin disables 小王 and 小王’s open console signs out at once', STEP, async () => {
    await signIn(agent, 'xiaowang')
    await signIn(admin, 'admin')
    await admin.locator('.topbar-nav .topbar-tab', { hasText: '账号' }).click()
    await admin.locator('.users-item[data-user=xiaowang]').click()
    await admin.locator('.users-session').first().waitFor({ timeout: WAIT })
    assert.equal(await admin.locator('.users-session').count(), 1)
    await admin.locator('button[data-action=toggle]', { hasText: '停用账号' }).click()
    await confirm(admin)
    await admin.locator('.users-item.off[data-user=xiaowang]').waitFor({ timeout: WAIT })
    await admin.locator('.users-sessions .muted', { hasText: '没有登录中的会话' }).waitFor({ timeout: WAIT })
    await server.shot(admin, 'users-1-disabled')
    await atLogin(agent)
  })

  it('the disabled agent’s right password is refused like a wrong one', STEP, async () => {
    await agent.locator('input[name=username]').fill('xiaowang')
    await agent.locator('input[name=password]').fill(server.passwords.xiaowang ?? '')
    await agent.locator('button[type=submit]').click()
    await agent.getByText('用户名或密码错误').waitFor({ timeout: WAIT })
  })

  it('enabled again, 小王 signs in; the admin signs that session out', STEP, async () => {
    await admin.locator('button[data-action=toggle]', { hasText: '启用账号' }).click()
    await admin.locator('.users-item:not(.off)[data-user=xiaowang]').waitFor({ timeout: WAIT })
    await signIn(agent, 'xiaowang')
    await admin.locator('.users-item[data-user=xiaowang]').click()
    await admin.locator('.users-session').first().waitFor({ timeout: WAIT })
    await admin.locator('.users-session button', { hasText: '下线' }).click()
    await confirm(admin)
    await admin.locator('.users-notice', { hasText: '已下线 1 个会话' }).waitFor({ timeout: WAIT })
    await atLogin(agent)
  })

  it('小王 signs out the other device from their own page', STEP, async () => {
    await signIn(agent, 'xiaowang')
    await signIn(agentPhone, 'xiaowang')
    await agent.locator('.topbar-nav .topbar-tab', { hasText: '账号' }).click()
    // Agents see only themselves.
    await agent.locator('.users-item[data-user=xiaowang]').waitFor({ timeout: WAIT })
    assert.equal(await agent.locator('.users-item').count(), 1)
    await agent.locator('.users-session').nth(1).waitFor({ timeout: WAIT })
    await agent.locator('.users-session .badge', { hasText: '当前设备' }).waitFor({ timeout: WAIT })
    assert.equal(await agent.locator('button[data-action=toggle]').count(), 0, 'agents cannot disable accounts')
    await agent.locator('button[data-action=end-all]', { hasText: '下线其他设备' }).click()
    await confirm(agent)
    await agent.locator('.users-notice', { hasText: '已下线 1 个会话' }).waitFor({ timeout: WAIT })
    await server.shot(agent, 'users-2-own-sessions')
    await atLogin(agentPhone)
    // This console stays signed in.
    await agent.locator('.conn-state.open').waitFor({ timeout: WAIT })
    assert.equal(await agent.locator('.users-session').count(), 1)
    assert.deepEqual(pageErrors, [])
  })
})
