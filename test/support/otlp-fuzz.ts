import fc from 'fast-check'
import { ProtoWriter } from '../../collector/src/otlp/wire.ts'
import { serializeLogs, serializeSpans, SpanKind, SpanStatusCode } from '../../collector/src/otlp/sdk-fixtures.ts'
import { fakeJwt } from './otel-clients.ts'

// Arbitraries for fuzzing the OTLP receivers: valid SDK payloads (protobuf and JSON, logs and
// traces) and mutations of them — bit flips, truncation, splices, length fields rewritten, huge
// varints, deep nesting, values of the wrong JSON type — plus bodies generated from nothing.

export type Signal = 'logs' | 'traces'
export type Encoding = 'protobuf' | 'json'

export interface FuzzBody {
  signal: Signal
  encoding: Encoding
  body: Uint8Array
}

/** Valid requests from the real SDK serializers, rich in every AnyValue kind, events and links. */
export async function sdkSeeds(): Promise<FuzzBody[]> {
  const token = fakeJwt({ sub: 'fuzz', exp: 4_102_444_800 })
  const logs = await serializeLogs([
    { body: 'User from sub claim in JWT does not exist', severityText: 'WARN', severityNumber: 13, attributes: { 'http.request.method': 'GET', 'http.response.status_code': 403, 'http.request.header.authorization': `Bearer ${token}` } },
    { body: { method: 'POST', status: 401, nested: { list: [1, 2.5, true, 'x', { deep: ['y'] }] } }, attributes: { bytes: new Uint8Array([0, 1, 2, 255]) as never, arr: ['a', 'b'] } },
  ], { 'service.name': 'fuzz-gw', 'deployment.environment.name': 'fuzz' })
  const traces = await serializeSpans([{
    name: 'GET /orders/:id', kind: SpanKind.SERVER,
    attributes: { 'http.request.method': 'GET', 'http.response.status_code': 401, 'url.full': `https://a.example.com/?access_token=${token}` },
    events: [{ name: 'exception', attributes: { 'exception.message': 'jwt expired' } }],
    links: [{ context: { traceId: '5b8efff798038103d269b633813fc60c', spanId: 'eee19b7ec3c1b174', traceFlags: 1, traceState: undefined }, attributes: { k: 'v' } }],
    status: { code: SpanStatusCode.ERROR, message: 'invalid token' },
  }])
  return [
    { signal: 'logs', encoding: 'protobuf', body: logs.protobuf }, { signal: 'logs', encoding: 'json', body: logs.json },
    { signal: 'traces', encoding: 'protobuf', body: traces.protobuf }, { signal: 'traces', encoding: 'json', body: traces.json },
  ]
}

/** Offsets and sizes of the length varints of LEN fields, found by walking the message tree. */
export function lengthFields(buf: Uint8Array, start = 0, end = buf.length, out: [number, number][] = [], depth = 0): [number, number][] {
  let i = start
  while (i < end) {
    let tag = 0, shift = 0, b: number
    do { b = buf[i++]!; tag += (b & 0x7f) * 2 ** shift; shift += 7 } while (b & 0x80 && i < end)
    const wire = tag % 8
    if (wire === 0) { while (i < end && buf[i++]! & 0x80); continue }
    if (wire === 1) { i += 8; continue }
    if (wire === 5) { i += 4; continue }
    if (wire !== 2) return out
    const at = i
    let len = 0
    shift = 0
    do { b = buf[i++]!; len += (b & 0x7f) * 2 ** shift; shift += 7 } while (b & 0x80 && i < end)
    if (i + len > end) return out
    out.push([at, i - at])
    // Strings and bytes do not parse as messages for long; the walk simply stops inside them.
    if (depth < 8) lengthFields(buf, i, i + len, out, depth + 1)
    i += len
  }
  return out
}

function varint(v: bigint): number[] {
  const out: number[] = []
  do {
    const byte = Number(v & 0x7fn)
    v >>= 7n
    out.push(v > 0n ? byte | 0x80 : byte)
  } while (v > 0n)
  return out
}

const HUGE = [0n, 1n, 127n, 128n, 2n ** 31n - 1n, 2n ** 32n, 2n ** 35n, 2n ** 53n + 1n, 2n ** 63n, 2n ** 64n - 1n]

function splice(buf: Uint8Array, at: number, remove: number, insert: ArrayLike<number>): Uint8Array {
  const tail = buf.subarray(Math.min(buf.length, at + remove))
  const out = new Uint8Array(at + insert.length + tail.length)
  out.set(buf.subarray(0, at))
  out.set(insert, at)
  out.set(tail, at + insert.length)
  return out
}

/** One mutation of a body, as a function of fast-check generated numbers. */
export const mutationArb: fc.Arbitrary<(buf: Uint8Array) => Uint8Array> = fc.oneof(
  fc.array(fc.nat(), { minLength: 1, maxLength: 8 }).map((bits) => (buf: Uint8Array) => {
    const out = Uint8Array.from(buf)
    for (const bit of bits) if (out.length) out[Math.floor(bit / 8) % out.length]! ^= 1 << (bit % 8)
    return out
  }),
  fc.nat().map((n) => (buf: Uint8Array) => buf.subarray(0, buf.length ? n % buf.length : 0)),
  fc.tuple(fc.nat(), fc.nat({ max: 16 }), fc.uint8Array({ maxLength: 32 })).map(([at, remove, bytes]) => (buf: Uint8Array) => splice(buf, buf.length ? at % buf.length : 0, remove, bytes)),
  fc.tuple(fc.nat(), fc.constantFrom(...HUGE)).map(([pick, value]) => (buf: Uint8Array) => {
    const fields = lengthFields(buf)
    if (fields.length === 0) return buf
    const [at, size] = fields[pick % fields.length]!
    return splice(buf, at, size, varint(value))
  }),
  fc.tuple(fc.nat(), fc.integer({ min: 10, max: 20 })).map(([at, n]) => (buf: Uint8Array) =>
    splice(buf, buf.length ? at % buf.length : 0, 0, [...Array(n - 1).fill(0xff), 0x01])),
  fc.tuple(fc.nat(), fc.nat()).map(([a, b]) => (buf: Uint8Array) => {
    if (buf.length < 2) return buf
    const from = a % buf.length, to = from + (b % (buf.length - from))
    return splice(buf, to, 0, buf.subarray(from, to))
  }),
)

/** A JSON body with one value somewhere replaced by a generated value of any JSON type. */
export const wrongTypeArb = fc.tuple(fc.nat(), fc.jsonValue({ maxDepth: 3 })).map(([pick, replacement]) => (json: Uint8Array) => {
  const root = JSON.parse(Buffer.from(json).toString('utf8')) as unknown
  const slots: [Record<string, unknown> | unknown[], string | number][] = []
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach((el, i) => { slots.push([v, i]); walk(el) })
    else if (v && typeof v === 'object') for (const [k, el] of Object.entries(v)) { slots.push([v as Record<string, unknown>, k]); walk(el) }
  }
  walk(root)
  if (slots.length) {
    const [holder, key] = slots[pick % slots.length]!
    ;(holder as Record<string | number, unknown>)[key] = replacement
  }
  return new TextEncoder().encode(JSON.stringify(root))
})

const nestedCache = new Map<string, FuzzBody>()

/**
 * A log record body nested `depth` deep, in kvlists or arrays, as protobuf or JSON: mostly around
 * the decoders' depth limit (64), sometimes thousands deep. Built once per shape (a protobuf
 * nesting costs O(depth²) bytes to write).
 */
export const deepNestingArb: fc.Arbitrary<FuzzBody> = fc.tuple(
  fc.oneof(fc.integer({ min: 1, max: 80 }), fc.constantFrom(63, 64, 65, 66, 500, 2_000, 10_000)), fc.boolean(), fc.constantFrom<Encoding>('protobuf', 'json'),
).map(([depth, kvlist, encoding]) => {
  const key = `${depth}/${kvlist}/${encoding}`
  let body = nestedCache.get(key)
  if (!body) nestedCache.set(key, (body = nestedBody(depth, kvlist, encoding)))
  return body
})

function nestedBody(depth: number, kvlist: boolean, encoding: Encoding): FuzzBody {
  if (encoding === 'json') {
    const open = kvlist ? '{"kvlistValue":{"values":[{"key":"k","value":' : '{"arrayValue":{"values":['
    const close = kvlist ? '}]}}' : ']}}'
    const value = open.repeat(depth) + '{"stringValue":"x"}' + close.repeat(depth)
    const text = `{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"timeUnixNano":"1700000000000000000","body":${value}}]}]}]}`
    return { signal: 'logs' as const, encoding, body: new TextEncoder().encode(text) }
  }
  let value = new ProtoWriter().stringField(1, 'x').finish()
  // Each level copies the levels inside it: past 2,000 the body alone would take seconds to write.
  for (let i = 0; i < Math.min(depth, 2_000); i++) {
    value = kvlist
      ? new ProtoWriter().lenField(6, new ProtoWriter().lenField(1, new ProtoWriter().stringField(1, 'k').lenField(2, value).finish()).finish()).finish()
      : new ProtoWriter().lenField(5, new ProtoWriter().lenField(1, value).finish()).finish()
  }
  const record = new ProtoWriter().fixed64Field(1, 1_700_000_000_000_000_000n).lenField(5, value).finish()
  const body = new ProtoWriter().lenField(1, new ProtoWriter().lenField(2, new ProtoWriter().lenField(2, record).finish()).finish()).finish()
  return { signal: 'logs' as const, encoding, body }
}

/** Bodies from nothing: random bytes, and random JSON shaped a little like OTLP. */
export const fromScratchArb: fc.Arbitrary<FuzzBody> = fc.oneof(
  fc.tuple(fc.constantFrom<Signal>('logs', 'traces'), fc.uint8Array({ maxLength: 256 }))
    .map(([signal, body]) => ({ signal, encoding: 'protobuf' as const, body })),
  fc.tuple(fc.constantFrom<Signal>('logs', 'traces'), fc.jsonValue({ maxDepth: 6 }))
    .map(([signal, value]) => ({
      signal, encoding: 'json' as const,
      body: new TextEncoder().encode(JSON.stringify(signal === 'logs' ? { resourceLogs: [{ scopeLogs: [{ logRecords: [value] }] }] } : { resourceSpans: [{ scopeSpans: [{ spans: [value] }] }] })),
    })),
)

/** A mutated SDK payload: any seed, up to three byte mutations, JSON seeds often a value of the wrong type first. */
export function mutatedArb(seeds: FuzzBody[]): fc.Arbitrary<FuzzBody> {
  return fc.tuple(fc.constantFrom(...seeds), fc.array(mutationArb, { minLength: 0, maxLength: 3 }), fc.option(wrongTypeArb, { freq: 3 }))
    .map(([seed, mutations, wrongType]) => {
      let body = seed.encoding === 'json' && wrongType ? wrongType(seed.body) : seed.body
      for (const mutate of mutations) body = mutate(body)
      return { ...seed, body }
    })
}
