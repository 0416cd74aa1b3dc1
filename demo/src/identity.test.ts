import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoUserId } from './directory.ts'
import { toUserResource } from './directory-api.ts'
import { startDemoIdentity, type DemoIdentity } from './identity.ts'
import { DEMO_ISSUER } from './idp.ts'
import { startCapturedDemo } from './test-support.ts'

let identity: DemoIdentity
const user = (tenant: string, index: number) => identity.urls.users.replace('{sub}', encodeURIComponent(demoUserId(tenant, index)))

beforeAll(async () => {
  identity = await startDemoIdentity()
})
afterAll(async () => {
  await identity.stop()
})

describe('startDemoIdentity', () => {
  it('serves the IdP discovery document and its JWKS', async () => {
    const discovery = await (await fetch(`${identity.urls.idp}/.well-known/openid-configuration`)).json() as Record<string, unknown>
    expect(discovery).toMatchObject({ issuer: DEMO_ISSUER, jwks_uri: identity.urls.jwks })
    const jwks = await (await fetch(identity.urls.jwks)).json() as { keys: { kid: string }[] }
    expect(jwks.keys.map((key) => key.kid).sort()).toEqual(Object.values(identity.idp.activeKids()).sort())
  })

  it('answers the user API: active, disabled, deleted with its time, 404 for an unknown sub', async () => {
    expect(identity.urls.users).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/users\/\{sub\}$/)
    const active = await fetch(user('acme', 0))
    expect(active.status).toBe(200)
    expect(active.headers.get('cache-control')).toBe('no-store')
    expect(await active.json()).toEqual({ sub: demoUserId('acme', 0), status: 'active', tenant: 'acme' })

    identity.directory.setStatus(demoUserId('acme', 1), 'disabled')
    expect(await (await fetch(user('acme', 1))).json()).toMatchObject({ status: 'disabled' })

    const removed = identity.directory.deleteTenant('globex')
    try {
      const body = await (await fetch(user('globex', 2))).json() as Record<string, unknown>
      expect(body).toMatchObject({ sub: demoUserId('globex', 2), status: 'deleted', tenant: 'globex' })
      expect(Date.parse(String(body.deletedAt))).toBeGreaterThan(Date.now() - 60_000)
    } finally {
      identity.directory.restore(removed)
    }

    const unknown = await fetch(identity.urls.users.replace('{sub}', 'no-such-user'))
    expect(unknown.status).toBe(404)
  })

  it('is shared with a demo started on it, which leaves it running when it stops', async () => {
    const captured = await startCapturedDemo({ identity })
    expect(captured.demo.world.idp).toBe(identity.idp)
    expect(captured.demo.world.directory).toBe(identity.directory)
    expect(captured.demo.urls).toMatchObject({ idp: identity.urls.idp, jwks: identity.urls.jwks, users: identity.urls.users })
    await captured.demo.stop()
    expect((await fetch(identity.urls.jwks)).status).toBe(200)
  })
})

describe('toUserResource', () => {
  it('leaves deletedAt out for a present user', () => {
    expect(toUserResource({ user: { id: 'u1', tenant: 't', email: 'e', status: 'disabled' } })).toEqual({ sub: 'u1', status: 'disabled', tenant: 't' })
  })
  it('marks a deleted user deleted whatever its last status, with an ISO time', () => {
    expect(toUserResource({ user: { id: 'u1', tenant: 't', email: 'e', status: 'disabled' }, deletedAt: Date.UTC(2026, 0, 1) }))
      .toEqual({ sub: 'u1', status: 'deleted', deletedAt: '2026-01-01T00:00:00.000Z', tenant: 't' })
  })
})
