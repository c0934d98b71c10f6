// Browser end-to-end test of 团队与分配 (issue 12: teams, agents' capacity,
// skills and teams, and routing rules are edited in the console): the admin
// creates the team 夜班 picked by hand, with a member and its own working
// hours (two periods on Monday, copied to the weekdays, a holiday); an
// overlapping period is refused with the server's explanation; the admin
// sets an agent's capacity, skills and teams; creates a routing rule, moves
// it up and switches it off; deletes a team after the kit's question. Every
// step is checked through the API afterwards. The page reads in Chinese with
// no raw enum names, a supervisor sees it read-only, an agent not at all,
// and it fits a 360 px phone.
// A real `kadesk serve --demo` and a real headless Chromium (harness.mjs).
//
//   KADESK_BIN=/path/to/kadesk node --test tests/e2e-teams-admin.test.mjs

import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { assertNoSidewaysScroll, BIN, DemoServer, launchBrowser, NO_BIN, seriousViolations, signIn, STEP, WAIT, watchErrors } from './harness.mjs'

const server = new DemoServer()
/** @type {import('playwright-core').Browser | null} */
let browser = null
/** @type {import('playwright-core').Page} */
let admin
/** @type {string[]} */
const pageErrors = []
/** The admin's bearer token. */
let token = ''

/**
 * Wire values that must never be the text a person reads on this page
 * (intents, handoff reasons, priorities, channels, raw JSON words).
 */
const RAW = [
  /\bpayment_issue\b/, /\bfraud_report\b/, /\brecharge_failed\b/, /\brefund_request\b/, /\bcard_invalid\b/,
  /\bcard_not_received\b/, /\bpaid_not_delivered\b/, /\bafter_hours\b/, /\bhuman_request\b/, /\bverification_failed\b/,
  /\burgent\b/, /\bhigh\b/, /\bnormal\b/, /\bwechat\b/, /\bwhatsapp\b/, /\bnull\b/, /\bundefined\b/, /\btrue\b/, /\bfalse\b/,
  /\[object /,
]

/** @param {string} text @param {string} where */
function assertNoRaw(text, where) {
  for (const raw of RAW) assert.doesNotMatch(text, raw, `${where}: raw value ${raw} on the page:\n${text}`)
}

/** Calls the API as the admin. @param {string} method @param {string} path @param {unknown} [body] */
function api(method, path, body) {
  return server.api(token, method, path, body)
}

/** The team called `name`, as the API has it. @param {string} name */
async function teamNamed(name) {
  const teams = (await api('GET', '/api/v1/teams')).items
  return teams.find((/** @type {any} */ t) => t.name === name)
}

/** A user's id by username. @param {string} username */
async function userId(username) {
  const users = (await api('GET', '/api/v1/users')).items
  const u = users.find((/** @type {any} */ u) => u.username === username)
  assert.ok(u, `user ${username} exists`)
  return /** @type {number} */ (u.id)
}

/** The routing rules in order. */
async function rules() {
  return /** @type {any[]} */ ((await api('GET', '/api/v1/routing-rules')).items)
}

/** @param {number} width @param {number} height @param {string} who */
async function newPage(width, height, who) {
  assert.ok(browser)
  const ctx = await browser.newContext({ viewport: { width, height }, locale: 'zh-CN', reducedMotion: 'reduce' })
  const page = await ctx.newPage()
  watchErrors(page, who, pageErrors)
  return page
}

/** @param {import('playwright-core').Page} page @param {'teams' | 'agents' | 'rules'} tab */
async function openTab(page, tab) {
  await page.locator(`[role=tab][data-tab="${tab}"]`).click()
  await page.locator(`[role=tab][data-tab="${tab}"][aria-selected="true"]`).waitFor({ timeout: WAIT })
}

/** The team form's Monday. */
function monday() {
  return admin.locator('[data-test=team-form] [data-day=mon]')
}

if (!BIN) {
  it('KADESK_BIN names the kadesk binary to test against', () => assert.fail(NO_BIN))
} else describe('团队与分配: teams, agents and routing rules in the console', () => {
  before(async () => {
    await server.start(/** @type {string} */ (BIN), 'e2e-teams-admin')
    token = await server.token('admin')
    browser = await launchBrowser()
    admin = await newPage(1440, 900, 'admin')
    await signIn(admin, server, 'admin')
  })

  after(async () => {
    try {
      await browser?.close()
    } finally {
      server.cleanUp()
    }
  })

  it('the admin creates the team 夜班: picked by hand, a member, its own hours with two periods on Monday and a holiday', STEP, async () => {
    await admin.locator('.topbar-tab[data-page="teams"]', { hasText: '团队与分配' }).click()
    await admin.locator('h1', { hasText: '团队与分配' }).waitFor({ timeout: WAIT })
    // The demo's teams are listed with their way of assignment and hours.
    await admin.locator('.team-item[data-team="售后"]', { hasText: '自动分配' }).waitFor({ timeout: WAIT })
    await admin.locator('[data-action=new-team]').click()
    const form = admin.locator('[data-test=team-form]')
    await form.locator('input[name=team-name]').fill('夜班')
    await form.getByLabel('手动领取').check()
    await form.locator('[data-choices=member] label', { hasText: '小王' }).locator('input').check()
    await form.getByLabel('本组自己的工作时间').check()
    await form.locator('input[name=time_zone]').fill('Asia/Shanghai')
    await monday().getByLabel('周一第 1 段开始').fill('09:00')
    await monday().getByLabel('周一第 1 段结束').fill('12:00')
    await monday().locator('[data-action=add-period]').click()
    await monday().getByLabel('周一第 2 段开始').fill('13:30')
    await monday().getByLabel('周一第 2 段结束').fill('22:00')
    await form.locator('input[name=holiday]').fill('2027-02-16')
    await form.locator('[data-action=add-holiday]').click()
    await form.locator('[data-holiday="2027-02-16"]').waitFor({ timeout: WAIT })
    await form.locator('[data-action=save-team]').click()
    await form.getByRole('status').filter({ hasText: '团队已保存' }).waitFor({ timeout: WAIT })
    await server.shot(admin, 'teams-admin-1-team')

    const team = await teamNamed('夜班')
    assert.ok(team, 'the API lists 夜班')
    assert.equal(team.auto_assign, false, 'picked by hand')
    assert.deepEqual(team.members, [await userId('xiaowang')])
    assert.equal(team.hours?.time_zone, 'Asia/Shanghai')
    assert.deepEqual(team.hours.week.mon, ['09:00-12:00', '13:30-22:00'])
    assert.deepEqual(team.hours.holidays, ['2027-02-16'])
    await admin.locator('.team-item[data-team="夜班"]', { hasText: '手动领取' }).waitFor({ timeout: WAIT })
  })

  it('an overlapping period is refused with the server\'s explanation; Monday copied to the weekdays is saved', STEP, async () => {
    const form = admin.locator('[data-test=team-form]')
    await monday().locator('[data-action=add-period]').click()
    await monday().getByLabel('周一第 3 段开始').fill('11:00')
    await monday().getByLabel('周一第 3 段结束').fill('14:00')
    await form.locator('[data-action=save-team]').click()
    const refusal = form.locator('[data-test=save-error]')
    await refusal.waitFor({ timeout: WAIT })
    assert.match(await refusal.innerText(), /没有保存/)
    // The server's own message, naming the day and the periods.
    const said = await form.locator('[data-test=server-message]').innerText()
    assert.match(said, /mon/)
    assert.match(said, /overlap/)
    assert.match(said, /11:00/)
    await server.shot(admin, 'teams-admin-2-overlap')
    assert.deepEqual((await teamNamed('夜班')).hours.week.mon, ['09:00-12:00', '13:30-22:00'], 'nothing was saved')

    await monday().getByLabel('删除周一第 3 段').click()
    await monday().locator('[data-action=copy-weekdays]').click()
    const tuesday = form.locator('[data-day=tue]')
    assert.equal(await tuesday.getByLabel('周二第 2 段开始').inputValue(), '13:30')
    await form.locator('[data-action=save-team]').click()
    await form.getByRole('status').filter({ hasText: '团队已保存' }).waitFor({ timeout: WAIT })
    const hours = (await teamNamed('夜班')).hours
    for (const day of ['mon', 'tue', 'wed', 'thu', 'fri']) assert.deepEqual(hours.week[day], ['09:00-12:00', '13:30-22:00'], day)
    assert.deepEqual(hours.week.sat, [])
    assert.deepEqual(hours.holidays, ['2027-02-16'])
  })

  it('the admin sets 小李\'s capacity, skills and teams', STEP, async () => {
    await openTab(admin, 'agents')
    const li = await userId('xiaoli')
    const card = admin.locator(`form.agent-card[data-agent="${li}"]`)
    await card.waitFor({ timeout: WAIT })
    await card.locator('input[name=capacity]').fill('3')
    // 小李's demo skills are zh and en: remove zh, add game and telegram.
    await card.getByLabel('删除 zh').click()
    const skill = card.locator(`input[name="skills-${li}"]`)
    await skill.fill('game')
    await skill.press('Enter')
    await skill.fill('telegram')
    await skill.press('Enter')
    await card.locator('[data-choices=agent-team] label', { hasText: '夜班' }).locator('input').check()
    // 小王's card has an edit not saved yet; saving 小李 leaves it alone.
    const wang = admin.locator(`form.agent-card[data-agent="${await userId('xiaowang')}"]`)
    await wang.locator('input[name=capacity]').fill('4')
    await card.locator('[data-action=save-agent]').click()
    await card.getByRole('status').filter({ hasText: '小李 已保存' }).waitFor({ timeout: WAIT })
    assert.equal(await wang.locator('input[name=capacity]').inputValue(), '4', "小王's unsaved capacity is kept")
    const wangNow = (await api('GET', '/api/v1/floor')).agents.find((/** @type {any} */ a) => a.display_name === '小王')
    assert.equal(wangNow.capacity, 5, "小王's capacity is not saved until asked")
    await server.shot(admin, 'teams-admin-3-agent')

    const profile = (await api('GET', '/api/v1/floor')).agents.find((/** @type {any} */ a) => a.id === li)
    assert.equal(profile.capacity, 3)
    assert.deepEqual(profile.skills, ['en', 'game', 'telegram'])
    const night = await teamNamed('夜班')
    assert.ok(profile.teams.includes(night.id), '小李 is in 夜班')
    assert.ok(night.members.includes(li), '夜班 lists 小李')
    // A capacity the server refuses is explained, and nothing changes.
    await card.locator('input[name=capacity]').fill('500')
    await card.locator('[data-action=save-agent]').click()
    await card.locator('[data-test=server-message]', { hasText: 'capacity' }).waitFor({ timeout: WAIT })
    assert.equal((await api('GET', '/api/v1/floor')).agents.find((/** @type {any} */ a) => a.id === li).capacity, 3)
  })

  it('the admin adds a routing rule, reads it as a sentence, moves it up and switches it off', STEP, async () => {
    await openTab(admin, 'rules')
    const before = await rules()
    assert.ok(before.length >= 2, 'the demo has rules')
    // The demo's rules read in Chinese.
    await admin.locator('[data-test=rule-summary]', { hasText: '意图为 充值失败 → 充值' }).waitFor({ timeout: WAIT })
    await admin.locator('[data-action=new-rule]').click()
    const form = admin.locator('[data-test=rule-form]')
    await form.locator('input[name=rule-name]').fill('夜班付款问题')
    await form.locator('[data-choices=intents] label', { hasText: '付款问题' }).locator('input').check()
    await form.locator('select[name=vip]').selectOption('yes')
    await form.locator('[data-choices=channels] label', { hasText: '网页' }).locator('input').check()
    await form.locator('select[name=rule-team]').selectOption({ label: '夜班' })
    await form.locator('select[name=set-priority]').selectOption({ label: '紧急' })
    const skill = form.locator('input[name=rule-skills]')
    await skill.fill('en')
    await skill.press('Enter')
    await form.locator('[data-action=save-rule]').click()
    await admin.getByRole('status').filter({ hasText: '规则“夜班付款问题”已保存，排在最后' }).waitFor({ timeout: WAIT })
    const row = admin.locator('.rule[data-rule="夜班付款问题"]')
    await row.waitFor({ timeout: WAIT })
    assert.equal(
      await row.locator('[data-test=rule-summary]').innerText(),
      '意图为 付款问题 且 渠道为 网页 且 VIP → 夜班，优先级 紧急，需要技能 en',
    )

    let list = await rules()
    assert.equal(list.length, before.length + 1)
    const added = list[list.length - 1]
    const night = await teamNamed('夜班')
    assert.equal(added.rule.name, '夜班付款问题', 'a new rule goes last')
    assert.deepEqual(added.rule.when.intents, ['payment_issue'])
    assert.deepEqual(added.rule.when.channels, ['web'])
    assert.equal(added.rule.when.vip, true)
    assert.equal(added.rule.team_id, night.id)
    assert.equal(added.rule.set_priority, 'urgent')
    assert.deepEqual(added.rule.skills, ['en'])
    assert.notEqual(added.rule.enabled, false)

    await row.locator('[data-action=rule-up]').click()
    await admin.waitForFunction(
      (n) => {
        const rows = /** @type {any} */ (globalThis).document.querySelectorAll('.rule')
        return rows.length === n && rows[n - 2]?.dataset.rule === '夜班付款问题'
      },
      list.length,
      { timeout: WAIT },
    )
    list = await rules()
    assert.equal(list[list.length - 2].id, added.id, 'one place up')
    assert.equal(list[list.length - 1].id, before[before.length - 1].id, 'the one it passed is now last')
    assert.deepEqual(list.slice(0, -2).map((r) => r.id), before.slice(0, -1).map((r) => r.id), 'the others keep their order')

    await row.locator('[data-action=toggle-rule]').click()
    await row.locator('.badge', { hasText: '已停用' }).waitFor({ timeout: WAIT })
    const off = (await rules()).find((r) => r.id === added.id)
    assert.equal(off.rule.enabled, false)
    assert.equal(off.rule.name, '夜班付款问题', 'switching it off keeps the rule')
    await server.shot(admin, 'teams-admin-4-rules')
  })

  it('the page shows names, never raw values, in Chinese and in English, and axe finds nothing serious', STEP, async () => {
    assertNoRaw(await admin.locator('main').innerText(), 'rules')
    // A demo rule's form (after-sales: intents by name) and the new rule's.
    await admin.locator('.rule[data-rule="已付款未发货 → 售后（高）"] [data-action=edit-rule]').click()
    const form = admin.locator('[data-test=rule-form]')
    await form.waitFor({ timeout: WAIT })
    assert.ok(await form.locator('[data-choices=reasons] label', { hasText: '已付款未发货' }).locator('input').isChecked())
    assertNoRaw(await admin.locator('main').innerText(), 'rule form')
    assert.deepEqual(await seriousViolations(admin), [], 'axe: the rules with a rule form open')
    await form.getByRole('button', { name: '关闭' }).click()
    // In English too (the language is kept per browser, so switch back).
    await admin.locator('.lang-switch select:has(option[value="zh-CN"])').selectOption('en')
    await admin.locator('.rule[data-rule="夜班付款问题"] [data-test=rule-summary]', {
      hasText: 'intent is payment problem and channel is Web and VIP → 夜班, priority Urgent, needs skills en',
    }).waitFor({ timeout: WAIT })
    await admin.locator('[role=tab][data-tab=rules]', { hasText: 'Routing rules' }).waitFor({ timeout: WAIT })
    assertNoRaw(await admin.locator('main').innerText(), 'rules in English')
    await admin.locator('.lang-switch select:has(option[value="zh-CN"])').selectOption('zh-CN')
    await admin.locator('[role=tab][data-tab=rules]', { hasText: '分配规则' }).waitFor({ timeout: WAIT })
    await openTab(admin, 'agents')
    assertNoRaw(await admin.locator('main').innerText(), 'agents')
    await openTab(admin, 'teams')
    await admin.locator('.team-item[data-team="夜班"]').click()
    await admin.locator('[data-test=team-form] [data-day=mon]').waitFor({ timeout: WAIT })
    assertNoRaw(await admin.locator('main').innerText(), 'team form')
    assert.deepEqual(await seriousViolations(admin), [], 'axe: the team form')
  })

  it('the admin deletes a team after the question', STEP, async () => {
    await api('POST', '/api/v1/teams', { name: '临时组', auto_assign: true })
    await admin.reload()
    await admin.locator('.team-item[data-team="临时组"]').click()
    await admin.locator('[data-action=delete-team]').click()
    const box = admin.locator('.confirm-box', { hasText: '临时组' })
    await box.waitFor({ timeout: WAIT })
    await box.locator('.el-button--primary').click()
    await admin.locator('.team-item[data-team="临时组"]').waitFor({ state: 'detached', timeout: WAIT })
    assert.equal(await teamNamed('临时组'), undefined)
    assert.ok(await teamNamed('夜班'), 'the others stay')
  })

  it('a supervisor reads the page without changing anything; an agent has no such page', STEP, async () => {
    await api('POST', '/api/v1/users', { username: 'banzhang', display_name: '班长', role: 'supervisor', password: 'banzhang-pass-1' })
    server.passwords.banzhang = 'banzhang-pass-1'
    const page = await newPage(1280, 860, 'supervisor')
    await signIn(page, server, 'banzhang')
    await page.locator('.topbar-tab[data-page="teams"]').click()
    await page.locator('[data-test=read-only]').waitFor({ timeout: WAIT })
    await page.locator('.team-item[data-team="夜班"]').click()
    const form = page.locator('[data-test=team-form]')
    await form.waitFor({ timeout: WAIT })
    assert.ok(await form.locator('input[name=team-name]').isDisabled())
    assert.equal(await page.locator('[data-action=save-team], [data-action=new-team]').count(), 0)
    await openTab(page, 'rules')
    await page.locator('.rule[data-rule="夜班付款问题"]').waitFor({ timeout: WAIT })
    assert.equal(await page.locator('[data-action=rule-up], [data-action=new-rule], [data-action=edit-rule]').count(), 0)
    await page.context().close()

    const agent = await newPage(1280, 860, 'agent')
    await signIn(agent, server, 'xiaowang')
    assert.equal(await agent.locator('.topbar-tab[data-page="teams"]').count(), 0, 'no tab for agents')
    await agent.goto(server.base + '/console/teams')
    await agent.locator('.conv-list').waitFor({ timeout: WAIT })
    assert.ok(!agent.url().includes('/teams'), 'an agent is sent back to the desk')
    await agent.context().close()
  })

  it('at 360 px wide no tab scrolls sideways, with the forms open', STEP, async () => {
    const page = await newPage(360, 740, 'phone')
    await signIn(page, server, 'admin')
    await page.goto(server.base + '/console/teams')
    await page.locator('.team-item[data-team="夜班"]').click()
    await page.locator('[data-test=team-form] [data-day=mon] input[type=time]').first().waitFor({ timeout: WAIT })
    await assertNoSidewaysScroll(page, 'team form at 360 px')
    await server.shot(page, 'teams-admin-phone-team')
    await openTab(page, 'agents')
    await page.locator('form.agent-card').first().waitFor({ timeout: WAIT })
    await assertNoSidewaysScroll(page, 'agents at 360 px')
    await openTab(page, 'rules')
    await page.locator('.rule[data-rule="夜班付款问题"] [data-action=edit-rule]').click()
    await page.locator('[data-test=rule-form]').waitFor({ timeout: WAIT })
    await assertNoSidewaysScroll(page, 'rule form at 360 px')
    await server.shot(page, 'teams-admin-phone-rules')
    await page.context().close()
  })

  it('no page had a script error', () => {
    assert.deepEqual(pageErrors, [])
  })
})
