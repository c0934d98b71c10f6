// Browser end-to-end test of the language model's help in the console,
// against a local stand-in of the OpenAI-compatible API started here on
// 127.0.0.1 (it records every request and answers by the system part):
//
// 1. A buyer gives their e-mail and asks how to redeem a Steam card.
//    In the conversation, 「生成建议回复」 shows the model's draft, marked as a
//    draft and based on the Steam article; the agent edits it in place and
//    「放入回复框」 puts the edited text in the reply box — nothing is sent.
//    The prompt the stand-in got has the article and not the e-mail.
// 2. A long conversation handed to a person: the handoff card shows the
//    model's summary under the rule-based one.
// 3. The admin's 模型用量 page shows today's calls, tokens and cost.
//
//   KADESK_BIN=/path/to/kadesk node --test tests/e2e-assist.test.mjs

import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import { after, before, describe, it } from 'node:test'
import { BIN, DemoServer, launchBrowser, NO_BIN, signIn, STEP, WAIT, watchErrors } from './harness.mjs'

const CONTACT = '我的邮箱 buyer@example.com'
const QUESTION = 'Steam 钱包充值卡怎么兑换？'
const DRAFT = '您好，登录 Steam 后在「兑换 Steam 钱包码」页面粘贴卡密即可。'
const ADDED = '如还有问题请告诉我。'
const SUMMARY = '买家多次兑换 Steam 卡失败，要求人工处理。'
const TOKENS = 330

/** The stand-in: answers each chat completion by its system part. */
const seen = /** @type {any[]} */ ([])
const model = createServer((req, res) => {
  let body = ''
  req.on('data', (c) => (body += c))
  req.on('end', () => {
    const request = JSON.parse(body)
    seen.push(request)
    const system = String(request.messages?.[0]?.content ?? '')
    const content = system.startsWith('You draft replies')
      ? DRAFT
      : system.startsWith('You summarise')
        ? SUMMARY
        : '请在 Steam 的「兑换 Steam 钱包码」页面输入卡密。'
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ choices: [{ message: { role: 'assistant', content } }], usage: { total_tokens: TOKENS } }))
  })
})

const server = new DemoServer()
/** @type {import('playwright-core').Browser | null} */
let browser = null
/** @type {import('playwright-core').Page} */
let agent
/** @type {import('playwright-core').Page} */
let buyer
/** @type {string[]} */
const pageErrors = []

/**
 * A call to the API from the signed-in console (its cookie and origin).
 * @param {import('playwright-core').Page} page @param {string} path
 * @returns {Promise<any>}
 */
function api(page, path) {
  return page.evaluate(async (p) => (await fetch(p)).json(), path)
}

if (!BIN) {
  it('KADESK_BIN names the kadesk binary', () => assert.fail(NO_BIN))
} else describe('suggested replies and model use in the console', () => {
  let conversationId = 0

  before(async () => {
    await new Promise((resolve) => model.listen(0, '127.0.0.1', () => resolve(undefined)))
    const address = model.address()
    const port = typeof address === 'object' && address ? address.port : 0
    await server.start(/** @type {string} */ (BIN), 'e2e-assist', {
      KADESK_LLM__ENABLED: 'true',
      KADESK_LLM__BASE_URL: `http://127.0.0.1:${port}/v1`,
      KADESK_LLM__API_KEY: 'sk-stand-in',
      KADESK_LLM__MODEL: 'stand-in',
      KADESK_LLM__PRICE_FEN_PER_MILLION_TOKENS: '2000',
    })
    browser = await launchBrowser()
    const options = { viewport: { width: 1440, height: 900 }, locale: 'zh-CN', reducedMotion: /** @type {const} */ ('reduce') }
    agent = await (await browser.newContext(options)).newPage()
    buyer = await (await browser.newContext(options)).newPage()
    watchErrors(agent, 'console', pageErrors)
    watchErrors(buyer, 'buyer', pageErrors)
    await signIn(agent, server, 'xiaowang')
  })

  after(async () => {
    try {
      if (browser) await browser.close()
    } finally {
      server.cleanUp()
      model.close()
    }
  })

  it('the agent gets an editable draft from the model and puts it in the reply box unsent', STEP, async () => {
    await buyer.goto(server.base + '/demo')
    await buyer.locator('.card').first().waitFor({ timeout: WAIT })
    await buyer.locator('#kadesk-widget .launcher').click()
    const panel = buyer.locator('#kadesk-widget .panel')
    await panel.waitFor({ state: 'visible' })
    const input = panel.locator('textarea')
    for (const text of [CONTACT, QUESTION]) {
      await input.fill(text)
      await input.press('Enter')
      await panel.locator('.row.me[data-state="sent"]', { hasText: text }).waitFor({ timeout: WAIT })
    }
    const list = await api(agent, '/api/v1/conversations?limit=50')
    for (const c of list.items) {
      const page = await api(agent, `/api/v1/conversations/${c.id}/messages`)
      if (page.items.some((/** @type {any} */ m) => m.text === QUESTION)) conversationId = c.id
    }
    assert.ok(conversationId, 'the conversation exists')

    await agent.goto(server.base + `/console/conversations/${conversationId}`)
    const box = agent.locator('[data-test="suggested-reply"]')
    await box.waitFor({ timeout: WAIT })
    const before = seen.length
    await box.locator('[data-action="suggest-reply"]').click()
    const draft = box.locator('[data-test="suggest-draft"]')
    await draft.waitFor({ timeout: WAIT })
    assert.equal(await draft.inputValue(), DRAFT)
    assert.match(await box.locator('[data-test="suggest-draft-mark"]').innerText(), /草稿/)
    assert.match(await box.locator('[data-test="suggest-articles"]').innerText(), /Steam 钱包充值卡怎么兑换/)
    await server.shot(agent, '1-suggested-reply')

    const asked = seen.slice(before).find((r) => String(r.messages[0].content).startsWith('You draft replies'))
    assert.ok(asked, 'the stand-in was asked for a draft')
    const user = String(asked.messages[1].content)
    assert.ok(user.includes('兑换 Steam 钱包码'), 'the article is in the prompt')
    assert.ok(!user.includes('buyer@example.com'), 'the e-mail never reaches the model')

    await draft.fill(DRAFT + ADDED)
    await box.locator('[data-action="use-suggestion"]').click()
    const reply = agent.locator('.conv-view .reply-box textarea')
    assert.equal(await reply.inputValue(), DRAFT + ADDED, 'the edited draft is in the reply box')
    const messages = await api(agent, `/api/v1/conversations/${conversationId}/messages`)
    assert.ok(!messages.items.some((/** @type {any} */ m) => m.sender === 'agent'), 'nothing was sent')
    await reply.fill('')
  })

  it('a long handed-off conversation shows the model summary beside the rule-based one', STEP, async () => {
    const page = await (await /** @type {import('playwright-core').Browser} */ (browser).newContext({ locale: 'zh-CN' })).newPage()
    await page.goto(server.base + '/demo')
    await page.locator('.card').first().waitFor({ timeout: WAIT })
    await page.locator('#kadesk-widget .launcher').click()
    const panel = page.locator('#kadesk-widget .panel')
    await panel.waitFor({ state: 'visible' })
    const input = panel.locator('textarea')
    const lines = ['你好', 'Steam 钱包充值卡怎么兑换？', '试了还是不行', '我是国区账号', '还是提示错误', '转人工']
    for (const text of lines) {
      await input.fill(text)
      await input.press('Enter')
      await panel.locator('.row.me[data-state="sent"]', { hasText: text }).last().waitFor({ timeout: WAIT })
    }
    let id = 0
    const list = await api(agent, '/api/v1/conversations?limit=50')
    for (const c of list.items) {
      const m = await api(agent, `/api/v1/conversations/${c.id}/messages`)
      if (m.items.some((/** @type {any} */ x) => x.text === '我是国区账号')) id = c.id
    }
    assert.ok(id, 'the conversation exists')
    // Long enough once the bot has answered: wait for the handoff and the messages.
    await agent.waitForFunction(
      async (p) => {
        const c = /** @type {any} */ (await (await fetch(`/api/v1/conversations/${p}`)).json())
        const m = /** @type {any} */ (await (await fetch(`/api/v1/conversations/${p}/messages`)).json())
        return Boolean(c.handoff) && m.items.filter((/** @type {any} */ x) => x.text).length >= 10
      },
      id,
      { timeout: WAIT, polling: 250 },
    )
    await agent.goto(server.base + `/console/conversations/${id}`)
    const card = agent.locator('[data-testid="handoff"]')
    await card.waitFor({ timeout: WAIT })
    const summary = card.locator('[data-test="model-summary"][data-state="ready"]')
    await summary.waitFor({ timeout: WAIT })
    assert.match(await summary.innerText(), /模型摘要/)
    assert.ok((await summary.innerText()).includes(SUMMARY))
    await server.shot(agent, '2-model-summary')
    await page.close()
  })

  it("the admin sees today's model calls, tokens and cost", STEP, async () => {
    const admin = await (await /** @type {import('playwright-core').Browser} */ (browser).newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })).newPage()
    watchErrors(admin, 'admin', pageErrors)
    await signIn(admin, server, 'admin')
    await admin.goto(server.base + '/console/llm-usage')
    const table = admin.locator('[data-test="llm-usage-table"]')
    await table.waitFor({ timeout: WAIT })
    const today = new Date().toISOString().slice(0, 10)
    const row = table.locator(`tr[data-day="${today}"]`)
    const usage = await api(admin, '/api/v1/llm/usage')
    const day = usage.days[0]
    assert.ok(day.calls >= 1, JSON.stringify(usage))
    assert.equal(day.tokens, day.calls * TOKENS)
    assert.equal(await row.locator('[data-test="calls"]').innerText(), String(day.calls))
    assert.equal(await row.locator('[data-test="tokens"]').innerText(), String(day.tokens))
    assert.equal(await row.locator('[data-test="cost"]').innerText(), '¥' + ((day.tokens * 2000) / 100_000_000).toFixed(4))
    assert.match(await row.innerText(), /建议回复/)
    assert.match(await admin.locator('[data-test="llm-settings"]').innerText(), /stand-in/)
    await server.shot(admin, '3-llm-usage')
    assert.deepEqual(pageErrors, [])
  })
})
