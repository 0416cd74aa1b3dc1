import type { AnyValue, KeyValue } from '../otlp/model.ts'

/**
 * AnyValue → string exactly as the clickhouseexporter stores it: pdata `Value.AsString()`
 * (go.opentelemetry.io/collector/pdata/pcommon/value.go) —
 * string as is; bool `true`/`false`; int decimal; double as ES6 number-to-string
 * (`float64AsString`), Inf/NaN as `json: unsupported value: +Inf`; bytes standard base64;
 * map/slice `json.Marshal(AsRaw())` — Go encoding/json: map keys sorted, `<>&` U+2028 U+2029
 * escaped, NaN/Inf inside make Marshal fail and the result is ''.
 *
 * Pure serialization: credentials are masked before (Redactor.value), not here.
 */

/** Go's float64AsString / encoding/json float encoding: the ES6 algorithm, with Go's -0. */
function formatDouble(n: number): string {
  if (n === 0 && Object.is(n, -0)) return '-0'
  return String(n)
}

function formatNonFinite(n: number): string {
  return `json: unsupported value: ${Number.isNaN(n) ? 'NaN' : n > 0 ? '+Inf' : '-Inf'}`
}

const HTML_UNSAFE = /[<>&\u2028\u2029]/g
const HTML_ESCAPES: Record<string, string> = {
  '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029',
}
const escapeHtml = (c: string): string => HTML_ESCAPES[c]!

/** A JSON string literal as Go's encoder writes it (HTML-safe). */
export function goJsonString(s: string): string {
  const json = JSON.stringify(s)
  // Test first: most strings need no escaping, and replace() always allocates.
  HTML_UNSAFE.lastIndex = 0
  return HTML_UNSAFE.test(json) ? json.replace(HTML_UNSAFE, escapeHtml) : json
}

/** Set when a NaN/Inf double is met inside a map or slice: Go's json.Marshal then fails. */
let unsupported = false

function writeJson(v: AnyValue): string {
  if (v === null) return 'null'
  switch (typeof v) {
    case 'string': return goJsonString(v)
    case 'boolean': return v ? 'true' : 'false'
    case 'bigint': return v.toString()
    case 'number':
      if (!Number.isFinite(v)) {
        unsupported = true
        return 'null'
      }
      return formatDouble(v)
  }
  if (v instanceof Uint8Array) return `"${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64')}"`
  if (Array.isArray(v)) {
    let out = '['
    for (let i = 0; i < v.length; i++) out += (i ? ',' : '') + writeJson(v[i]!)
    return out + ']'
  }
  return writeMap(v.kvlist)
}

/** A Go map[string]any: one entry per key (the last wins), keys in sorted order. */
function writeMap(kvs: KeyValue[]): string {
  const byKey = new Map<string, AnyValue>()
  for (const kv of kvs) byKey.set(kv.key, kv.value)
  const keys = [...byKey.keys()].sort(compareBytes)
  let out = '{'
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!
    out += (i ? ',' : '') + goJsonString(k) + ':' + writeJson(byKey.get(k)!)
  }
  return out + '}'
}

/** Go sorts map keys by bytes; UTF-16 order differs only past the BMP, which keys rarely use. */
function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** `json.Marshal(v.AsRaw())` for a map or slice value; '' when Go would fail (NaN/Inf inside). */
function marshalComposite(v: AnyValue): string {
  unsupported = false
  const out = writeJson(v)
  return unsupported ? '' : out
}

/** pdata `Value.AsString()` (see the module comment). */
export function anyValueToString(v: AnyValue): string {
  if (v === null) return ''
  switch (typeof v) {
    case 'string': return v
    case 'boolean': return v ? 'true' : 'false'
    case 'bigint': return v.toString()
    case 'number': return Number.isFinite(v) ? formatDouble(v) : formatNonFinite(v)
  }
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64')
  return marshalComposite(v)
}

/** First value for `key` (pdata `Map.Get` semantics: the first match). */
export function getAttribute(kvs: KeyValue[], key: string): AnyValue | undefined {
  for (let i = 0; i < kvs.length; i++) if (kvs[i]!.key === key) return kvs[i]!.value
  return undefined
}
