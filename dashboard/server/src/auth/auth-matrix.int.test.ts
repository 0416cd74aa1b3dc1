import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { roleAtLeast, type Role } from '@claimcheck/shared'
import { findPolicy, ROUTE_POLICIES, type Access } from './policy.ts'
import { listRoutes, startAuthTestApp, type AuthTestApp, type RequestOptions } from './test-app.ts'

// Every route the app mounts × every kind of caller → the status the route table promises.
// The routes come from the Express app itself: a router added without a policy fails here.

const VIEWER_TOKEN = 'viewer-token-for-the-matrix-0123'
const PASSWORD = 'correct horse battery staple'
const SAMPLE: Record<string, string> = {
  traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', subject: 'alice', id: '5b1c4d1e-0000-4000-8000-000000000000',
  name: 'no-such-thing', kind: 'no-refresh', cause: 'expired',
}
const samplePath = (path: string) => path.replace(/:(\w+)/g, (_, name: string) => SAMPLE[name] ?? 'x')

/**
 * The roles as the issue states them, written independently of auth/policy.ts so a wrong entry
 * there fails here: viewers read everything and run SQL, editors also change rules, silences and
 * saved queries, admins also manage users and API tokens and read the audit log.
 */
const READS_SENT_AS_POST = new Set(['/api/v1/query', '/api/v1/inspect', '/api/v1/directory/lookup', '/api/v1/auth-config/jwks/refresh', '/api/v1/alerts/backtest'])
function expectedAccess(method: string, path: string): Access {
  // Prometheus scrapes of the dashboard process carry a viewer API token.
  if (path === '/metrics') return 'viewer'
  if (!path.startsWith('/api') || path === '/api/health' || path === '/api/v1/auth/login' || path === '/api/v1/auth/logout') return 'public'
  if (['/api/v1/users', '/api/v1/tokens', '/api/v1/audit-log'].some((prefix) => path.startsWith(prefix))) return 'admin'
  if (method === 'GET' || READS_SENT_AS_POST.has(path) || path.startsWith('/api/v1/auth/')) return 'viewer'
  return 'editor'
}

interface Caller { name: string; role: Role | undefined; options: RequestOptions }

let t: AuthTestApp
const callers: Caller[] = []
const CALLERS = ['anonymous', 'viewer session', 'editor session', 'admin session', 'proxy headers, untrusted address', 'proxy headers, trusted address', 'viewer API token']

async function signIn(user: string): Promise<RequestOptions> {
  const response = await t.request('POST', '/api/v1/auth/login', { body: { user, password: PASSWORD } })
  expect(response.status).toBe(200)
  const cookie = String(response.headers['set-cookie']).split(';')[0]!
  return { headers: { cookie, 'x-csrf-token': (response.json() as { csrfToken: string }).csrfToken } }
}

beforeAll(async () => {
  t = await startAuthTestApp({
    dashboard: {
      apiTokens: [{ token: VIEWER_TOKEN, role: 'viewer', name: 'ci-viewer' }],
      auth: { proxy: { trustedProxies: ['127.0.0.2'], groupRoles: { ops: 'editor', platform: 'admin' } } },
    },
  })
  for (const role of ['viewer', 'editor', 'admin'] as const) await t.auth.users.create({ name: `${role}-user`, role, password: PASSWORD })
  const proxyHeaders = { 'x-forwarded-user': 'pat', 'x-forwarded-email': 'pat@example.com', 'x-forwarded-groups': 'staff,ops' }
  callers.push(
    { name: 'anonymous', role: undefined, options: {} },
    { name: 'viewer session', role: 'viewer', options: await signIn('viewer-user') },
    { name: 'editor session', role: 'editor', options: await signIn('editor-user') },
    { name: 'admin session', role: 'admin', options: await signIn('admin-user') },
    // The same headers with every group an attacker likes, from an address that is not the proxy.
    { name: 'proxy headers, untrusted address', role: undefined, options: { headers: { ...proxyHeaders, 'x-forwarded-groups': 'platform' }, localAddress: '127.0.0.1' } },
    { name: 'proxy headers, trusted address', role: 'editor', options: { headers: proxyHeaders, localAddress: '127.0.0.2' } },
    { name: 'viewer API token', role: 'viewer', options: { headers: { authorization: `Bearer ${VIEWER_TOKEN}` } } },
  )
}, 60_000)
afterAll(() => t?.close())

describe('the route table', () => {
  it('has a policy for every mounted API route, and no entry for a route that is not mounted', () => {
    const mounted = listRoutes(t.app).filter((route) => route.path.startsWith('/api') || route.path === '/metrics')
    expect(mounted.length).toBeGreaterThan(40)
    const missing = mounted.filter((route) => findPolicy(route.method, samplePath(route.path))?.path !== route.path)
    expect(missing, 'routes without a policy in auth/policy.ts').toEqual([])
    const stale = ROUTE_POLICIES.filter((policy) => !mounted.some((route) => route.method === policy.method && route.path === policy.path))
    expect(stale, 'policies for routes that do not exist').toEqual([])
    const differing = mounted.filter((route) => findPolicy(route.method, samplePath(route.path))?.access !== expectedAccess(route.method, route.path))
    expect(differing, 'routes whose role differs from the roles of the issue').toEqual([])
  })

  it('refuses a path no route matches before any router sees it', async () => {
    for (const path of ['/api/v1/nothing', '/api/v1//users', '/api/v1/users/a/b']) {
      expect((await t.request('GET', path, callers.find((c) => c.name === 'admin session')!.options)).status, path).toBe(404)
    }
  })
})

describe('the auth matrix', () => {
  it.each(CALLERS)('gives the %s the status its role allows on every route', async (name) => {
    const caller = callers.find((c) => c.name === name)!
    // Sign-out last: it ends the caller's session.
    const routes = listRoutes(t.app).sort((a, b) => Number(a.path.endsWith('/logout')) - Number(b.path.endsWith('/logout')))
    const wrong: string[] = []
    for (const route of routes) {
      const access = expectedAccess(route.method, route.path)
      const unsafe = route.method !== 'GET'
      const response = await t.request(route.method, samplePath(route.path).replace('{.*}', 'some/page'), { ...caller.options, ...(unsafe ? { body: {} } : {}) })
      const expected = access === 'public' ? 'served' : caller.role === undefined ? 401 : roleAtLeast(caller.role, access) ? 'served' : 403
      const got = response.status === 401 || response.status === 403 ? response.status : response.text.includes('No API endpoint') ? 'unrouted' : 'served'
      if (got !== expected) wrong.push(`${route.method} ${route.path} (${access}): expected ${expected}, got ${response.status} ${response.text.slice(0, 120)}`)
    }
    expect(wrong, caller.name).toEqual([])
    expect(routes.length).toBeGreaterThan(40)
  }, 120_000)

  it('records changes in the audit log with who, what and from where, refused ones included', async () => {
    const admin = await signIn('admin-user')
    const viewer = await signIn('viewer-user')
    expect((await t.request('POST', '/api/v1/saved-queries', { ...viewer, body: { name: 'n', sql: 'SELECT 1' } })).status).toBe(403)
    expect((await t.request('POST', '/api/v1/saved-queries', { ...admin, body: { name: 'audited', sql: 'SELECT 1' } })).status).toBe(201)
    const log = await t.request('GET', '/api/v1/audit-log?limit=50', admin)
    expect(log.status).toBe(200)
    const entries = (log.json() as { entries: { actor: string; action: string; status: number; clientAddress: string }[] }).entries
    expect(entries).toEqual(expect.arrayContaining([
      expect.objectContaining({ actor: 'admin-user', action: 'POST /api/v1/saved-queries', status: 201, clientAddress: '127.0.0.1' }),
      expect.objectContaining({ actor: 'viewer-user', action: 'POST /api/v1/saved-queries', status: 403 }),
      expect.objectContaining({ actor: 'admin-user', action: 'sign-in', status: 200 }),
    ]))
    expect(log.text).not.toContain(PASSWORD)
  })

  it('lets an admin make an API token with a role, shown once and stored as a hash, that works until revoked', async () => {
    const admin = await signIn('admin-user')
    const made = await t.request('POST', '/api/v1/tokens', { ...admin, body: { name: 'grafana', role: 'viewer' } })
    expect(made.status).toBe(201)
    const { id, token } = made.json() as { id: string; token: string }
    expect(token).toMatch(/^cct_[\w-]{43}$/)
    const bearer = { headers: { authorization: `Bearer ${token}` } }
    expect((await t.request('GET', '/api/v1/calls', bearer)).status).toBe(200)
    expect((await t.request('POST', '/api/v1/saved-queries', { ...bearer, body: { name: 'x', sql: 'SELECT 1' } })).status).toBe(403)
    const listed = await t.request('GET', '/api/v1/tokens', admin)
    expect(listed.json()).toMatchObject({ tokens: [{ id, name: 'grafana', role: 'viewer', createdBy: 'admin-user' }] })
    expect(listed.text).not.toContain(token)
    const stored = await (await t.store.reader.query({ query: 'SELECT * FROM claimcheck_api_tokens', format: 'JSONEachRow' })).text()
    expect(stored).not.toContain(token)
    expect((await t.request('DELETE', `/api/v1/tokens/${id}`, admin)).status).toBe(204)
    expect((await t.request('GET', '/api/v1/calls', bearer)).status).toBe(401)
  })
})
