import pino from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import { RedactionConfigSchema } from '@claimcheck/shared'
import { JSON_CODEC, OtlpDecodeError, PROTOBUF_CODEC } from '../otlp/index.ts'
import { makeJwt, serializeLogs, serializeSpans, SpanKind } from '../otlp/sdk-fixtures.ts'
import { startPrepareThreads, type PrepareThreads } from './prepare-threads.ts'

// The prepare threads against the same work on the event loop: same rows, candidates and
// redaction counts for real SDK bodies, the same 400 for a broken one, and a thread that dies
// (out of memory on a body) fails only its own request and is replaced.

const logger = pino({ level: 'silent' })
const redaction = RedactionConfigSchema.parse({})
const started: PrepareThreads[] = []

async function start(threads: number, maxHeapMb?: number) {
  const counts: string[] = []
  const prepare = await startPrepareThreads({ threads, redaction, logger, maxHeapMb, onRedaction: (field, rule, n) => counts.push(`${field} ${rule} ${n}`) })
  started.push(prepare)
  return { prepare, counts }
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((p) => p.close()))
})

const token = makeJwt({ sub: 'user-1', iss: 'https://auth.example.com/', exp: 1_700_000_000 })
const logs = () => serializeLogs(Array.from({ length: 20 }, (_, i) => ({
  body: i % 2 ? 'User from sub claim in JWT does not exist' : `GET /v1/orders/${i} 200`,
  attributes: { 'http.request.method': 'GET', 'http.route': '/v1/orders/{id}', 'http.response.status_code': i % 2 ? 403 : 200, 'http.request.header.authorization': `Bearer ${token}`, 'user.password': 'hunter2' },
})), { 'service.name': 'kong-edge' })
const spans = () => serializeSpans([{ name: 'GET /v1/orders', kind: SpanKind.SERVER, attributes: { 'http.request.method': 'GET', 'http.response.status_code': 401, 'url.path': `/v1/orders?access_token=${token}` } }])

describe('prepare threads', () => {
  it('prepare what the event loop prepares: rows, candidates and redactions, for both signals and codecs', async () => {
    const inline = await start(0)
    const threaded = await start(1)
    const bodies = [['logs', await logs()], ['traces', await spans()]] as const
    for (const [signal, body] of bodies) {
      for (const [codec, bytes] of [[PROTOBUF_CODEC, body.protobuf], [JSON_CODEC, body.json]] as const) {
        const expected = await inline.prepare.prepare(signal, codec, bytes)
        expect(expected.rowCount, `${signal} ${codec.name}`).toBeGreaterThan(0)
        expect(await threaded.prepare.prepare(signal, codec, bytes), `${signal} ${codec.name}`).toEqual(expected)
      }
    }
    expect(threaded.prepare.busySeconds(), 'the thread did the work').toBeGreaterThan(0)
    expect(inline.prepare.busySeconds()).toBe(0)
    expect(threaded.prepare.heapBytes(), "the thread's heap is reported").toBeGreaterThan(1024 * 1024)
    expect(inline.counts.length).toBeGreaterThan(0)
    const total = (counts: string[]) => counts.reduce((sum, c) => sum + Number(c.split(' ').at(-1)), 0)
    expect(total(threaded.counts)).toBe(total(inline.counts))
    expect(new Set(threaded.counts.map((c) => c.replace(/ \d+$/, '')))).toEqual(new Set(inline.counts.map((c) => c.replace(/ \d+$/, ''))))
  })

  it('answers a broken body with the same decode error as the event loop', async () => {
    const inline = await start(0)
    const threaded = await start(1)
    const broken = new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01])
    const expected = await inline.prepare.prepare('logs', PROTOBUF_CODEC, broken).catch((error: unknown) => error)
    expect(expected).toBeInstanceOf(OtlpDecodeError)
    const got = await threaded.prepare.prepare('logs', PROTOBUF_CODEC, broken).catch((error: unknown) => error)
    expect(got).toBeInstanceOf(OtlpDecodeError)
    expect((got as Error).message).toBe((expected as Error).message)
  })

  it('fails only the request a thread died on (503, retryable), and goes on with a new thread', async () => {
    const { prepare } = await start(1, 64)
    expect(prepare.running).toBe(1)
    const small = await logs()
    // About 100 MB of attribute strings once decoded (and as much again in rows): past the thread's 64 MB.
    const huge = await serializeLogs(Array.from({ length: 2_500 }, (_, i) => ({ body: `record ${i}`, attributes: Object.fromEntries(Array.from({ length: 40 }, (_, k) => [`k${k}`, `${i}-${k}-`.padEnd(1_000, 'x')])) })))
    const lost = await prepare.prepare('logs', PROTOBUF_CODEC, huge.protobuf).catch((error: unknown) => error)
    expect(lost).toMatchObject({ name: 'IngestError', httpStatus: 503, retryAfterSeconds: 1 })
    // Served meanwhile (on the event loop), then by the new thread.
    expect((await prepare.prepare('logs', PROTOBUF_CODEC, small.protobuf)).rowCount).toBe(20)
    await expect.poll(() => prepare.running, { timeout: 30_000 }).toBe(1)
    expect((await prepare.prepare('logs', PROTOBUF_CODEC, small.protobuf)).rowCount).toBe(20)
  })
})
