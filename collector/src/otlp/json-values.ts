import { OtlpDecodeError } from './errors.ts'

/**
 * How OTLP/JSON spells the scalars that differ from protobuf, in one place
 * (opentelemetry-proto docs/specification.md, "JSON Protobuf Encoding"):
 * - trace/span ids are hex strings, case-insensitive (not base64 as in proto3 JSON); base64 of the
 *   right size is accepted too, leniently, because generic proto3 JSON marshalers emit it;
 * - 64-bit integers are decimal strings or numbers;
 * - enums are integers (names accepted leniently);
 * - bytes are base64; doubles may be "NaN"/"Infinity"/"-Infinity".
 * The JSON decoder calls these and nothing else differs from the protobuf path.
 */

/** Placeholder for an id that is neither hex nor base64: never a valid length, so it is rejected. */
export const INVALID_ID = 'invalid'

const HEX_RE = /^[0-9a-fA-F]*$/
const BASE64_RE = /^[A-Za-z0-9+/_-]*={0,2}$/
const UINT_RE = /^[0-9]+$/
const INT_RE = /^-?[0-9]+$/
const UINT64_MAX = 18446744073709551615n

/** Where in the document the walker is, for error messages; a stack, not closures, to stay cheap. */
export class JsonPath {
  readonly parts: (string | number)[] = []

  fail(message: string): never {
    let where = ''
    for (const p of this.parts) where += typeof p === 'number' ? `[${p}]` : where ? `.${p}` : p
    throw new OtlpDecodeError(`${where || 'request'}: ${message}`)
  }
}

function describe(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'array'
  return typeof v
}

export const JSON_VALUES = {
  /** Lowercase hex of an id field; '' when absent, INVALID_ID when unreadable. */
  id(v: unknown, p: JsonPath): string {
    if (v === undefined || v === null || v === '') return ''
    if (typeof v !== 'string') p.fail(`expected a hex string, got ${describe(v)}`)
    if (v.length % 2 === 0 && HEX_RE.test(v)) return v.toLowerCase()
    // 16 bytes are 24 base64 chars, 8 bytes 12: only those sizes can be ids.
    if ((v.length === 24 || v.length === 12) && BASE64_RE.test(v)) {
      return Buffer.from(v, v.includes('-') || v.includes('_') ? 'base64url' : 'base64').toString('hex')
    }
    return INVALID_ID
  },

  /** fixed64 timestamps as exact unsigned decimal strings ('0' when absent). */
  uint64(v: unknown, p: JsonPath): string {
    if (v === undefined || v === null) return '0'
    if (typeof v === 'string') {
      if (UINT_RE.test(v)) {
        const n = BigInt(v)
        if (n <= UINT64_MAX) return n.toString()
      }
      p.fail('expected an unsigned 64-bit integer')
    }
    // A JSON number above 2^53 has already lost precision in JSON.parse; keep what is left.
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 2 ** 64) return BigInt(v).toString()
    p.fail(`expected an unsigned 64-bit integer (string or number), got ${describe(v)}`)
  },

  int64(v: unknown, p: JsonPath): bigint {
    if (typeof v === 'string' && INT_RE.test(v)) {
      const n = BigInt(v)
      if (BigInt.asIntN(64, n) === n) return n
    } else if (typeof v === 'number' && Number.isInteger(v)) {
      return BigInt.asIntN(64, BigInt(v))
    }
    p.fail(`expected a 64-bit integer (string or number), got ${typeof v === 'string' ? 'a non-integer string' : describe(v)}`)
  },

  uint32(v: unknown, p: JsonPath): number {
    if (v === undefined || v === null) return 0
    const n = typeof v === 'string' && UINT_RE.test(v) ? Number(v) : v
    if (typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 0xffffffff) return n
    p.fail(`expected an unsigned 32-bit integer, got ${describe(v)}`)
  },

  /** Enums are integers; the proto names are accepted leniently (`names[i]` is the name of `i`). */
  enum(v: unknown, names: readonly string[], p: JsonPath): number {
    if (v === undefined || v === null) return 0
    if (typeof v === 'number' && Number.isInteger(v) && v >= -0x80000000 && v <= 0x7fffffff) return v
    if (typeof v === 'string') {
      const i = names.indexOf(v)
      if (i >= 0) return i
      if (INT_RE.test(v)) return Number(v) | 0
      p.fail(`unknown enum value "${v.slice(0, 40)}"`)
    }
    p.fail(`expected an enum integer, got ${describe(v)}`)
  },

  double(v: unknown, p: JsonPath): number {
    if (typeof v === 'number') return v
    if (typeof v === 'string') {
      if (v === 'NaN') return NaN
      if (v === 'Infinity') return Infinity
      if (v === '-Infinity') return -Infinity
      const n = Number(v)
      if (v.trim() !== '' && !Number.isNaN(n)) return n
    }
    p.fail(`expected a number, got ${describe(v)}`)
  },

  bool(v: unknown, p: JsonPath): boolean {
    if (typeof v === 'boolean') return v
    p.fail(`expected a boolean, got ${describe(v)}`)
  },

  bytes(v: unknown, p: JsonPath): Uint8Array {
    if (typeof v === 'string' && BASE64_RE.test(v)) {
      return new Uint8Array(Buffer.from(v, v.includes('-') || v.includes('_') ? 'base64url' : 'base64'))
    }
    p.fail(`expected a base64 string, got ${describe(v)}`)
  },

  string(v: unknown, p: JsonPath): string {
    if (v === undefined || v === null) return ''
    if (typeof v === 'string') return v
    p.fail(`expected a string, got ${describe(v)}`)
  },
}

/** `o.camel`, else `o.snake` (lenient: OTLP/JSON only allows lowerCamelCase). */
export function field(o: Record<string, unknown>, camel: string, snake?: string): unknown {
  const v = o[camel]
  return v === undefined && snake !== undefined ? o[snake] : v
}

export function asObject(v: unknown, p: JsonPath): Record<string, unknown> | undefined {
  if (v === undefined || v === null) return undefined
  if (typeof v !== 'object' || Array.isArray(v)) p.fail(`expected an object, got ${describe(v)}`)
  return v as Record<string, unknown>
}

export function asArray(v: unknown, p: JsonPath): unknown[] {
  if (v === undefined || v === null) return []
  if (!Array.isArray(v)) p.fail(`expected an array, got ${describe(v)}`)
  return v
}
