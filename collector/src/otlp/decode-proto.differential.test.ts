import protobuf from 'protobufjs'
import { describe, expect, it } from 'vitest'
import { decodeLogsProtobuf } from './decode-proto.ts'
import { decodeTracesProtobuf } from './decode-proto-traces.ts'
import { OtlpDecodeError } from './errors.ts'
import { bytesToHex } from './wire.ts'
import { loadOtlpRoot, SKIPPED_FIELDS } from '../../test/otlp-proto.ts'

// Differential test of the hand-written decoders against protobufjs over the OTLP definitions
// (opentelemetry-proto itself, vendored under collector/test/fixtures):
// random messages built field by field from the definitions are encoded by the library and must
// decode to the same model through both; every field of every message must be exercised, so a
// wrong or missing tag constant fails here. Mutated encodings must only ever raise OtlpDecodeError.

const ROOT = loadOtlpRoot()
const LOGS = ROOT.lookupType('opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest')
const TRACES = ROOT.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest')
const read = (type: protobuf.Type) => type.fieldsArray.filter((field) => !SKIPPED_FIELDS.has(`${type.name}.${field.name}`))

/** A small seeded PRNG (mulberry32), so a failure names a seed that reproduces it. */
function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

type Rand = ReturnType<typeof rng>
const pick = <T>(rand: Rand, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!
const STRINGS = ['', 'a', 'Jwt is expired', 'ü→✓', '𝄞 surrogate pair', 'x'.repeat(300), '\u0000nul']

function randomUint64(rand: Rand): string {
  const hi = BigInt(Math.floor(rand() * 2 ** 32))
  const lo = BigInt(Math.floor(rand() * 2 ** 32))
  return pick(rand, [0n, 1n, (hi << 32n) | lo, 2n ** 64n - 1n, 1_700_000_000_000_000_000n]).toString()
}

function randomScalar(rand: Rand, type: string): unknown {
  switch (type) {
    case 'string': return pick(rand, STRINGS)
    case 'bool': return rand() < 0.5
    case 'int64': return pick(rand, [0n, -1n, 42n, 2n ** 63n - 1n, -(2n ** 63n), BigInt(Math.floor(rand() * 1e15))]).toString()
    case 'double': return pick(rand, [0, -0.5, 3.25, 1e300, Number.MIN_VALUE, rand() * 1e6])
    case 'bytes': return Uint8Array.from({ length: pick(rand, [0, 8, 16, 3]) }, () => Math.floor(rand() * 256))
    case 'fixed64': return randomUint64(rand)
    case 'fixed32': return Math.floor(rand() * 2 ** 32)
    case 'uint32': return Math.floor(rand() * 2 ** 32)
    case 'int32': return pick(rand, [0, 1, 2, 9, 17, 24, -1, 2 ** 31 - 1])
    default: throw new Error(`no generator for ${type}`)
  }
}

/** A plain object for `type`, each field present with some probability, and `seen` marks it. */
function randomMessage(rand: Rand, type: protobuf.Type, depth: number, seen: Set<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  const oneof = type.oneofsArray[0]
  const chosen = oneof && rand() < 0.9 ? pick(rand, oneof.fieldsArray.filter((field) => read(type).includes(field))).name : undefined
  for (const field of read(type)) {
    if (field.partOf && field.name !== chosen) continue
    if (!field.partOf && rand() < 0.3) continue
    field.resolve()
    const nested = field.resolvedType instanceof protobuf.Type ? field.resolvedType : undefined
    if (nested && depth > 7) continue
    // Enums are open in proto3: any int32 goes, known or not.
    const scalar = field.resolvedType instanceof protobuf.Enum ? 'int32' : field.type
    const one = (): unknown => (nested ? randomMessage(rand, nested, depth + 1, seen) : randomScalar(rand, scalar))
    seen.add(`${type.name}.${field.name}`)
    out[field.name] = field.repeated ? Array.from({ length: Math.floor(rand() * (depth > 3 ? 2 : 3)) + 1 }, one) : one()
  }
  return out
}

/** The library's defaults for the fields the decoders skip on purpose are not in the model. */
const SKIPPED_KEYS = new Set([...SKIPPED_FIELDS].map((name) => name.split('.')[1]!))
const CAMEL = (s: string): string => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())
const ID_FIELDS = new Set(['trace_id', 'span_id', 'parent_span_id'])
const FIXED64 = new Set(['time_unix_nano', 'observed_time_unix_nano', 'start_time_unix_nano', 'end_time_unix_nano'])

/** protobufjs's decoded object in the collector's model: camelCase, hex ids, decimal timestamps. */
function toModel(value: unknown, key = ''): unknown {
  if (key === 'schema_url') return value
  if (value instanceof Uint8Array) return ID_FIELDS.has(key) ? bytesToHex(value, 0, value.length) : new Uint8Array(value)
  if (Array.isArray(value)) return value.map((v) => toModel(v, key === 'values' ? 'values' : key))
  if (value === null || typeof value !== 'object') return value
  const obj = value as Record<string, unknown>
  if ('key' in obj && ('value' in obj || Object.keys(obj).length === 1)) return { key: obj.key ?? '', value: anyValue(obj.value) }
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(obj)) {
    if (SKIPPED_KEYS.has(k)) continue
    if (k === 'body') out.body = anyValue(v)
    else if (k === 'status') out.status = { code: 0, message: '', ...(v as object | null) }
    else if (FIXED64.has(k)) out[CAMEL(k)] = String(v)
    else out[CAMEL(k)] = toModel(v, k)
  }
  return out
}

function anyValue(v: unknown): unknown {
  if (v === undefined || v === null) return null
  const o = v as Record<string, unknown>
  if ('string_value' in o) return o.string_value
  if ('bool_value' in o) return o.bool_value
  if ('int_value' in o) return BigInt(String(o.int_value))
  if ('double_value' in o) return o.double_value
  if ('bytes_value' in o) return new Uint8Array(o.bytes_value as Uint8Array)
  if ('array_value' in o) return ((o.array_value as { values?: unknown[] }).values ?? []).map(anyValue)
  if ('kvlist_value' in o) return { kvlist: ((o.kvlist_value as { values?: unknown[] }).values ?? []).map((kv) => toModel(kv)) }
  return null
}

/** Bytes as plain arrays on both sides: Node hands out Buffers where the model says Uint8Array. */
function plain(value: unknown): unknown {
  if (value instanceof Uint8Array) return { bytes: Array.from(value) }
  if (Array.isArray(value)) return value.map(plain)
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]))
}

/** Our model carries schema URLs on the resource and scope; move protobufjs's there to compare. */
function hoistSchemaUrls(req: Record<string, unknown>, resourceKey: string, scopeKey: string, itemsKey: string): unknown {
  return ((req[resourceKey] as Record<string, unknown>[] | undefined) ?? []).map((rl) => ({
    resource: { attributes: [], droppedAttributesCount: 0, ...(rl.resource as object), schemaUrl: rl.schemaUrl ?? '' },
    [scopeKey]: ((rl[scopeKey] as Record<string, unknown>[] | undefined) ?? []).map((sl) => ({
      scope: { name: '', version: '', attributes: [], droppedAttributesCount: 0, ...(sl.scope as object), schemaUrl: sl.schemaUrl ?? '' },
      [itemsKey]: sl[itemsKey] ?? [],
    })),
  }))
}

const TO_OBJECT = { longs: String, defaults: true, oneofs: false, arrays: true } as const

function libraryLogs(bytes: Uint8Array): unknown {
  const obj = toModel(LOGS.toObject(LOGS.decode(bytes), TO_OBJECT)) as Record<string, unknown>
  return { resourceLogs: hoistSchemaUrls(obj, 'resourceLogs', 'scopeLogs', 'logRecords') }
}

function libraryTraces(bytes: Uint8Array): unknown {
  const obj = toModel(TRACES.toObject(TRACES.decode(bytes), TO_OBJECT)) as Record<string, unknown>
  return { resourceSpans: hoistSchemaUrls(obj, 'resourceSpans', 'scopeSpans', 'spans') }
}

/** Every field of every message reachable from `root`. */
function allFields(root: protobuf.Type): Set<string> {
  const out = new Set<string>()
  const visit = (type: protobuf.Type): void => {
    for (const field of read(type)) {
      const key = `${type.name}.${field.name}`
      if (out.has(key)) continue
      out.add(key)
      field.resolve()
      if (field.resolvedType instanceof protobuf.Type) visit(field.resolvedType)
    }
  }
  visit(root)
  return out
}

function mutate(rand: Rand, bytes: Uint8Array): Uint8Array {
  const b = Uint8Array.from(bytes)
  switch (Math.floor(rand() * 4)) {
    case 0: if (b.length) b[Math.floor(rand() * b.length)]! ^= 1 << Math.floor(rand() * 8); return b
    case 1: return b.subarray(0, Math.floor(rand() * b.length))
    case 2: if (b.length) b[Math.floor(rand() * b.length)] = pick(rand, [0x00, 0x7f, 0x80, 0xff]); return b
    default: {
      const at = Math.floor(rand() * (b.length + 1))
      return Uint8Array.from([...b.subarray(0, at), ...Array.from({ length: 4 }, () => Math.floor(rand() * 256)), ...b.subarray(at)])
    }
  }
}

const CASES = [
  { name: 'ExportLogsServiceRequest', type: LOGS, ours: decodeLogsProtobuf, library: libraryLogs },
  { name: 'ExportTraceServiceRequest', type: TRACES, ours: decodeTracesProtobuf, library: libraryTraces },
] as const

describe.each(CASES)('$name: hand-written decoder vs protobufjs', ({ type, ours, library }) => {
  it('decodes 1,500 random messages exactly as the library does, exercising every field', () => {
    const seen = new Set<string>()
    for (let seed = 1; seed <= 1500; seed++) {
      const rand = rng(seed)
      const bytes = type.encode(type.fromObject(randomMessage(rand, type, 0, seen))).finish()
      expect(plain(ours(bytes)), `seed ${seed}`).toEqual(plain(library(bytes)))
    }
    expect([...allFields(type)].filter((f) => !seen.has(f))).toEqual([])
  })

  it('meets 20,000 mutated encodings with a result or an OtlpDecodeError, never another error', () => {
    const seen = new Set<string>()
    let rejected = 0
    for (let seed = 1; seed <= 20_000; seed++) {
      const rand = rng(seed * 7919)
      const bytes = mutate(rand, type.encode(type.fromObject(randomMessage(rand, type, 0, seen))).finish())
      try {
        ours(bytes)
      } catch (err) {
        if (!(err instanceof OtlpDecodeError)) throw new Error(`seed ${seed * 7919}: ${String(err)}`, { cause: err })
        rejected++
      }
    }
    // Mutations that break framing must be refused, not read past: some of each run are.
    expect(rejected).toBeGreaterThan(1000)
  })

  it('decodes the empty message like the library', () => {
    expect(plain(ours(new Uint8Array()))).toEqual(plain(library(new Uint8Array())))
  })
})
