import * as grpc from '@grpc/grpc-js'
import fc from 'fast-check'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { normalizeExport } from '@claimcheck/collector'
import { JSON_CODEC, OtlpDecodeError, PROTOBUF_CODEC } from '../collector/src/otlp/index.ts'
import { isStorableTimestamp } from '../collector/src/otlp/validate.ts'
import { startCollectorHarness, type CollectorHarness } from './support/collector-harness.ts'
import { deepNestingArb, fromScratchArb, mutatedArb, sdkSeeds, type FuzzBody } from './support/otlp-fuzz.ts'

// Fuzzing both receivers with generated and mutated OTLP bodies. The split: 104,000 bodies go
// straight through the receivers' pure core (decode → validate → normalize → redact, exactly what
// a request runs before its rows are queued), which takes well under a minute; 3,000 more go
// through the real servers — 2,000 over OTLP/HTTP, 1,000 over OTLP/gRPC (fewer: every call is a
// round trip through grpc-js and, for the bodies that stay valid, a ClickHouse insert).
// Properties: nothing but a clean decode error ever escapes; whatever is accepted is storable; the
// servers answer only 2xx/4xx (gRPC OK/INVALID_ARGUMENT/RESOURCE_EXHAUSTED); memory returns to its
// baseline; a valid request is still stored afterwards.

const DECODE_RUNS = { mutated: 80_000, nesting: 4_000, scratch: 20_000 }
const HTTP_RUNS = 2_000
const GRPC_RUNS = 1_000
const SEED = 20261202

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void
const heapAfterGc = () => {
  gc()
  gc()
  return process.memoryUsage()
}

let h: CollectorHarness
let seeds: FuzzBody[]
let baseline: NodeJS.MemoryUsage
beforeAll(async () => {
  h = await startCollectorHarness({ collector: { maxBodyBytes: 4 * 1024 * 1024 } })
  seeds = await sdkSeeds()
  baseline = heapAfterGc()
})
// Stopping writes what the fuzzing left valid; on a loaded machine that takes a while.
afterAll(async () => {
  await h?.stop()
}, 180_000)

const codecOf = (b: FuzzBody) => (b.encoding === 'json' ? JSON_CODEC : PROTOBUF_CODEC)

/** The pipeline's pure core on one body: only OtlpDecodeError may escape, and accepted rows must be storable. */
function throughCore(b: FuzzBody): void {
  let out
  try {
    out = normalizeExport(b.signal, codecOf(b), b.body)
  } catch (error) {
    if (error instanceof OtlpDecodeError) return
    throw error
  }
  for (const row of out.rows) {
    const ts = String(row[0])
    if (!isStorableTimestamp(ts)) throw new Error(`accepted a row with timestamp ${ts}`)
    const json = JSON.stringify(row)
    if (!(json as string & { isWellFormed(): boolean }).isWellFormed()) throw new Error('accepted a row with an unpaired surrogate')
  }
}

describe('fuzzing the decode → normalize core', () => {
  it(`survives ${DECODE_RUNS.mutated} mutated SDK payloads`, () => {
    fc.assert(fc.property(mutatedArb(seeds), throughCore), { numRuns: DECODE_RUNS.mutated, seed: SEED })
  }, 240_000)
  it(`survives ${DECODE_RUNS.nesting} deeply nested bodies`, () => {
    fc.assert(fc.property(deepNestingArb, throughCore), { numRuns: DECODE_RUNS.nesting, seed: SEED })
  }, 120_000)
  it(`survives ${DECODE_RUNS.scratch} bodies generated from nothing`, () => {
    fc.assert(fc.property(fromScratchArb, throughCore), { numRuns: DECODE_RUNS.scratch, seed: SEED })
  }, 120_000)
})

const anyBody = () => fc.oneof({ weight: 6, arbitrary: mutatedArb(seeds) }, { weight: 1, arbitrary: deepNestingArb }, { weight: 2, arbitrary: fromScratchArb })

async function inParallel<T>(items: T[], width: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await run(items[next++]!)
  }))
}

describe('fuzzing the running receivers', () => {
  it(`answers ${HTTP_RUNS} fuzzed OTLP/HTTP requests with 2xx or 4xx only`, async () => {
    const bodies = fc.sample(anyBody(), { numRuns: HTTP_RUNS, seed: SEED })
    const statuses = new Map<number, number>()
    await inParallel(bodies, 16, async (b) => {
      const response = await fetch(`${h.httpUrl}/v1/${b.signal}`, { method: 'POST', headers: { 'Content-Type': b.encoding === 'json' ? 'application/json' : 'application/x-protobuf' }, body: b.body })
      await response.arrayBuffer()
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1)
    })
    for (const status of statuses.keys()) expect(status >= 200 && status < 500, `HTTP ${status}`).toBe(true)
    expect(statuses.get(200)).toBeGreaterThan(0)
    expect(statuses.get(400)).toBeGreaterThan(0)
  }, 180_000)

  it(`answers ${GRPC_RUNS} fuzzed OTLP/gRPC calls with OK, INVALID_ARGUMENT or RESOURCE_EXHAUSTED only`, async () => {
    const client = new grpc.Client(`127.0.0.1:${h.collector.grpcPort}`, grpc.credentials.createInsecure())
    const path = { logs: '/opentelemetry.proto.collector.logs.v1.LogsService/Export', traces: '/opentelemetry.proto.collector.trace.v1.TraceService/Export' }
    const bodies = fc.sample(anyBody().filter((b) => b.encoding === 'protobuf'), { numRuns: GRPC_RUNS, seed: SEED })
    const codes = new Map<number, number>()
    await inParallel(bodies, 16, (b) => new Promise<void>((resolve) => {
      client.makeUnaryRequest(path[b.signal], (x: Buffer) => x, (x: Buffer) => x, Buffer.from(b.body), (error) => {
        const code = error?.code ?? grpc.status.OK
        codes.set(code, (codes.get(code) ?? 0) + 1)
        resolve()
      })
    }))
    client.close()
    for (const code of codes.keys()) expect([grpc.status.OK, grpc.status.INVALID_ARGUMENT, grpc.status.RESOURCE_EXHAUSTED], `gRPC code ${code}`).toContain(code)
    expect(codes.get(grpc.status.INVALID_ARGUMENT)).toBeGreaterThan(0)
  }, 180_000)

  it('is back to its memory baseline and still stores a valid request', async () => {
    const response = await fetch(`${h.httpUrl}/v1/logs`, { method: 'POST', headers: { 'Content-Type': 'application/x-protobuf' }, body: seeds[0]!.body })
    expect(response.status).toBe(200)
    await h.waitForRows("SELECT 1 FROM otel_logs WHERE ServiceName = 'fuzz-gw' AND Body = 'User from sub claim in JWT does not exist'")
    const after = heapAfterGc()
    const heapMb = (after.heapUsed - baseline.heapUsed) / 2 ** 20
    const rssMb = (after.rss - baseline.rss) / 2 ** 20
    console.info(`fuzz memory: heapUsed ${(baseline.heapUsed / 2 ** 20).toFixed(1)} → ${(after.heapUsed / 2 ** 20).toFixed(1)} MiB (${heapMb.toFixed(1)}), rss ${(baseline.rss / 2 ** 20).toFixed(0)} → ${(after.rss / 2 ** 20).toFixed(0)} MiB (${rssMb.toFixed(0)})`)
    // The JS heap is what a leak in claimcheck's code would grow; RSS also holds the embedded
    // engine's caches (bounded by EMBEDDED_ENGINE_ARGS), so it gets a wider margin.
    expect(heapMb).toBeLessThan(32)
    expect(rssMb).toBeLessThan(512)
  })
})
