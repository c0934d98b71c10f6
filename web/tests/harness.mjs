// Shared pieces of the browser end-to-end tests: start a real `kadesk serve
// --demo` on a free port with a temp data dir (reading its address and the
// demo logins from stdout), launch the system Chromium headless, sign in to
// the console, take screenshots, and stop everything at the end.

import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createInterface } from 'node:readline'
import { chromium } from 'playwright-core'

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
export const BIN = process.env.KADESK_BIN
export const NO_BIN =
  'KADESK_BIN is not set: point it at the kadesk binary, e.g. KADESK_BIN=~/.cache/kadesk-target/debug/kadesk npm test'
export const STEP = { timeout: 90_000 }
export const WAIT = 20_000
/** Screenshots of every run are also kept here for people to look at (git-ignored). */
export const KEPT_SHOTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'test-results', 'screenshots')

/** A running demo server. */
export class DemoServer {
  /** @type {import('node:child_process').ChildProcess | null} */
  child = null
  base = ''
  /** @type {Record<string, string>} */
  passwords = {}
  /** @type {string[]} */
  log = []
  dataDir = ''
  shots = ''

  /**
   * Starts `bin serve --demo` and resolves once it printed its address and
   * the three logins. `env` adds variables for the server (e.g. the models).
   * @param {string} bin @param {string} label @param {Record<string, string>} [env]
   */
  start(bin, label, env = {}) {
    this.dataDir = mkdtempSync(join(tmpdir(), `kadesk-${label}-data-`))
    this.shots = mkdtempSync(join(tmpdir(), `kadesk-${label}-shots-`))
    const stop = () => this.stop()
    process.on('exit', stop)
    for (const sig of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
      process.on(sig, () => {
        stop()
        process.exit(130)
      })
    }
    return new Promise((resolve, reject) => {
      const child = spawn(bin, ['serve', '--demo', '--data-dir', this.dataDir, '--listen', '127.0.0.1:0'], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, ...env },
      })
      this.child = child
      const timer = setTimeout(
        () => reject(new Error('kadesk did not print its address and logins within 120 s:\n' + this.log.join('\n'))),
        120_000,
      )
      const done = () => {
        if (this.base && this.passwords.admin && this.passwords.xiaowang && this.passwords.xiaoli) {
          clearTimeout(timer)
          resolve(undefined)
        }
      }
      createInterface({ input: /** @type {import('node:stream').Readable} */ (child.stdout) }).on('line', (line) => {
        this.log.push(line)
        const url = /kadesk listening on (http:\/\/\S+)/.exec(line)
        if (url && url[1]) this.base = url[1].replace(/\/$/, '')
        const login = /login: username=(\S+) password=(\S+) role=(\S+)/.exec(line)
        if (login && login[1] && login[2]) this.passwords[login[1]] = login[2]
        done()
      })
      createInterface({ input: /** @type {import('node:stream').Readable} */ (child.stderr) }).on('line', (line) => {
        this.log.push(line)
        if (this.log.length > 400) this.log.shift()
      })
      child.on('error', (e) => {
        clearTimeout(timer)
        reject(new Error(`cannot start ${bin}: ${e.message}`))
      })
      child.on('exit', (code, signal) => {
        clearTimeout(timer)
        reject(new Error(`kadesk exited early (code ${code}, signal ${signal}):\n` + this.log.slice(-40).join('\n')))
      })
    })
  }

  stop() {
    const c = this.child
    if (c && c.exitCode === null && c.signalCode === null) c.kill('SIGTERM')
  }

  /** Stops the server and removes its data folder (screenshots stay). */
  cleanUp() {
    this.stop()
    if (this.dataDir) rmSync(this.dataDir, { recursive: true, force: true })
    console.log('screenshots are in ' + this.shots)
  }

  /** A bearer token of a login (a demo one, or one added to `passwords`). @param {string} username */
  async token(username) {
    const res = await fetch(this.base + '/api/v1/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password: this.passwords[username] }),
    })
    if (res.status !== 200) throw new Error(`sign-in of ${username}: ${res.status} ${await res.text()}`)
    return /** @type {string} */ ((/** @type {any} */ (await res.json())).token)
  }

  /**
   * Calls the API with a bearer token and answers the parsed JSON (null for
   * an empty body); throws on any status but 2xx.
   * @param {string} token @param {string} method @param {string} path @param {unknown} [body]
   */
  async api(token, method, path, body) {
    const res = await fetch(this.base + path, {
      method,
      headers: { Authorization: 'Bearer ' + token, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await res.text()
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`)
    return /** @type {any} */ (text ? JSON.parse(text) : null)
  }

  /** @param {import('playwright-core').Page} page @param {string} name */
  async shot(page, name) {
    const file = join(this.shots, name + '.png')
    await page.screenshot({ path: file })
    console.log('screenshot: ' + file)
    try {
      mkdirSync(KEPT_SHOTS, { recursive: true })
      copyFileSync(file, join(KEPT_SHOTS, name + '.png'))
    } catch {
      // the temp copy is enough
    }
    return file
  }
}

/** The system Chromium, headless. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/** Collects script errors and Content-Security-Policy violations of a page into `into`. */
/** @param {import('playwright-core').Page} page @param {string} who @param {string[]} into */
export function watchErrors(page, who, into) {
  page.on('pageerror', (e) => into.push(`${who}: ${e.message}`))
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) into.push(`${who}: ${m.text()}`)
  })
}

/** Signs in to the console and waits for the live socket. */
/** @param {import('playwright-core').Page} page @param {DemoServer} server @param {string} username */
export async function signIn(page, server, username) {
  await page.goto(server.base + '/console/')
  await page.locator('input[name=username]').fill(username)
  await page.locator('input[name=password]').fill(server.passwords[username] ?? '')
  await page.locator('button[type=submit]').click()
  await page.locator('.conn-state.open').waitFor({ timeout: WAIT })
}

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/**
 * The serious and critical axe violations on the page, one line each.
 * axe is evaluated through the DevTools protocol, so the page's CSP does not apply to it.
 * @param {import('playwright-core').Page} page
 */
export async function seriousViolations(page) {
  await page.evaluate(AXE)
  const violations = /** @type {{id: string, impact: string, help: string, nodes: {target: string[]}[]}[]} */ (
    await page.evaluate(async () => {
      const axe = /** @type {any} */ (globalThis).axe
      const result = await axe.run(/** @type {any} */ (globalThis).document, { resultTypes: ['violations'] })
      return result.violations.map((/** @type {any} */ v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((/** @type {any} */ n) => ({ target: n.target })),
      }))
    })
  )
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id} (${v.help}): ${v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join(' | ')}`)
}

/** The page is no wider than its window (no sideways scrolling). */
export async function assertNoSidewaysScroll(/** @type {import('playwright-core').Page} */ page, /** @type {string} */ what) {
  const { scroll, width } = await page.evaluate(() => {
    const d = /** @type {any} */ (globalThis).document
    return { scroll: Math.max(d.documentElement.scrollWidth, d.body.scrollWidth), width: /** @type {any} */ (globalThis).innerWidth }
  })
  assert.ok(scroll <= width, `${what}: the page is ${scroll} px wide in a ${width} px window`)
}
