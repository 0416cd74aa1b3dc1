import { describe, expect, it } from 'vitest'
import { ConfigSchema, type ConfigInput } from '../config.ts'
import { collectorListenHost, dashboardListenHost, isLoopbackHost } from './listen.ts'

const config = (input: ConfigInput) => ConfigSchema.parse(input)

describe('dashboardListenHost', () => {
  it('listens on loopback only out of the box', () => {
    expect(dashboardListenHost(config({}))).toEqual({ host: '127.0.0.1', reason: 'no authentication configured' })
  })
  it('listens everywhere once API tokens or a trusted SSO proxy are configured', () => {
    expect(dashboardListenHost(config({ dashboard: { apiTokens: ['t'] } })).host).toBe('0.0.0.0')
    expect(dashboardListenHost(config({ dashboard: { auth: { proxy: { trustedProxies: ['10.0.0.0/8'] } } } })).host).toBe('0.0.0.0')
  })
  it('keeps an explicit host', () => {
    expect(dashboardListenHost(config({ dashboard: { host: '0.0.0.0' } }))).toEqual({ host: '0.0.0.0', reason: 'configured' })
  })
})

describe('collectorListenHost', () => {
  it('keeps an open ingest on loopback, and listens everywhere with ingest tokens or an explicit host', () => {
    expect(collectorListenHost(config({})).host).toBe('127.0.0.1')
    expect(collectorListenHost(config({ collector: { authTokens: ['x'] } })).host).toBe('0.0.0.0')
    expect(collectorListenHost(config({ collector: { host: '::' } }))).toEqual({ host: '::', reason: 'configured' })
  })
})

describe('isLoopbackHost', () => {
  it('knows loopback addresses', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', 'localhost'].every(isLoopbackHost)).toBe(true)
    expect(['0.0.0.0', '::', '10.0.0.1'].some(isLoopbackHost)).toBe(false)
  })
})
