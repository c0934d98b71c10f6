// Browser end-to-end test of running a team with routing on
// (`KADESK_ROUTING__ENABLED=true`): 小王 is the only agent taking
// conversations (capacity 1), four buyers ask for a person; the last one
// watches their place in the queue count down in the widget as 小王 resolves
// the conversations before theirs, and leaves an e-mail address; the admin
// watches the same on the floor page, live, with each buyer's response-time
// countdown. 小王 gets a desktop notification for each assignment and
// resolves with Alt+R. Then 小王 answers the next buyer with a canned reply
// picked with Alt+/, writes an internal note the buyer never sees, and
// transfers the conversation to 小李 with a note. Before that the admin
// takes the last waiting buyer from one team's line.
//
//   KADESK_BIN=/path/to/kadesk npm test

import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { BIN, DemoServer, launchBrowser, NO_BIN, STEP, WAIT, signIn, watchErrors } from './harness.mjs'

const server = new DemoServer()
/** @type {import('playwright-core').Browser | null} */
let browser = null
/** @type {import('playwright-core').Page} */
let agent
/** @type {import('playwright-core').Page} */
let supervisor
/** @type {import('playwright-core').Page[]} */
const buyers = []
/** @type {string[]} */
const pageErrors = []
const ASKS = ['我要转人工 A', '我要转人工 B', '我要转人工 C', '我要转人工 D']

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

/** @param {string} token @param {string} method @param {string} path @param {unknown} [body] */
async function api(token, method, path, body) {
  const res = await fetch(server.base + path, {
    method,
    headers: { Authorization: 'Bearer ' + token, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  assert.ok(res.ok, `${method} ${path}: ${res.status} ${text}`)
  return /** @type {any} */ (text ? JSON.parse(text) : null)
}

/** The page of buyer `i` (0 = A). @param {number} i */
function buyer(i) {
  const page = buyers[i]
  assert.ok(page, `buyer ${i} has a page`)
  return page
}

/** The widget's status line of a buyer. @param {import('playwright-core').Page} page */
function statusLine(page) {
  return page.locator('#kadesk-widget .panel .st')
}

/** Opens the widget on the demo shop and asks for a person. @param {import('playwright-core').Page} page @param {string} text */
async function ask(page, text) {
  await page.goto(server.base + '/demo')
  await page.locator('#kadesk-widget .launcher').click()
  const panel = page.locator('#kadesk-widget .panel')
  await panel.waitFor({ state: 'visible' })
  const input = panel.locator('textarea')
  await input.fill(text)
  await input.press('Enter')
  await panel.locator('.row.me[data-state="sent"]', { hasText: text }).waitFor({ timeout: WAIT })
}

/**
 * The conversation whose buyer wrote `text` (the console lists the last
 * message, often the bot's, so conversations are found by their buyer's name).
 * @param {string} text
 */
async function conversationOf(text) {
  const admin = await login('admin')
  const list = (await api(admin, 'GET', '/api/v1/conversations?limit=50')).items
  for (const c of list) {
    const messages = (await api(admin, 'GET', `/api/v1/conversations/${c.id}/messages`)).items
    if (messages.some((/** @type {any} */ m) => m.text === text)) return c
  }
  assert.fail(`no conversation has ${text}`)
}

/** 小王 opens the conversation that asked `text`. @param {string} text */
async function open(text) {
  const c = await conversationOf(text)
  await agent.locator('.conv-item', { hasText: c.contact_name }).click()
  const view = agent.locator('.conv-view')
  await view.locator('.msg[data-sender="buyer"]', { hasText: text }).waitFor({ timeout: WAIT })
  return view
}

/** 小王 opens the conversation that asked `text` and resolves it. @param {string} text */
async function resolve(text) {
  const view = await open(text)
  await view.locator('button[data-action=resolve]').click()
  await view.locator('button[data-action=reopen]').waitFor({ timeout: WAIT })
}

/** The supervisor's queue shows `n` waiting. @param {number} n */
async function waitingOnFloor(n) {
  const rows = supervisor.locator('[data-testid=queue] tbody tr')
  if (n === 0) await supervisor.getByText('没有人在排队').waitFor({ timeout: WAIT })
  else await rows.nth(n - 1).waitFor({ timeout: WAIT })
  await supervisor.waitForFunction(
    (want) => /** @type {any} */ (globalThis).document.querySelectorAll('[data-testid=queue] tbody tr').length === want,
    n,
    { timeout: WAIT },
  )
}

if (!BIN) {
  it('KADESK_BIN names the kadesk binary to test against', () => assert.fail(NO_BIN))
} else describe('the queue a buyer sees and the floor a supervisor sees', () => {
  before(async () => {
    await server.start(/** @type {string} */ (BIN), 'e2e-team', { KADESK_ROUTING__ENABLED: 'true' })
    browser = await launchBrowser()
    const ctx = (/** @type {number} */ width) =>
      /** @type {import('playwright-core').Browser} */ (browser).newContext({
        viewport: { width, height: 900 },
        locale: 'zh-CN',
        reducedMotion: 'reduce',
      })
    agent = await (await ctx(1440)).newPage()
    // Desktop notifications as the page raises them (headless Chromium shows none).
    await agent.addInitScript(() => {
      const g = /** @type {any} */ (globalThis)
      g.__notifications = []
      g.Notification = class {
        static permission = 'granted'
        static requestPermission() {
          return Promise.resolve('granted')
        }
        /** @param {string} title @param {{ body?: string }} options */
        constructor(title, options) {
          g.__notifications.push([title, options?.body ?? ''])
        }
        close() {}
      }
    })
    supervisor = await (await ctx(1440)).newPage()
    watchErrors(agent, 'agent', pageErrors)
    watchErrors(supervisor, 'supervisor', pageErrors)
    for (const [i] of ASKS.entries()) {
      const page = await (await ctx(1280)).newPage()
      watchErrors(page, 'buyer ' + i, pageErrors)
      buyers.push(page)
    }
  })

  after(async () => {
    try {
      if (browser) await browser.close()
    } finally {
      server.cleanUp()
    }
  })

  it('only 小王 takes conversations, one at a time', STEP, async () => {
    const admin = await login('admin')
    const users = (await api(admin, 'GET', '/api/v1/users')).items
    /** @param {string} name */
    const id = (name) => users.find((/** @type {any} */ u) => u.username === name)?.id
    await api(admin, 'PATCH', `/api/v1/users/${id('admin')}`, { capacity: 0 })
    await api(admin, 'PATCH', `/api/v1/users/${id('xiaoli')}`, { capacity: 0 })
    const wang = await api(admin, 'PATCH', `/api/v1/users/${id('xiaowang')}`, { capacity: 1 })
    assert.equal(wang.capacity, 1)
    await signIn(agent, server, 'xiaowang')
    await agent.locator('select[data-test=alerts]').selectOption('both')
    await signIn(supervisor, server, 'admin')
    await supervisor.goto(server.base + '/console/floor')
    await supervisor.locator('[data-testid=floor-agents]').waitFor({ timeout: WAIT })
  })

  it('the first buyer gets 小王; the next three wait in line and see their place', STEP, async () => {
    const [a, b, c, d] = [buyer(0), buyer(1), buyer(2), buyer(3)]
    await ask(a, /** @type {string} */ (ASKS[0]))
    const first = await conversationOf(/** @type {string} */ (ASKS[0]))
    await agent.locator('.conv-item', { hasText: first.contact_name }).waitFor({ timeout: WAIT })
    // 小王 chose desktop notifications: the assignment raised one.
    await agent.waitForFunction(
      () => /** @type {any} */ (globalThis).__notifications.some((/** @type {string[]} */ n) => String(n[0]).startsWith('新会话分配给您')),
      undefined,
      { timeout: WAIT },
    )
    await supervisor.locator('[data-testid=floor-agents] tr', { hasText: '小王' }).getByText('1 / 1').waitFor({ timeout: WAIT })
    await ask(b, /** @type {string} */ (ASKS[1]))
    await statusLine(b).getByText('下一位就是您').waitFor({ timeout: WAIT })
    await ask(c, /** @type {string} */ (ASKS[2]))
    await statusLine(c).getByText('前面还有 1 位').waitFor({ timeout: WAIT })
    await ask(d, /** @type {string} */ (ASKS[3]))
    await statusLine(d).getByText(/前面还有 2 位，预计等待 \d+ 分钟/).waitFor({ timeout: WAIT })
    await server.shot(d, 'team-1-buyer-third-in-line')
  })

  it('the supervisor’s floor shows three waiting and the queue in order', STEP, async () => {
    await waitingOnFloor(3)
    const queue = supervisor.locator('[data-testid=queue] tbody tr')
    assert.deepEqual(await queue.locator('td:first-child').allTextContents(), ['1', '2', '3'])
    // Every waiting buyer's first-answer promise counts down, none missed yet.
    await queue.first().locator('[data-sla]').waitFor({ timeout: WAIT })
    for (const chip of await queue.locator('[data-sla]').all()) {
      assert.match(await chip.innerText(), /^首响 \d+:\d\d$/)
      assert.equal(await chip.getAttribute('data-late'), 'false')
    }
    // 小王 has not answered A yet: its countdown shows in his list too.
    const first = await conversationOf(/** @type {string} */ (ASKS[0]))
    const chip = agent.locator('.conv-item', { hasText: first.contact_name }).locator('[data-sla]')
    await chip.waitFor({ timeout: WAIT })
    assert.match(await chip.innerText(), /^首响 \d+:\d\d$/)
    await server.shot(supervisor, 'team-2-floor-three-waiting')
  })

  it('小王 resolves A: B is assigned and D moves up one place, live', STEP, async () => {
    const [b, d] = [buyer(1), buyer(3)]
    await resolve(/** @type {string} */ (ASKS[0]))
    await statusLine(d).getByText('前面还有 1 位').waitFor({ timeout: WAIT })
    const second = await conversationOf(/** @type {string} */ (ASKS[1]))
    await agent.locator('.conv-item', { hasText: second.contact_name }).waitFor({ timeout: WAIT })
    // B waits for 小王's first word: no longer a place in line.
    await statusLine(b).getByText('正在为您转接人工客服').waitFor({ timeout: WAIT })
    await waitingOnFloor(2)
    await server.shot(supervisor, 'team-3-floor-two-waiting')
  })

  it('小王 resolves B with Alt+R: D is next', STEP, async () => {
    const d = buyer(3)
    const view = await open(/** @type {string} */ (ASKS[1]))
    await agent.keyboard.press('Alt+KeyR')
    await view.locator('button[data-action=reopen]').waitFor({ timeout: WAIT })
    await statusLine(d).getByText('下一位就是您').waitFor({ timeout: WAIT })
    await waitingOnFloor(1)
    await server.shot(d, 'team-4-buyer-next')
  })

  it('the waiting buyer leaves an e-mail address and the agents see it on the contact', STEP, async () => {
    const d = buyer(3)
    const form = d.locator('#kadesk-widget .row[data-sender=queue]')
    await form.locator('input').fill('d-buyer@example.com')
    await form.locator('button').click()
    await form.getByText('已收到，客服会通过 d-buyer@example.com 联系您').waitFor({ timeout: WAIT })
    const admin = await login('admin')
    const queue = (await api(admin, 'GET', '/api/v1/queue')).items
    assert.equal(queue.length, 1)
    const conversation = await api(admin, 'GET', `/api/v1/conversations/${queue[0].conversation_id}`)
    const contact = await api(admin, 'GET', `/api/v1/contacts/${conversation.contact_id}`)
    assert.equal(contact.email, 'd-buyer@example.com')
  })

  it('the supervisor picks one team’s line, then takes D from the queue and D opens', STEP, async () => {
    // 小王 is full (C), so D still waits.
    const d = await conversationOf(/** @type {string} */ (ASKS[3]))
    const row = supervisor.locator(`[data-testid=queue] tr[data-conversation="${d.id}"]`)
    await row.waitFor({ timeout: WAIT })
    const admin = await login('admin')
    const waiting = (await api(admin, 'GET', '/api/v1/queue')).items.find((/** @type {any} */ q) => q.conversation_id === d.id)
    if (waiting.team) {
      // Only that team's line: D is still in it.
      await supervisor.locator('[data-testid=queue-team]').selectOption({ label: waiting.team })
      const other = (await api(admin, 'GET', '/api/v1/teams')).items.find((/** @type {any} */ t) => t.name !== waiting.team)
      const elsewhere = (await api(admin, 'GET', `/api/v1/queue?team=${other.id}`)).items
      assert.equal(elsewhere.length, 0, 'D waits in one line only')
      await row.waitFor({ timeout: WAIT })
    }
    await row.getByRole('button', { name: '接待' }).click()
    await supervisor.waitForURL(new RegExp(`/console/conversations/${d.id}$`), { timeout: WAIT })
    await supervisor.locator('.conv-view').waitFor({ timeout: WAIT })
    const taken = await api(admin, 'GET', `/api/v1/conversations/${d.id}`)
    assert.equal(taken.status, 'assigned')
    assert.equal(taken.assignee_name, '管理员')
  })

  it('小王 opens the canned picker with Alt+/, picks 您好 and sends it filled in', STEP, async () => {
    const c = buyer(2)
    const view = await open(/** @type {string} */ (ASKS[2]))
    const box = view.locator('.reply-box textarea')
    await box.click()
    await agent.keyboard.press('Alt+Slash')
    assert.equal(await box.inputValue(), '/')
    await box.pressSequentially('您')
    const picker = view.locator('[data-testid=canned-picker]')
    await picker.locator('.canned-option[data-shortcut="您好"]').waitFor({ timeout: WAIT })
    await server.shot(agent, 'team-5-canned-picker')
    await box.press('Enter')
    await agent.waitForFunction(
      () => /** @type {any} */ (globalThis).document.querySelector('.reply-box textarea')?.value.includes('我是客服小王'),
      undefined,
      { timeout: WAIT },
    )
    const filled = await box.inputValue()
    assert.ok(!filled.includes('{'), `every variable is filled: ${filled}`)
    assert.ok(!filled.startsWith('/'), `the shortcut was replaced: ${filled}`)
    await box.press('Enter')
    await c.locator('#kadesk-widget .row[data-sender="agent"]', { hasText: '我是客服小王' }).waitFor({ timeout: WAIT })
    const admin = await login('admin')
    const greeting = (await api(admin, 'GET', '/api/v1/canned-replies')).items.find((/** @type {any} */ r) => r.shortcut === '您好')
    assert.equal(greeting.use_count, 1, 'the use is counted')
  })

  it('小王 writes an internal note mentioning 小李; the buyer never sees it', STEP, async () => {
    const c = buyer(2)
    const view = agent.locator('.conv-view')
    const box = view.locator('.reply-box textarea')
    await view.locator('button[data-action=note-mode]').click()
    await box.fill('@小李 这位买家说卡密无效，已让他截图')
    await box.press('Enter')
    await view.locator('.note[data-sender=note]', { hasText: '已让他截图' }).waitFor({ timeout: WAIT })
    await server.shot(agent, 'team-6-note')
    // Back to replying: the buyer gets this reply, and never the note.
    await view.locator('button[data-action=note-mode]').click()
    await box.fill('请把兑换页面截图发给我')
    await box.press('Enter')
    const panel = c.locator('#kadesk-widget .panel')
    await panel.locator('.row[data-sender="agent"]', { hasText: '请把兑换页面截图' }).waitFor({ timeout: WAIT })
    assert.equal(await panel.getByText('已让他截图').count(), 0, 'the note is not in the widget')
    await c.reload()
    if (!(await panel.isVisible())) await c.locator('#kadesk-widget .launcher').click()
    await panel.locator('.row[data-sender="agent"]', { hasText: '请把兑换页面截图' }).waitFor({ timeout: WAIT })
    assert.equal(await panel.getByText('已让他截图').count(), 0, 'nor in its history')
  })

  it('小王 transfers the conversation to 小李 with a note; it lands in the thread and on 小李', STEP, async () => {
    const view = agent.locator('.conv-view')
    await view.locator('button[data-action=transfer]').click()
    const dialog = agent.locator('.transfer-dialog')
    await dialog.locator('select[name=target]').selectOption({ label: '小李 · 离线' })
    await dialog.locator('textarea[name=note]').fill('买家卡密无效，截图已要，请跟进')
    await dialog.locator('button[data-action=transfer-send]').click()
    await view.locator('.note[data-sender=note]', { hasText: '转接给 小李：买家卡密无效，截图已要，请跟进' }).waitFor({ timeout: WAIT })
    await server.shot(agent, 'team-7-transferred')
    const c = await conversationOf(/** @type {string} */ (ASKS[2]))
    assert.equal(c.assignee_name, '小李')
  })

  it('a buyer routed to a team that is off hears when it is back and keeps a place', STEP, async () => {
    const admin = await login('admin')
    const users = (await api(admin, 'GET', '/api/v1/users')).items
    const wang = users.find((/** @type {any} */ u) => u.username === 'xiaowang')
    // Nobody takes new conversations: the buyer waits and sees their place.
    await api(admin, 'PATCH', `/api/v1/users/${wang.id}`, { capacity: 0 })
    const team = (await api(admin, 'GET', '/api/v1/teams')).items.find((/** @type {any} */ t) => t.name === '售后')
    // One hour a day, starting three hours from now (Beijing time): off now.
    const hour = (new Date().getUTCHours() + 8 + 3) % 24
    const period = `${String(hour).padStart(2, '0')}:00-${String((hour + 1) % 24).padStart(2, '0')}:00`
    const every = [period]
    const hours = {
      time_zone: '+08:00',
      week: { mon: every, tue: every, wed: every, thu: every, fri: every, sat: every, sun: every },
      holidays: [],
    }
    const saved = await api(admin, 'PUT', `/api/v1/teams/${team.id}`, { name: team.name, auto_assign: team.auto_assign, hours })
    assert.deepEqual(saved.hours, hours)
    await api(admin, 'POST', '/api/v1/routing-rules', { position: 0, rule: { name: '全部先到售后', when: {}, team_id: team.id } })
    const page = await /** @type {import('playwright-core').Browser} */ (browser).newPage({ locale: 'zh-CN' })
    watchErrors(page, 'night buyer', pageErrors)
    await ask(page, '我要转人工 E')
    const panel = page.locator('#kadesk-widget .panel')
    await panel.locator('.row.sys', { hasText: '售后的客服现在休息' }).waitFor({ timeout: WAIT })
    await statusLine(page).getByText(/客服 .*\d\d:00 上班，您排在第 \d+ 位/).waitFor({ timeout: WAIT })
    await panel.locator('[data-sender="queue"] input').waitFor({ timeout: WAIT })
    await server.shot(page, 'team-8-team-off')
    const queue = (await api(admin, 'GET', '/api/v1/queue')).items
    const mine = queue.find((/** @type {any} */ q) => q.team === '售后')
    assert.ok(mine && mine.opens_at > Date.now(), `the queue says when 售后 is back: ${JSON.stringify(queue)}`)
    // The floor page (every line) says the team is off and when it is back.
    await supervisor.goto(server.base + '/console/floor')
    await supervisor.locator('[data-testid=queue] tr', { hasText: '售后' }).locator('[data-testid=team-off]').getByText(/下班中，.* 上班/).waitFor({ timeout: WAIT })
  })

  it('no page had a script error', () => {
    assert.deepEqual(pageErrors, [])
  })
})
