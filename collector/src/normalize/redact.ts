import { REDACTED, RedactionConfigSchema, type RedactionConfig } from '@claimcheck/shared'
import type { AnyValue, KeyValue } from '../otlp/model.ts'
import { MIN_SCANNED_LENGTH, maskPlain, type MaskSink, type RedactionRule, type TextPolicy } from './detectors.ts'
import { decodedVariants } from './variants.ts'

/**
 * Credentials never reach storage: raw tokens and Authorization/Cookie values are never stored
 * (docs/schema.md, the data contract). The redactor is the configured policy
 * (`collector.redaction`, like the OpenTelemetry Collector's redaction processor) applied to every
 * string normalize stores: values under blocked keys are replaced whole; every other string —
 * attribute values and keys, bodies, names, versions, schema URLs, trace state, bytes values —
 * goes through the detectors, in its plain and its decoded forms. Token claims are decoded from
 * the raw values before (token-decode.ts), so classification keeps `sub`, `iss`, `exp`….
 */

export type { RedactionRule } from './detectors.ts'

/** Told of every masked occurrence: the field (attribute key, or `body`, `scope.name`, …) and the rule. */
export type RedactionListener = (field: string, rule: RedactionRule) => void

/** Summary attribute names, as the redaction processor spells them. */
export const SUMMARY_COUNT_KEY = 'redaction.masked.count'
export const SUMMARY_KEYS_KEY = 'redaction.masked.keys'

/** Memo sizes: keys repeat across records, so a bounded memo saves most pattern tests. */
const KEY_MEMO_SIZE = 4096
/**
 * Texts found clean are remembered (access logs repeat user agents, hosts, messages): scanning a
 * 70-character user agent through every detector was 5 % of the collector's main thread. Only clean
 * texts are kept, so the memo never holds a credential; long texts are not kept, to bound memory.
 */
const CLEAN_MEMO_SIZE = 8192
const CLEAN_MEMO_MAX_LENGTH = 512

export class Redactor {
  readonly summary: RedactionConfig['summary']
  private readonly keyPatterns: RegExp[]
  private readonly allowed: Set<string>
  private readonly policy: TextPolicy
  private readonly blockedMemo = new Map<string, boolean>()
  private readonly keyMemo = new Map<string, { text: string; rules: RedactionRule[] }>()
  private readonly clean = new Set<string>()
  private field = ''
  private rules: RedactionRule[] | undefined
  private readonly maskedFields = new Set<string>()
  private readonly sink: MaskSink = (rule) => {
    this.rules?.push(rule)
    this.note(this.field, rule)
  }

  constructor(config: RedactionConfig = RedactionConfigSchema.parse({}), private readonly listener?: RedactionListener) {
    this.summary = config.summary
    this.keyPatterns = config.blockedKeyPatterns.map((source) => new RegExp(source, 'i'))
    this.allowed = new Set(config.allowedKeys.map((key) => key.toLowerCase()))
    const values = config.blockedValues.map((source) => `(?:${source})`).join('|')
    this.policy = {
      isBlockedKey: (key) => this.isBlockedKey(key),
      valuePattern: values === '' ? undefined : new RegExp(values, 'g'),
    }
  }

  /** Whether values under `key` are masked whole. */
  isBlockedKey(key: string): boolean {
    let blocked = this.blockedMemo.get(key)
    if (blocked === undefined) {
      blocked = !this.allowed.has(key.toLowerCase()) && this.keyPatterns.some((re) => re.test(key))
      if (this.blockedMemo.size >= KEY_MEMO_SIZE) this.blockedMemo.clear()
      this.blockedMemo.set(key, blocked)
    }
    return blocked
  }

  /** The stored form of a free-text field (`field` names it for the counter). */
  text(s: string, field: string): string {
    if (s.length < MIN_SCANNED_LENGTH || this.clean.has(s)) return s
    this.field = field
    for (const form of decodedVariants(s)) {
      // When the decoded form holds a credential, the decoded, masked form is stored: masking the
      // encoded text would leave pieces around each escape.
      const masked = maskPlain(form, this.policy, this.sink)
      if (masked !== form) return masked
    }
    const masked = maskPlain(s, this.policy, this.sink)
    if (masked === s && s.length <= CLEAN_MEMO_MAX_LENGTH) {
      if (this.clean.size >= CLEAN_MEMO_SIZE) this.clean.clear()
      this.clean.add(s)
    }
    return masked
  }

  /** The stored form of an attribute key: keys are text too (a token used as a key). */
  key(key: string): string {
    let memo = this.keyMemo.get(key)
    if (memo === undefined) {
      this.rules = []
      const text = this.text(key, 'attribute_key')
      memo = { text, rules: this.rules }
      this.rules = undefined
      if (this.keyMemo.size >= KEY_MEMO_SIZE) this.keyMemo.clear()
      this.keyMemo.set(key, memo)
    } else {
      for (const rule of memo.rules) this.note('attribute_key', rule)
    }
    return memo.text
  }

  /**
   * The stored form of an attribute value already stringified. `field` is the key as stored
   * (`key(key)`): counters and summaries never see a raw key, which may itself be a token.
   */
  attribute(key: string, value: string, field: string): string {
    if (this.isBlockedKey(key)) {
      if (value === '') return ''
      this.note(field, 'key')
      return REDACTED
    }
    return this.text(value, field)
  }

  /** A masked copy of an AnyValue (the same object when nothing was masked). */
  value(key: string, v: AnyValue, field: string): AnyValue {
    if (typeof v === 'string') return this.attribute(key, v, field)
    if (v === null) return v
    if (this.isBlockedKey(key)) {
      this.note(field, 'key')
      return REDACTED
    }
    if (typeof v !== 'object') return v
    if (v instanceof Uint8Array) return this.bytes(v, field)
    if (Array.isArray(v)) {
      let changed = false
      const out = v.map((el) => {
        const masked = this.value(key, el, field)
        if (masked !== el) changed = true
        return masked
      })
      return changed ? out : v
    }
    let changed = false
    const kvlist: KeyValue[] = v.kvlist.map((kv) => {
      const k = this.key(kv.key)
      const value = this.value(kv.key, kv.value, k)
      if (k === kv.key && value === kv.value) return kv
      changed = true
      return { key: k, value }
    })
    return changed ? { kvlist } : v
  }

  /** Bytes holding text with a credential are masked whole; other bytes as their base64 text. */
  private bytes(v: Uint8Array, field: string): AnyValue {
    const buffer = Buffer.from(v.buffer, v.byteOffset, v.byteLength)
    const text = buffer.toString('utf8')
    if (this.text(text, field) !== text) return REDACTED
    const base64 = buffer.toString('base64')
    const masked = this.text(base64, field)
    return masked === base64 ? v : masked
  }

  /** Forget the fields masked so far (call before each record when a summary is configured). */
  startRecord(): void {
    this.maskedFields.clear()
  }

  /** Adds the configured summary attributes to a record's attributes. */
  summarize(attributes: Record<string, string>): void {
    if (this.summary === 'silent' || this.maskedFields.size === 0) return
    attributes[SUMMARY_COUNT_KEY] = String(this.maskedFields.size)
    if (this.summary === 'debug') attributes[SUMMARY_KEYS_KEY] = [...this.maskedFields].sort().join(',')
  }

  private note(field: string, rule: RedactionRule): void {
    if (this.summary !== 'silent') this.maskedFields.add(field)
    this.listener?.(field, rule)
  }
}

/** The default policy, for callers without a configuration (benchmarks, tests). */
export const DEFAULT_REDACTOR = new Redactor()

/** Free text through the default policy. */
export function redactText(s: string): string {
  return DEFAULT_REDACTOR.text(s, 'text')
}
