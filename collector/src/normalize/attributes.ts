import type { KeyValue } from '../otlp/model.ts'
import { anyValueToString } from './any-value.ts'
import { isAuthorizationKey, redactAttribute, type TokenScan } from './redact.ts'

/** A `Map(LowCardinality(String), String)` column value, sent as a JSON object. */
export type AttributeMap = Record<string, string>

/** Sets a property even when the key is `__proto__` (plain `o[k] = v` would change the prototype). */
export function setProp(o: AttributeMap, key: string, value: string): void {
  if (key === '__proto__') Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true })
  else o[key] = value
}

/**
 * Attributes → `Map(String, String)` the way the clickhouseexporter flattens them
 * (`AttributesToMap`: key → `Value.AsString()`), redacted, into `out`. When `scan` is given,
 * the raw values also feed the token scan before they are redacted.
 */
export function flattenAttributes(kvs: KeyValue[], scan?: TokenScan, out: AttributeMap = {}): AttributeMap {
  for (let i = 0; i < kvs.length; i++) {
    const kv = kvs[i]!
    const raw = kv.value
    let s: string
    if (typeof raw === 'string') {
      s = raw
      if (scan) scan.see(kv.key, raw)
    } else {
      s = anyValueToString(raw)
      if (scan) {
        // Semantic conventions record headers as string arrays: look at each element.
        if (Array.isArray(raw) && isAuthorizationKey(kv.key)) {
          for (const el of raw) if (typeof el === 'string') scan.see(kv.key, el)
        } else if (s !== '') scan.see(kv.key, s)
      }
    }
    setProp(out, kv.key, redactAttribute(kv.key, s))
  }
  return out
}
