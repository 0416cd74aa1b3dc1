import type { CallFacts } from '@claimcheck/shared'
import { parseWwwAuthenticate, type WwwAuthenticate } from '../www-authenticate.ts'

/**
 * Finds a call's error text wherever the source put it: the message (log body, exception or
 * status message), exception attributes, any attribute whose key looks like an error, response
 * headers recorded as attributes, JSON bodies of the common shapes (`error`, `error_description`,
 * `message`, `detail`, `code`, `errors[].message`, `errors[].extensions.code`, `fault.faultstring`,
 * `fault.detail.errorcode`, nested a few levels) and RFC 6750 challenges in any of them.
 */

export interface EvidenceText {
  /** Where the text was found, e.g. `message`, `exception.type`, `body.errors[0].message`. */
  source: string
  text: string
  /** Found in a GraphQL `errors[]` entry or a challenge's error: an auth failure at any status. */
  failure: boolean
}

export interface Evidence {
  texts: EvidenceText[]
  /** Short code-like values (`user_not_found`, `invalid-jwt`, `IDX10223`) from code fields. */
  codes: string[]
  challenge: WwwAuthenticate | undefined
  challengeSource: string
}

/** Keys whose value is an error text or code (matched on the last segment of a dotted key). */
const ERROR_KEY = /(^|[._-])(error|errors|err|exception|fault|reason|detail|details|message|msg|description|faultstring|faultcode|errorcode|errormessage|status_message|status_description|code|title|cause|type|name)$/i
/** Keys that look like errors but are not: statuses, source-code locations, stacks. */
const NOT_ERROR_KEY = /(^|\.)(code\.[a-z]+|[a-z_.]*status_code|exception\.stacktrace|exception\.escaped|otel\.status_code|[a-z_.]*\.type_name|rpc\.[a-z_.]+)$|^(service|telemetry|host|os|process|k8s|cloud|container|deployment|url|server|client|network|user_agent|http\.request)\./i
/** JSON fields whose string value is an error text or code; others are walked into or skipped. */
const TEXT_FIELDS = new Set(['error', 'error_description', 'errordescription', 'message', 'msg', 'detail', 'details', 'reason', 'description',
  'title', 'faultstring', 'errormessage', 'error_message', 'cause', 'hint', 'error_msg', 'statusmessage', 'status_message'])
const CODE_FIELDS = new Set(['code', 'error_code', 'errorcode', 'faultcode', 'type', 'name', 'status', 'error_type', 'errortype', 'reason'])
/** Containers that hold successful payloads, never errors. */
const SKIP_FIELDS = new Set(['data', 'payload', 'result', 'results', 'items', 'claims', 'headers', 'request'])
const CHALLENGE_KEY = /www[-_]authenticate$/i
const CHALLENGE_IN_TEXT = /\b(Bearer|DPoP)\s+(?:realm="[^"]*",?\s*)?[A-Za-z_]+="/
const CODE_LIKE = /^[A-Za-z][A-Za-z0-9_./:-]{1,63}$/
const MAX_DEPTH = 4
const MAX_ARRAY = 5
const MAX_VALUE = 4096

const keyVerdicts = new Map<string, boolean>()

/** Whether an attribute key names an error text or code; cached, since keys repeat across calls. */
export function isErrorKey(key: string): boolean {
  let verdict = keyVerdicts.get(key)
  if (verdict === undefined) {
    verdict = ERROR_KEY.test(key) && !NOT_ERROR_KEY.test(key)
    if (keyVerdicts.size < 4096) keyVerdicts.set(key, verdict)
  }
  return verdict
}

class Collector {
  readonly texts: EvidenceText[] = []
  readonly codes: string[] = []
  private readonly seen = new Set<string>()
  challenge: WwwAuthenticate | undefined
  challengeSource = ''

  /** A collector that starts with what `base` found (base itself is never changed). */
  static from(base: Evidence): Collector {
    const c = new Collector()
    for (const t of base.texts) {
      c.texts.push(t)
      c.seen.add(t.text)
    }
    c.codes.push(...base.codes)
    c.challenge = base.challenge
    c.challengeSource = base.challengeSource
    return c
  }

  result(): Evidence {
    return { texts: this.texts, codes: this.codes, challenge: this.challenge, challengeSource: this.challengeSource }
  }

  addText(source: string, text: string, failure = false): void {
    const t = text.length > MAX_VALUE ? text.slice(0, MAX_VALUE) : text
    if (t.trim() === '' || this.seen.has(t)) return
    this.seen.add(t)
    this.texts.push({ source, text: t, failure })
    if (!this.challenge && CHALLENGE_IN_TEXT.test(t)) this.addChallenge(source, t.slice(t.search(CHALLENGE_IN_TEXT)))
  }

  addCode(value: string): void {
    if (CODE_LIKE.test(value) && !this.codes.includes(value)) this.codes.push(value)
  }

  addChallenge(source: string, raw: string): void {
    if (this.challenge) return
    const parsed = parseWwwAuthenticate(raw)
    if (!parsed || (!parsed.scheme && Object.keys(parsed.params).length === 0)) return
    this.challenge = parsed
    this.challengeSource = source
    const { error, error_description: description } = parsed.params
    if (error) this.addCode(error)
    if (description) this.addText(`${source} error_description`, description, error !== undefined)
  }

  /** A text that may itself be JSON (a body logged as a string): walked when it is. */
  addValue(source: string, value: string, isCodeField: boolean): void {
    const first = firstNonSpace(value)
    if (first === 123 || first === 91) {
      const parsed = parseJson(value)
      if (parsed !== undefined) {
        this.walk(source, parsed, 0, false)
        return
      }
    }
    if (isCodeField) this.addCode(value)
    this.addText(source, value)
  }

  walk(path: string, value: unknown, depth: number, inErrors: boolean): void {
    if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return
    if (Array.isArray(value)) {
      value.slice(0, MAX_ARRAY).forEach((item, i) => {
        if (typeof item === 'string') this.addText(`${path}[${i}]`, item, inErrors)
        else this.walk(`${path}[${i}]`, item, depth + 1, inErrors)
      })
      return
    }
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      const lower = key.toLowerCase()
      const at = path ? `${path}.${key}` : key
      if (typeof v === 'string' || typeof v === 'number') {
        const text = String(v)
        if (CODE_FIELDS.has(lower)) this.addCode(text)
        if (TEXT_FIELDS.has(lower) || (CODE_FIELDS.has(lower) && typeof v === 'string')) this.addText(at, text, inErrors)
        else if (CHALLENGE_KEY.test(key) && typeof v === 'string') this.addChallenge(at, v)
      } else if (v && typeof v === 'object' && !SKIP_FIELDS.has(lower)) {
        this.walk(at, v, depth + 1, inErrors || lower === 'errors')
      }
    }
  }
}

function firstNonSpace(s: string): number {
  let i = 0
  while (i < s.length && s.charCodeAt(i) <= 32) i++
  return i < s.length ? s.charCodeAt(i) : 0
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

/** An object embedded in a text (`401 Unauthorized: {"error":…}`), when the text holds one. */
function embeddedJson(text: string): unknown {
  const open = text.indexOf('{')
  const close = text.lastIndexOf('}')
  if (open <= 0 || close <= open) return undefined
  return parseJson(text.slice(open, close + 1))
}

const enum KeyKind { None, Challenge, Error, ErrorCode, Body }
const keyKinds = new Map<string, KeyKind>()
const CODE_KEY = /(^|[._])(code|type|name|errorcode|faultcode)$/i
const BODY_KEY = /(^|[._])body$/i

/** How an attribute key is read; cached, since the same keys repeat on every call. */
function kindOf(key: string): KeyKind {
  let kind = keyKinds.get(key)
  if (kind === undefined) {
    kind = CHALLENGE_KEY.test(key) ? KeyKind.Challenge
      : isErrorKey(key) ? (CODE_KEY.test(key) ? KeyKind.ErrorCode : KeyKind.Error)
        : BODY_KEY.test(key) ? KeyKind.Body : KeyKind.None
    if (keyKinds.size < 4096) keyKinds.set(key, kind)
  }
  return kind
}

function fromMessage(c: Collector, message: string): void {
  if (!message) return
  const first = firstNonSpace(message)
  const body = first === 123 || first === 91 ? parseJson(message) : undefined
  if (body !== undefined && typeof body === 'object') {
    c.walk('body', body, 0, false)
  } else {
    c.addText('message', message)
    const inner = message.includes('{') ? embeddedJson(message) : undefined
    if (inner && typeof inner === 'object') c.walk('body', inner, 0, false)
  }
}

const MAX_MEMO_ENTRIES = 4096
const MAX_MEMO_MESSAGE = 4096

/**
 * What a message holds depends on the message alone, and gateways repeat a few messages: a memo
 * (given by the classifier, absent when memoisation is off) keeps the parse of each distinct one.
 */
export type MessageEvidenceMemo = Map<string, Evidence>

export function gatherEvidence(facts: CallFacts, memo?: MessageEvidenceMemo): Evidence {
  const message = facts.message
  let base = memo?.get(message)
  if (!base) {
    const c = new Collector()
    fromMessage(c, message)
    base = c.result()
    if (memo && message.length <= MAX_MEMO_MESSAGE) {
      if (memo.size >= MAX_MEMO_ENTRIES) memo.clear()
      memo.set(message, base)
    }
  }
  let c: Collector | undefined
  const attributes = facts.attributes
  for (const key in attributes) {
    const value = attributes[key]
    if (!value) continue
    const kind = kindOf(key)
    if (kind === KeyKind.None) continue
    c ??= Collector.from(base)
    if (kind === KeyKind.Challenge) c.addChallenge(key, value)
    else c.addValue(key, value, kind === KeyKind.ErrorCode)
  }
  return c ? c.result() : base
}
