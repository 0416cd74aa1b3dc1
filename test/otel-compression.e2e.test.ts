import { spawnSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { deflateSync, gzipSync } from 'node:zlib'
import { OTLPLogExporter as GrpcLogExporter } from '@opentelemetry/exporter-logs-otlp-grpc'
import { OTLPLogExporter as HttpJsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http'
import { OTLPLogExporter as ProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto'
import { compressSync as snappyCompress } from 'snappy'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCollectorHarness, type CollectorHarness } from './support/collector-harness.ts'
import { sendLogs, TRANSPORTS, type Transport } from './support/otel-clients.ts'
import { jsonLogs } from './support/otlp-bodies.ts'

// Every compression the OpenTelemetry Collector's otlp_http exporter can be configured with
// (confighttp: gzip, zstd, zlib, deflate, snappy as block and as framed, x-snappy-framed, lz4),
// accepted, and bombs of each stopped at the body limit. The OTel JS exporters offer gzip and
// none: those run for real; the rest are raw requests made with independent encoders (the zstd
// and lz4 tools, the napi snappy binding) the way otelcol sends them.

let h: CollectorHarness
const LIMIT = 1024 * 1024

beforeAll(async () => {
  h = await startCollectorHarness({ collector: { maxBodyBytes: LIMIT } })
})
afterAll(async () => h?.stop())

const hasTool = (tool: string) => spawnSync(tool, ['--version']).status === 0
const viaTool = (tool: 'zstd' | 'lz4', input: Buffer) => {
  const result = spawnSync(tool, ['-c', '-q'], { input, maxBuffer: 64 * 1024 * 1024 })
  if (result.status !== 0) throw new Error(`${tool} failed: ${result.stderr}`)
  return result.stdout
}

/** CRC-32C bit by bit (independent of the collector's table), masked as the snappy framing format stores it. */
function maskedCrc(data: Uint8Array): number {
  let crc = 0xffffffff
  for (const byte of data) {
    crc ^= byte
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1
  }
  crc = (crc ^ 0xffffffff) >>> 0
  return (((crc >>> 15) | (crc << 17)) + 0xa282ead8) >>> 0
}

/** The snappy framing format as golang/snappy's Writer (otelcol's `x-snappy-framed`) writes it: 64 KiB chunks. */
function snappyFramed(input: Buffer): Buffer {
  const parts: Buffer[] = [Buffer.from([0xff, 0x06, 0x00, 0x00, 0x73, 0x4e, 0x61, 0x50, 0x70, 0x59])]
  for (let at = 0; at < input.length || at === 0; at += 65_536) {
    const chunk = input.subarray(at, at + 65_536)
    const compressed = snappyCompress(chunk)
    const header = Buffer.alloc(8)
    header[0] = 0x00
    header.writeUIntLE(compressed.length + 4, 1, 3)
    header.writeUInt32LE(maskedCrc(chunk), 4)
    parts.push(header, compressed)
    if (input.length === 0) break
  }
  return Buffer.concat(parts)
}

const ENCODERS: Record<string, { encode: (body: Buffer) => Buffer; available: boolean }> = {
  zstd: { encode: (b) => viaTool('zstd', b), available: hasTool('zstd') },
  lz4: { encode: (b) => viaTool('lz4', b), available: hasTool('lz4') },
  zlib: { encode: (b) => deflateSync(b), available: true },
  deflate: { encode: (b) => deflateSync(b), available: true },
  gzip: { encode: (b) => gzipSync(b), available: true },
  snappy: { encode: (b) => snappyCompress(b), available: true },
  'x-snappy-framed': { encode: snappyFramed, available: true },
}

async function storedBodies(marker: string): Promise<string[]> {
  const rows = await h.waitForRows<{ Body: string }>('SELECT Body FROM otel_logs WHERE ServiceName = {s:String}', { s: marker })
  return rows.map((r) => r.Body)
}

describe('the real OTel JS exporters, with every compression they offer', () => {
  for (const transport of TRANSPORTS) {
    for (const compression of ['gzip', 'none'] as const) {
      it(`${transport} with compression ${compression}${transport === 'grpc' ? '' : ', below a path prefix'}`, async () => {
        const service = `js-${transport}-${compression}-${randomUUID()}`
        const exporter = exporterFor(transport, compression)
        await sendLogs(exporter, [{ serviceName: service, time: [Math.floor(Date.now() / 1000), 0], traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), body: 'Jwt is expired', attributes: { 'http.request.method': 'GET', 'http.route': '/orders', 'http.response.status_code': 401 } }])
        expect(await storedBodies(service)).toEqual(['Jwt is expired'])
      })
    }
  }
})

function exporterFor(transport: Transport, compression: 'gzip' | 'none') {
  const options = { compression: compression as never }
  if (transport === 'grpc') return new GrpcLogExporter({ url: h.grpcUrl, ...options })
  const Exporter = transport === 'http/json' ? HttpJsonLogExporter : ProtoLogExporter
  // As an otlp_http exporter with `endpoint: http://claimcheck:4318/otlp` posts.
  return new Exporter({ url: `${h.httpUrl}/otlp/v1/logs`, ...options })
}

describe('raw requests in the encodings only otelcol sends', () => {
  for (const [encoding, encoder] of Object.entries(ENCODERS)) {
    it.skipIf(!encoder.available)(`accepts Content-Encoding: ${encoding}`, async () => {
      const service = `raw-${encoding}-${randomUUID()}`
      const response = await fetch(`${h.httpUrl}/v1/logs`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Content-Encoding': encoding },
        body: encoder.encode(Buffer.from(jsonLogs(3, { service, body: `sent as ${encoding}` }))),
      })
      expect(response.status).toBe(200)
      expect(await storedBodies(service)).toEqual([`sent as ${encoding}`, `sent as ${encoding}`, `sent as ${encoding}`])
    })

    it.skipIf(!encoder.available)(`stops a ${encoding} bomb at the body limit with 413`, async () => {
      const bomb = encoder.encode(Buffer.alloc(16 * LIMIT))
      expect(bomb.length).toBeLessThan(LIMIT)
      const response = await fetch(`${h.httpUrl}/v1/logs`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Encoding': encoding }, body: bomb })
      expect(response.status).toBe(413)
    })
  }

  it('accepts snappy in the framed format too (otelcol before v0.125 sent that as `snappy`)', async () => {
    const service = `raw-snappy-framed-${randomUUID()}`
    const response = await fetch(`${h.httpUrl}/v1/logs`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'snappy' },
      body: snappyFramed(Buffer.from(jsonLogs(1, { service, body: 'framed' }))),
    })
    expect(response.status).toBe(200)
    expect(await storedBodies(service)).toEqual(['framed'])
  })

  it('answers corrupt data with 400 and an unknown encoding with 415 naming the supported ones', async () => {
    const corrupt = await fetch(`${h.httpUrl}/v1/logs`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'zstd' }, body: Buffer.from('not zstd at all') })
    expect(corrupt.status).toBe(400)
    const framedBadCrc = snappyFramed(Buffer.from(jsonLogs(1)))
    framedBadCrc[14] = framedBadCrc[14]! ^ 0xff
    expect((await fetch(`${h.httpUrl}/v1/logs`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'x-snappy-framed' }, body: framedBadCrc })).status).toBe(400)
    const unknown = await fetch(`${h.httpUrl}/v1/logs`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'br' }, body: Buffer.from('{}') })
    expect(unknown.status).toBe(415)
    expect(await unknown.text()).toContain('zstd, zlib, deflate, snappy, x-snappy-framed, lz4')
  })
})
