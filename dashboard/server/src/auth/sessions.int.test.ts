import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAuthTestApp, type AuthTestApp, type RequestOptions } from './test-app.ts'

const PASSWORD = 'a long enough password'
let t: AuthTestApp
// The sessions' clock: the expiry test moves it forward instead of waiting.
let skewMs = 0

async function login(user: string, password: string, headers: Record<string, string> = {}) {
  const response = await t.request('POST', '/api/v1/auth/login', { body: { user, password }, headers })
  const setCookie = String(response.headers['set-cookie'] ?? '')
  const options: RequestOptions = { headers: { cookie: setCookie.split(';')[0]! } }
  return { response, setCookie, options, csrf: response.status === 200 ? (response.json() as { csrfToken: string }).csrfToken : '' }
}

beforeAll(async () => {
  const webRoot = mkdtempSync(join(tmpdir(), 'claimcheck-web-'))
  writeFileSync(join(webRoot, 'index.html'), '<!doctype html><html><head><script>document.documentElement.dataset.theme = "dark"</script></head><body><div id="root"></div><script type="module" src="/assets/app.js"></script></body></html>')
  t = await startAuthTestApp({
    dashboard: { auth: { sessionHours: 2, proxy: { trustedProxies: ['127.0.0.2'], groupRoles: { ops: 'viewer' } } } },
  }, webRoot, () => Date.now() + skewMs)
  await t.auth.users.create({ name: 'alice', role: 'editor', password: PASSWORD })
  await t.auth.users.create({ name: 'mallory', role: 'viewer', password: PASSWORD })
}, 60_000)
afterAll(() => t?.close())

describe('sign-in', () => {
  it('sets an HttpOnly SameSite=Lax session cookie with an expiry, and the session says who is signed in', async () => {
    const { response, setCookie, options, csrf } = await login('alice', PASSWORD)
    expect(response.status).toBe(200)
    expect(setCookie).toMatch(/^claimcheck_session=[\w-]{40,}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=7200$/)
    const session = await t.request('GET', '/api/v1/auth/session', options)
    expect(session.json()).toMatchObject({ user: 'alice', role: 'editor', kind: 'session', csrfToken: csrf })
  })

  it('marks the cookie Secure when the dashboard is reached over https (through a local TLS proxy)', async () => {
    const { setCookie } = await login('alice', PASSWORD, { 'x-forwarded-proto': 'https' })
    expect(setCookie).toMatch(/; Secure$/)
  })

  it('refuses a wrong password and an unknown user alike, and stores only a hash', async () => {
    for (const [user, password] of [['alice', 'wrong password!'], ['nobody', PASSWORD]] as const) {
      const { response, setCookie } = await login(user, password)
      expect(response.status).toBe(401)
      expect(response.json()).toMatchObject({ error: { code: 'bad_credentials' } })
      expect(setCookie).toBe('')
    }
    const rows = await (await t.store.reader.query({ query: 'SELECT PasswordHash FROM claimcheck_users', format: 'JSONEachRow' })).text()
    expect(rows).not.toContain(PASSWORD)
    expect(rows).toMatch(/scrypt\$32768\$8\$1\$/)
  })

  it('slows down guessing: after 10 failures for one user and address, even the right password waits', async () => {
    for (let i = 0; i < 10; i++) expect((await login('mallory', `guess number ${i}`)).response.status).toBe(401)
    const blocked = await login('mallory', PASSWORD)
    expect(blocked.response.status).toBe(429)
    expect(Number(blocked.response.headers['retry-after'])).toBeGreaterThan(0)
  })

  it('ends the session at its expiry', async () => {
    const { options } = await login('alice', PASSWORD)
    expect((await t.request('GET', '/api/v1/calls', options)).status).toBe(200)
    skewMs = 2 * 3_600_000 - 1_000
    expect((await t.request('GET', '/api/v1/calls', options)).status).toBe(200)
    skewMs = 2 * 3_600_000 + 6_000
    try {
      expect((await t.request('GET', '/api/v1/calls', options)).status).toBe(401)
    } finally {
      skewMs = 0
    }
  })

  it('ends the session at sign-out, for good', async () => {
    const { options } = await login('alice', PASSWORD)
    const logout = await t.request('POST', '/api/v1/auth/logout', options)
    expect(logout.status).toBe(204)
    expect(String(logout.headers['set-cookie'])).toMatch(/^claimcheck_session=; .*Max-Age=0/)
    expect((await t.request('GET', '/api/v1/auth/session', options)).status).toBe(401)
  })

  it('refuses a forged cross-site sign-in (login CSRF)', async () => {
    const { response } = await login('alice', PASSWORD, { origin: 'https://evil.example' })
    expect(response.status).toBe(403)
  })
})

describe('CSRF protection', () => {
  const body = { name: 'q', sql: 'SELECT 1' }
  it('refuses a change with the session cookie but without the CSRF token, or with a wrong one', async () => {
    const { options } = await login('alice', PASSWORD)
    for (const token of [undefined, 'not-the-token']) {
      const response = await t.request('POST', '/api/v1/saved-queries', { headers: { ...options.headers, ...(token ? { 'x-csrf-token': token } : {}) }, body })
      expect(response.status).toBe(403)
      expect(response.json()).toMatchObject({ error: { code: 'csrf' } })
    }
  })

  it('refuses a change from another origin even with the right token, and accepts it from the dashboard', async () => {
    const { options, csrf } = await login('alice', PASSWORD)
    const headers = { ...options.headers, 'x-csrf-token': csrf }
    expect((await t.request('POST', '/api/v1/saved-queries', { headers: { ...headers, origin: 'https://evil.example' }, body })).status).toBe(403)
    expect((await t.request('POST', '/api/v1/saved-queries', { headers: { ...headers, 'sec-fetch-site': 'cross-site' }, body })).status).toBe(403)
    const own = await t.request('POST', '/api/v1/saved-queries', { headers: { ...headers, origin: `http://127.0.0.1:${t.port}`, 'sec-fetch-site': 'same-origin' }, body: { ...body, name: 'ok' } })
    expect(own.status).toBe(201)
  })

  it('refuses a cross-site change carried by SSO-proxy headers', async () => {
    const headers = { 'x-forwarded-user': 'pat', 'x-forwarded-groups': 'ops', origin: 'https://evil.example' }
    expect((await t.request('POST', '/api/v1/query', { headers, localAddress: '127.0.0.2', body: { sql: 'SELECT 1' } })).status).toBe(403)
  })
})

describe('SSO proxy headers', () => {
  it('refuses a trusted-proxy user whose groups map to no role, and ignores the headers from anyone else', async () => {
    expect((await t.request('GET', '/api/v1/calls', { headers: { 'x-forwarded-user': 'sam', 'x-forwarded-groups': 'staff' }, localAddress: '127.0.0.2' })).status).toBe(403)
    const session = await t.request('GET', '/api/v1/auth/session', { headers: { 'x-forwarded-user': 'pat', 'x-forwarded-email': 'pat@example.com', 'x-forwarded-groups': 'ops' }, localAddress: '127.0.0.2' })
    expect(session.json()).toMatchObject({ user: 'pat', email: 'pat@example.com', role: 'viewer', kind: 'proxy' })
    expect((await t.request('GET', '/api/v1/calls', { headers: { 'x-forwarded-user': 'pat', 'x-forwarded-groups': 'ops' }, localAddress: '127.0.0.1' })).status).toBe(401)
  })
})

describe('security headers', () => {
  it('sends a CSP that allows the shell’s own inline script by hash and nothing else inline, and no framing', async () => {
    for (const path of ['/', '/calls/x/y', '/api/health', '/api/v1/calls']) {
      const response = await t.request('GET', path)
      const csp = String(response.headers['content-security-policy'])
      expect(csp, path).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/=]{44}'(;|$)/)
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/)
      expect(csp).toContain("object-src 'none'")
      expect(csp).toContain("frame-ancestors 'none'")
      expect(response.headers['x-frame-options']).toBe('DENY')
      expect(response.headers['x-content-type-options']).toBe('nosniff')
      expect(response.headers['referrer-policy']).toBe('no-referrer')
    }
  })
})
