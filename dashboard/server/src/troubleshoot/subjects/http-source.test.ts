import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HttpSubjectSourceSchema } from '@claimcheck/shared'
import { createHttpSource, subjectUrl } from './http-source.ts'
import { createSubjectDirectory } from './index.ts'

// A real user API on a local port: /api/users/<sub> answers by the sub's name.
const requests: IncomingMessage[] = []
let server: Server
let base = ''

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req)
    const sub = decodeURIComponent(req.url!.replace(/^\/api\/users\//, '').split('?')[0]!)
    const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
    if (sub === 'slow') return void setTimeout(() => json(200, { id: sub }), 1_000)
    if (sub === 'down') return void json(503, { error: 'maintenance' })
    if (sub === 'html') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html>login</html>')
    if (sub === 'gone') return void json(410, {})
    if (sub === 'null') return void json(200, null)
    if (sub === 'moved') return void res.writeHead(302, { location: 'http://elsewhere.example/steal' }).end()
    if (sub.startsWith('user-')) return void json(200, { data: { id: sub, state: sub.endsWith('x') ? 'disabled' : 'active', org: 'acme', removed: sub.endsWith('d') ? '2025-02-03T04:05:06Z' : null } })
    json(404, { error: 'not found' })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/users/{sub}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

const config = (extra: Record<string, unknown> = {}) => HttpSubjectSourceSchema.parse({
  kind: 'http', url: base, bearerToken: 'directory-secret', headers: { 'x-api-key': 'k1' }, timeoutMs: 300,
  fields: { sub: 'data.id', status: 'data.state', deletedAt: 'data.removed', tenant: 'data.org' }, ...extra,
})

describe('subjectUrl', () => {
  it('URL-encodes the sub so it cannot add path segments or a query', () => {
    expect(subjectUrl('https://u.internal/users/{sub}?v=1', 'auth0|a/b?c')).toBe('https://u.internal/users/auth0%7Ca%2Fb%3Fc?v=1')
  })
})

describe('createHttpSource', () => {
  it('maps 200 answers through the field paths, 404 to not found and 410 to deleted', async () => {
    const source = createHttpSource(config())
    expect(await source.lookup('user-1')).toEqual({ found: true, state: 'active', deletedAt: null, tenant: 'acme' })
    expect(await source.lookup('user-2x')).toMatchObject({ state: 'disabled' })
    expect(await source.lookup('user-3d')).toMatchObject({ state: 'deleted', deletedAt: Date.UTC(2025, 1, 3, 4, 5, 6) })
    expect(await source.lookup('nobody')).toEqual({ found: false })
    expect(await source.lookup('gone')).toEqual({ found: true, state: 'deleted', deletedAt: null, tenant: null })
    expect(await source.lookup('null')).toEqual({ found: false })
  })

  it('shows its URL without user-info or query-string values', () => {
    const source = createHttpSource(config({ url: 'https://svc:pa55@users.internal/api/users/{sub}?api_key=k-123' }))
    expect(source.target).toBe('https://[REDACTED]@users.internal/api/users/{sub}?api_key=[REDACTED]')
  })

  it('refuses at start a URL the outbound policy does not allow', () => {
    expect(() => createHttpSource(config(), fetch, { schemes: ['https'], hosts: [] })).toThrow(/troubleshoot.subjects.url: http: URLs are not allowed/)
    expect(() => createHttpSource(config(), fetch, { schemes: ['http'], hosts: ['users.internal'] })).toThrow(/host 127.0.0.1 is not in outbound.hosts/)
    expect(createHttpSource(config(), fetch, { schemes: ['http'], hosts: ['127.0.0.1'] }).kind).toBe('http')
  })

  it('sends the configured headers and bearer token', async () => {
    requests.length = 0
    await createHttpSource(config()).lookup('user-1')
    expect(requests[0]!.headers.authorization).toBe('Bearer directory-secret')
    expect(requests[0]!.headers['x-api-key']).toBe('k1')
    expect(requests[0]!.url).toBe('/api/users/user-1')
  })

  it('is unavailable on 5xx, timeouts, refused connections and non-JSON answers, without leaking secrets', async () => {
    const source = createHttpSource(config())
    await expect(source.lookup('down')).rejects.toThrow(/HTTP 503/)
    await expect(source.lookup('slow')).rejects.toThrow(/timed out after 300 ms/)
    await expect(source.lookup('html')).rejects.toThrow(/not JSON/)
    await expect(source.lookup('moved')).rejects.toThrow(/HTTP 302 \(a redirect, not followed\)/)
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise<void>((resolve) => closed.close(() => resolve()))
    const refused = createHttpSource(config({ url: `http://127.0.0.1:${port}/users/{sub}` }))
    const error = await refused.lookup('user-1').catch((e: Error) => e)
    expect(String(error)).toMatch(/cannot connect \(ECONNREFUSED\)/)
    expect(String(error)).not.toMatch(/directory-secret|k1/)
  })
})

describe('http directory with caching', () => {
  it('asks the API once per TTL, and reports it down as unavailable (not cached, not "not found")', async () => {
    let now = 0
    const directory = createSubjectDirectory(config(), { reader: undefined as never, clock: () => now })!
    requests.length = 0
    expect(await directory.lookup('user-7')).toMatchObject({ state: 'active', cached: false, source: 'http' })
    expect(await directory.lookup('user-7')).toMatchObject({ state: 'active', cached: true })
    expect(await directory.lookup('nobody')).toMatchObject({ state: 'not_found' })
    expect(await directory.lookup('nobody')).toMatchObject({ state: 'not_found', cached: true })
    expect(requests).toHaveLength(2)
    now += 61_000
    await directory.lookup('nobody')
    expect(requests).toHaveLength(3)
    const down1 = await directory.lookup('down')
    const down2 = await directory.lookup('down')
    expect([down1.state, down2.state]).toEqual(['unavailable', 'unavailable'])
    expect(down1.error).toMatch(/HTTP 503/)
    expect(requests).toHaveLength(5)
    expect(directory.info()).toMatchObject({ configured: true, kind: 'http', target: base })
  })
})
