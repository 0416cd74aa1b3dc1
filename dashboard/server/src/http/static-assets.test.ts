import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, get as httpGet, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib'
import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { acceptedEncodings, cacheControlFor, IMMUTABLE, staticAssetsRouter } from './static-assets.ts'

const JS = 'export const answer = 42;\n'.repeat(200)
let dir: string
let server: Server
let base: string

/** A raw GET (fetch would decode the body and hide Content-Encoding). */
function get(path: string, acceptEncoding?: string): Promise<{ status: number; headers: { get(name: string): string | null }; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const request = httpGet(`${base}${path}`, { headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding } }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () => {
        const header = (name: string) => {
          const value = response.headers[name.toLowerCase()]
          return value === undefined ? null : String(value)
        }
        resolve({ status: response.statusCode ?? 0, headers: { get: header }, body: Buffer.concat(chunks) })
      })
    })
    request.on('error', reject)
  })
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'claimcheck-static-'))
  mkdirSync(join(dir, 'assets'))
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>claimcheck</title>')
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), JS)
  writeFileSync(join(dir, 'assets', 'index-abc123.js.br'), brotliCompressSync(JS))
  writeFileSync(join(dir, 'assets', 'index-abc123.js.gz'), gzipSync(JS))
  writeFileSync(join(dir, 'assets', 'logo-def456.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]))
  const app = express()
  app.use(staticAssetsRouter(dir))
  server = createServer(app)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()))
  rmSync(dir, { recursive: true, force: true })
})

describe('acceptedEncodings', () => {
  it('lists the encodings, without q=0 ones', () => {
    expect([...acceptedEncodings('gzip, deflate, br;q=1.0, zstd;q=0')]).toEqual(['gzip', 'deflate', 'br'])
    expect([...acceptedEncodings(undefined)]).toEqual([])
    expect([...acceptedEncodings(' , ;q=1')]).toEqual([])
  })
})

describe('cacheControlFor', () => {
  it('is immutable for hashed assets and revalidated for the shell', () => {
    expect(cacheControlFor('/assets/index-abc123.js')).toBe(IMMUTABLE)
    expect(cacheControlFor('/index.html')).toBe('no-cache')
    expect(cacheControlFor('/favicon.svg')).toBe('no-cache')
  })
})

describe('staticAssetsRouter', () => {
  it('sends brotli when accepted, else gzip, else the plain file; always immutable', async () => {
    const br = await get('/assets/index-abc123.js', 'gzip, br')
    expect(br.headers.get('content-encoding')).toBe('br')
    expect(br.headers.get('content-type')).toMatch(/^text\/javascript/)
    expect(br.headers.get('cache-control')).toBe(IMMUTABLE)
    expect(br.headers.get('vary')).toBe('Accept-Encoding')
    expect(brotliDecompressSync(br.body).toString()).toBe(JS)

    const gz = await get('/assets/index-abc123.js', 'gzip')
    expect(gz.headers.get('content-encoding')).toBe('gzip')
    expect(gunzipSync(gz.body).toString()).toBe(JS)

    const plain = await get('/assets/index-abc123.js', 'identity')
    expect(plain.headers.get('content-encoding')).toBeNull()
    expect(plain.body.toString()).toBe(JS)
    expect(plain.headers.get('cache-control')).toBe(IMMUTABLE)
  })

  it('serves files without a compressed copy as they are', async () => {
    const png = await get('/assets/logo-def456.png', 'br')
    expect(png.status).toBe(200)
    expect(png.headers.get('content-encoding')).toBeNull()
    expect(png.headers.get('cache-control')).toBe(IMMUTABLE)
  })

  it('gives the shell, revalidated, for client-side routes and 404 for a missing hashed file', async () => {
    const shell = await get('/causes/expired?from=now-1h')
    expect(shell.status).toBe(200)
    expect(shell.body.toString()).toContain('<title>claimcheck</title>')
    expect(shell.headers.get('cache-control')).toBe('no-cache')
    const gone = await get('/assets/index-old999.js')
    expect(gone.status).toBe(404)
    expect(gone.headers.get('cache-control')).toBe('no-store')
  })

  it('never leaves the web root', async () => {
    const escape = await get('/assets/..%2f..%2f..%2fetc%2fpasswd')
    expect(escape.body.toString()).not.toContain('root:')
  })
})
