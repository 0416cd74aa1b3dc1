import { describe, expect, it } from 'vitest'
import { OutboundConfigSchema } from './config.ts'
import { maskUrl, outboundRefusal } from './urls.ts'

describe('maskUrl', () => {
  it('hides user-info and query values, keeps keys, path templates and fragments out', () => {
    expect(maskUrl('https://svc:s3cret@users.internal/api/users/{sub}?api_key=abc123&tenant=t1')).toBe('https://[REDACTED]@users.internal/api/users/{sub}?api_key=[REDACTED]&tenant=[REDACTED]')
    expect(maskUrl('http://hooks.example.com/T0/B0/XyZ?flag#frag')).toBe('http://hooks.example.com/T0/B0/XyZ?flag')
    expect(maskUrl('https://user@host')).toBe('https://[REDACTED]@host')
  })
  it('leaves plain URLs and non-URLs alone', () => {
    expect(maskUrl('https://users.internal/api/users/{sub}')).toBe('https://users.internal/api/users/{sub}')
    expect(maskUrl('./users.csv')).toBe('./users.csv')
    expect(maskUrl('')).toBe('')
  })
})

describe('outboundRefusal', () => {
  const open = OutboundConfigSchema.parse({})
  it('allows http and https anywhere by default, nothing else', () => {
    expect(outboundRefusal('https://hooks.slack.com/services/x', open)).toBeUndefined()
    expect(outboundRefusal('http://10.0.0.5:9093', open)).toBeUndefined()
    expect(outboundRefusal('file:///etc/passwd', open)).toMatch(/file: URLs are not allowed/)
    expect(outboundRefusal('gopher://x', open)).toMatch(/not allowed/)
    expect(outboundRefusal('not a url', open)).toMatch(/not a valid URL/)
  })
  it('keeps to the host allow-list when one is set, with *. wildcards', () => {
    const policy = OutboundConfigSchema.parse({ schemes: ['https'], hosts: ['hooks.slack.com', '*.internal.example.com'] })
    expect(outboundRefusal('https://hooks.slack.com/x', policy)).toBeUndefined()
    expect(outboundRefusal('https://users.internal.example.com/api/{sub}', policy)).toBeUndefined()
    expect(outboundRefusal('https://internal.example.com/', policy)).toMatch(/not in outbound.hosts/)
    expect(outboundRefusal('https://evil-internal.example.com/', policy)).toMatch(/not in outbound.hosts/)
    expect(outboundRefusal('https://169.254.169.254/latest/meta-data', policy)).toMatch(/not in outbound.hosts/)
    expect(outboundRefusal('http://hooks.slack.com/x', policy)).toMatch(/http: URLs are not allowed/)
  })
})
