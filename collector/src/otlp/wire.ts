import { OtlpDecodeError } from './errors.ts'

/**
 * Protobuf wire-format primitives (https://protobuf.dev/programming-guides/encoding/): a bounded
 * reader for the hand-written OTLP decoders and a small writer for the responses. The reader never
 * reads past `end` (the enclosing message's end), so a truncated field surfaces as an
 * `OtlpDecodeError` naming the byte offset and the message/field being read.
 */

export const WIRE_VARINT = 0
export const WIRE_I64 = 1
export const WIRE_LEN = 2
export const WIRE_SGROUP = 3
export const WIRE_EGROUP = 4
export const WIRE_I32 = 5

/** Groups are deprecated and absent from OTLP; unknown ones are still skipped, up to this depth. */
const MAX_GROUP_DEPTH = 32

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

/** Pads a base-1e7 digit group to 7 digits. */
function pad7(n: number): string {
  const s = String(n)
  return '0000000'.slice(s.length) + s
}

/**
 * Exact decimal of the unsigned 64-bit value hi·2^32 + lo without BigInt: split into 24-bit limbs
 * and carry in base 1e7 (the approach of google-protobuf's `joinUnsignedDecimalString`).
 */
export function uint64ToDecimal(lo: number, hi: number): string {
  if (hi <= 0x1fffff) return String(hi * 4294967296 + lo)
  const low = lo & 0xffffff
  const mid = ((lo >>> 24) | (hi << 8)) & 0xffffff
  const high = (hi >>> 16) & 0xffff
  // 2^24 = 1·1e7 + 6777216 and 2^48 = 2·1e14 + 8147497·1e7 + 6710656: each limb's weight split
  // into base-1e7 digits; the partial sums stay below 2^53, so plain numbers are exact.
  let digitA = low + mid * 6777216 + high * 6710656
  let digitB = mid + high * 8147497
  let digitC = high * 2
  if (digitA >= 10000000) {
    digitB += Math.floor(digitA / 10000000)
    digitA %= 10000000
  }
  if (digitB >= 10000000) {
    digitC += Math.floor(digitB / 10000000)
    digitB %= 10000000
  }
  if (digitC > 0) return String(digitC) + pad7(digitB) + pad7(digitA)
  return String(digitB) + pad7(digitA)
}

export function bytesToHex(buf: Uint8Array, start: number, end: number): string {
  let s = ''
  for (let i = start; i < end; i++) s += HEX[buf[i]!]
  return s
}

export class ProtoReader {
  readonly buf: Uint8Array
  private readonly text: Buffer & { utf8Slice(start: number, end: number): string }
  pos = 0
  /** End of the message being read; nested messages narrow it and restore it. */
  end: number
  /** Message and field being read, for error messages only. */
  msg = 'request'
  field = ''
  /** Last varint64 read, as unsigned 32-bit halves. */
  lo = 0
  hi = 0

  constructor(buf: Uint8Array) {
    this.buf = buf
    const text = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength)
    this.text = text as ProtoReader['text']
    this.end = buf.length
  }

  fail(what: string, at: number = this.pos): never {
    const where = this.field ? `${this.msg}.${this.field}` : this.msg
    throw new OtlpDecodeError(`${what} at byte ${at} in ${where}`)
  }

  /** Reads a varint of up to 10 bytes into `lo`/`hi`. */
  varint64(): void {
    const buf = this.buf
    const end = this.end
    const start = this.pos
    let pos = start
    let lo = 0
    let b: number
    for (let shift = 0; shift < 28; shift += 7) {
      if (pos >= end) this.fail('truncated varint', start)
      b = buf[pos++]!
      lo |= (b & 0x7f) << shift
      if (b < 0x80) {
        this.pos = pos
        this.lo = lo >>> 0
        this.hi = 0
        return
      }
    }
    if (pos >= end) this.fail('truncated varint', start)
    b = buf[pos++]!
    lo |= (b & 0x0f) << 28
    let hi = (b & 0x7f) >> 4
    if (b >= 0x80) {
      for (let shift = 3; ; shift += 7) {
        if (shift > 31) this.fail('varint longer than 10 bytes', start)
        if (pos >= end) this.fail('truncated varint', start)
        b = buf[pos++]!
        hi |= (b & 0x7f) << shift
        if (b < 0x80) break
      }
    }
    this.pos = pos
    this.lo = lo >>> 0
    this.hi = hi >>> 0
  }

  /** Low 32 bits of a varint, unsigned (tags, uint32 counts). */
  uint32(): number {
    this.varint64()
    return this.lo
  }

  /** int32/enum: the low 32 bits as a signed number (negative enums are sign-extended on the wire). */
  int32(): number {
    this.varint64()
    return this.lo | 0
  }

  bool(): boolean {
    this.varint64()
    return this.lo !== 0 || this.hi !== 0
  }

  /** int64 as an exact bigint. */
  int64(): bigint {
    this.varint64()
    const { lo, hi } = this
    if (hi === 0) return BigInt(lo)
    if (hi <= 0x1fffff) return BigInt(hi * 4294967296 + lo)
    return BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo))
  }

  /** Reads a field tag `(field_number << 3) | wire_type`; rejects field 0 and wire types 6/7. */
  tag(): number {
    const at = this.pos
    const t = this.uint32()
    if (t >>> 3 === 0) this.fail('invalid field number 0', at)
    if ((t & 7) > 5) this.fail(`invalid wire type ${t & 7}`, at)
    return t
  }

  /** Length prefix of a LEN field, checked against the bytes left in the enclosing message. */
  length(): number {
    const at = this.pos
    this.varint64()
    const left = this.end - this.pos
    if (this.hi !== 0 || this.lo > left) {
      this.fail(`truncated length-delimited field (declares ${uint64ToDecimal(this.lo, this.hi)} bytes, ${left} left)`, at)
    }
    return this.lo
  }

  private need(n: number): void {
    if (this.end - this.pos < n) this.fail(`truncated ${n}-byte fixed field`)
  }

  fixed32(): number {
    this.need(4)
    const b = this.buf
    const p = this.pos
    this.pos = p + 4
    return (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0
  }

  /** fixed64 as an exact unsigned decimal string (OTLP timestamps). */
  fixed64Decimal(): string {
    this.need(8)
    const b = this.buf
    const p = this.pos
    this.pos = p + 8
    const lo = (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0
    const hi = (b[p + 4]! | (b[p + 5]! << 8) | (b[p + 6]! << 16) | (b[p + 7]! << 24)) >>> 0
    return uint64ToDecimal(lo, hi)
  }

  double(): number {
    this.need(8)
    const v = this.text.readDoubleLE(this.pos)
    this.pos += 8
    return v
  }

  string(): string {
    const n = this.length()
    const s = this.pos
    this.pos = s + n
    // Invalid UTF-8 becomes U+FFFD rather than failing the request (lenient, like JSON.parse).
    // utf8Slice is what toString('utf8', s, e) calls after argument checks: ~25% faster on short strings.
    return n === 0 ? '' : this.text.utf8Slice(s, s + n)
  }

  bytes(): Uint8Array {
    const n = this.length()
    const s = this.pos
    this.pos = s + n
    return this.buf.slice(s, s + n)
  }

  /** A bytes field as lowercase hex (trace/span ids); length is validated later, per record. */
  hex(): string {
    const n = this.length()
    const s = this.pos
    this.pos = s + n
    return bytesToHex(this.buf, s, s + n)
  }

  /** Skips one field of wire type `wt` (unknown fields, or known fields with a mismatched type). */
  skip(wt: number, fieldNumber: number, depth = 0): void {
    switch (wt) {
      case WIRE_VARINT:
        this.varint64()
        return
      case WIRE_I64:
        this.need(8)
        this.pos += 8
        return
      case WIRE_LEN: {
        // Not `this.pos += this.length()`: that reads pos before length() advances it.
        const n = this.length()
        this.pos += n
        return
      }
      case WIRE_I32:
        this.need(4)
        this.pos += 4
        return
      case WIRE_SGROUP: {
        if (depth >= MAX_GROUP_DEPTH) this.fail('groups nested too deep')
        for (;;) {
          const t = this.tag()
          if ((t & 7) === WIRE_EGROUP) {
            if (t >>> 3 !== fieldNumber) this.fail('mismatched end-group tag')
            return
          }
          this.skip(t & 7, t >>> 3, depth + 1)
        }
      }
      default:
        this.fail('unexpected end-group tag')
    }
  }
}

/** Growable byte buffer for encoding the (small) OTLP responses and test fixtures. */
export class ProtoWriter {
  private buf = new Uint8Array(64)
  private len = 0

  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + n))
    next.set(this.buf.subarray(0, this.len))
    this.buf = next
  }

  byte(b: number): this {
    this.ensure(1)
    this.buf[this.len++] = b
    return this
  }

  raw(bytes: Uint8Array): this {
    this.ensure(bytes.length)
    this.buf.set(bytes, this.len)
    this.len += bytes.length
    return this
  }

  /** Unsigned varint of a non-negative safe integer or bigint (negative bigints as two's complement). */
  varint(v: number | bigint): this {
    let n = typeof v === 'bigint' ? BigInt.asUintN(64, v) : BigInt(v)
    while (n >= 0x80n) {
      this.byte(Number(n & 0x7fn) | 0x80)
      n >>= 7n
    }
    return this.byte(Number(n))
  }

  tag(field: number, wt: number): this {
    return this.varint(field * 8 + wt)
  }

  lenField(field: number, bytes: Uint8Array): this {
    return this.tag(field, WIRE_LEN).varint(bytes.length).raw(bytes)
  }

  stringField(field: number, s: string): this {
    return this.lenField(field, new TextEncoder().encode(s))
  }

  fixed32Field(field: number, v: number): this {
    this.tag(field, WIRE_I32)
    for (let i = 0; i < 4; i++) this.byte((v >>> (8 * i)) & 0xff)
    return this
  }

  fixed64Field(field: number, v: bigint): this {
    this.tag(field, WIRE_I64)
    for (let i = 0n; i < 8n; i++) this.byte(Number((v >> (8n * i)) & 0xffn))
    return this
  }

  doubleField(field: number, v: number): this {
    const b = new Uint8Array(8)
    new DataView(b.buffer).setFloat64(0, v, true)
    return this.tag(field, WIRE_I64).raw(b)
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.len)
  }
}
