import type { KeyValue } from '../otlp/model.ts'
import { anyValueToString } from './any-value.ts'
import type { Redactor } from './redact.ts'
import { isAuthorizationKey, type TokenScan } from './token-decode.ts'

/** A `Map(LowCardinality(String), String)` column value, sent as a JSON object. */
export type AttributeMap = Record<string, string>

/** Sets a property even when the key is `__proto__` (plain `o[k] = v` would change the prototype). */
export function setProp(o: AttributeMap, key: string, value: string): void {
  if (key === '__proto__') Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true })
  else o[key] = value
}

/**
 * Attributes → `Map(String, String)` the way the clickhouseexporter flattens them
 * (`AttributesToMap`: key → `Value.AsString()`), keys and values redacted, into `out`. When
 * `scan` is given, the raw values also feed the token scan before they are redacted.
 */
export function flattenAttributes(kvs: KeyValue[], redactor: Redactor, scan?: TokenScan, out: AttributeMap = {}): AttributeMap {
  for (let i = 0; i < kvs.length; i++) {
    const kv = kvs[i]!
    const raw = kv.value
    const key = redactor.key(kv.key)
    let stored: string
    if (typeof raw === 'string') {
      if (scan) scan.see(kv.key, raw)
      stored = redactor.attribute(kv.key, raw, key)
    } else {
      if (scan) {
        // Semantic conventions record headers as string arrays: look at each element.
        if (Array.isArray(raw) && isAuthorizationKey(kv.key)) {
          for (const el of raw) if (typeof el === 'string') scan.see(kv.key, el)
        } else {
          const s = anyValueToString(raw)
          if (s !== '') scan.see(kv.key, s)
        }
      }
      stored = anyValueToString(redactor.value(kv.key, raw, key))
    }
    setProp(out, key, stored)
  }
  return out
}

/**
 * The leaves of nested map values as dotted keys (`request` → `{ method, uri }` gives
 * `request.method`, `request.uri`), redacted, into `out`: how call detection reads access logs
 * that the filelog receiver's JSON parser put into attributes or a map body. Stored attributes
 * keep the exporter's flattening (a nested map is one JSON string); this view is for reading only.
 */
export function dottedLeaves(kvs: KeyValue[], redactor: Redactor, out: AttributeMap = {}, prefix = '', depth = 0): AttributeMap {
  for (const kv of kvs) {
    const raw = kv.value
    const key = prefix === '' ? kv.key : `${prefix}.${kv.key}`
    if (raw !== null && typeof raw === 'object' && 'kvlist' in raw) {
      // Access logs nest two or three levels (request.headers.x); deeper is not an HTTP fact.
      if (depth < 4) dottedLeaves(raw.kvlist, redactor, out, key, depth + 1)
    } else if (prefix !== '') {
      setProp(out, key, redactor.attribute(key, typeof raw === 'string' ? raw : anyValueToString(raw), key))
    }
  }
  return out
}

/** True when some value is a nested map, i.e. `dottedLeaves` has something to add. */
export function hasNestedMaps(kvs: KeyValue[]): boolean {
  return kvs.some((kv) => kv.value !== null && typeof kv.value === 'object' && 'kvlist' in kv.value)
}
