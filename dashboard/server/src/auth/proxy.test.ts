import { describe, expect, it } from 'vitest'
import { ProxyAuthConfigSchema } from '@claimcheck/shared'
import { addressAllowed, compileAddressList, createProxyAuth } from './proxy.ts'

describe('compileAddressList', () => {
  it('matches addresses and CIDRs, IPv4-mapped IPv6 included', () => {
    const list = compileAddressList(['10.0.0.0/8', '192.168.1.7', 'fd00::/8'])
    expect(addressAllowed(list, '10.20.30.40')).toBe(true)
    expect(addressAllowed(list, '::ffff:10.1.1.1')).toBe(true)
    expect(addressAllowed(list, '192.168.1.7')).toBe(true)
    expect(addressAllowed(list, 'fd12::1')).toBe(true)
    expect(addressAllowed(list, '192.168.1.8')).toBe(false)
    expect(addressAllowed(list, '11.0.0.1')).toBe(false)
    expect(addressAllowed(list, undefined)).toBe(false)
  })
  it('refuses what is not an address or CIDR, with the setting named', () => {
    for (const bad of ['proxy.internal', '10.0.0.0/33', '10.0.0.0/x', '']) expect(() => compileAddressList([bad])).toThrow(/trustedProxies/)
  })
})

describe('createProxyAuth', () => {
  const auth = createProxyAuth(ProxyAuthConfigSchema.parse({ trustedProxies: ['127.0.0.2'], groupRoles: { ops: 'editor', platform: 'admin', staff: 'viewer' } }))!
  it('maps the highest role of the groups, only for the trusted peer', () => {
    expect(auth('127.0.0.2', { 'x-forwarded-user': 'pat', 'x-forwarded-groups': 'staff, platform,ops' })).toEqual({ name: 'pat', email: undefined, role: 'admin' })
    expect(auth('127.0.0.3', { 'x-forwarded-user': 'pat', 'x-forwarded-groups': 'platform' })).toBeUndefined()
    expect(auth('127.0.0.2', { 'x-forwarded-user': 'sam', 'x-forwarded-groups': 'guests' })).toEqual({ name: 'sam', email: undefined, role: undefined })
    expect(auth('127.0.0.2', {})).toBeUndefined()
  })
  it('is off without trusted proxies', () => {
    expect(createProxyAuth(ProxyAuthConfigSchema.parse({}))).toBeUndefined()
  })
})
