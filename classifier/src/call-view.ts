import { REDACTED, REDACTED_JWT, sliceWellFormed, toWellFormed, type CallFacts } from '@claimcheck/shared'
import { gatherEvidence, type Evidence, type MessageEvidenceMemo } from './evidence/gather.ts'
import { parseWwwAuthenticate, type WwwAuthenticate } from './www-authenticate.ts'

/**
 * What rules can read about one call, computed lazily and at most once per call: the raw
 * attributes, the JSON object a message may be, the parsed WWW-Authenticate challenge,
 * and canonical alias keys that gather one structured fact from the places gateways put it.
 */

/** OTel semconv response-header attribute (`http.response.header.<lowercase-name>`). */
export const WWW_AUTHENTICATE_ATTRIBUTE = 'http.response.header.www-authenticate'

/**
 * Canonical keys → where the fact may be found, first non-empty wins. A raw attribute with the
 * canonical name itself always comes first. docs/classification.md lists these.
 */
export const ATTRIBUTE_ALIASES: Readonly<Record<string, readonly string[]>> = {
  // Supabase Auth error_code, jose err.code, express-jwt err.code, PostgREST code: one namespace,
  // since the values do not collide and a body carries exactly one of them.
  error_code: ['supabase.error_code', 'jose.code', 'express_jwt.code', 'error.code', 'exception.code', 'body.error_code', 'body.code'],
  'jose.claim': ['error.claim', 'body.claim'],
  'jose.reason': ['error.reason', 'body.reason'],
  'error.type': ['exception.type', 'body.name'],
  'envoy.response_code_details': ['response_code_details', 'envoy.response_code_detail', 'response.code_details'],
  'apim.last_error.reason': ['apim.lasterror.reason', 'LastError.Reason', 'azure.apim.last_error.reason'],
  'aws.authorizer.error': ['authorizer.error', 'authorizerError', 'context.authorizer.error'],
}

/** Texts message conditions are tried on, in this order, after the call's message itself. */
export const EXTRA_TEXT_ATTRIBUTES = [
  'exception.message',
  'aws.authorizer.error',
  'authorizer.error',
  'apim.last_error.message',
] as const

const MAX_SCAN = 4096
const NO_CODES: readonly string[] = Object.freeze([])

/** What a deep reading adds: values for attribute conditions, texts for message conditions. */
export interface DeepInputs {
  values: boolean
  texts: boolean
}
const NOTHING_NEW: DeepInputs = Object.freeze({ values: false, texts: false })
const NO_EVIDENCE: Evidence = Object.freeze({ texts: [], codes: [], challenge: undefined, challengeSource: '' }) as Evidence
const RESPONSE_BODY_ATTRIBUTE = 'http.response.body'
/** Statuses whose calls are read deeply; 0 is "status unknown". */
const DEEP_STATUSES: ReadonlySet<number> = new Set([0, 400, 401, 403, 407])

export class CallView {
  readonly facts: CallFacts
  private bodyParsed = false
  private bodyObject: Record<string, unknown> | undefined
  private wwwParsed = false
  private www: WwwAuthenticate | undefined
  private textList: string[] | undefined
  private lowerList: string[] | undefined
  private gathered: Evidence | undefined
  private failureHint: boolean | undefined
  /**
   * Shallow first: rules read the call's own fields, which decides most calls cheaply. `deepen()`
   * then adds what the generic layer found anywhere in the call (more texts, codes, a challenge).
   */
  private deep = false

  /** Many calls carry no attributes of their own: skip every lookup for them. */
  private readonly noAttributes: boolean

  private readonly messageMemo: MessageEvidenceMemo | undefined

  constructor(facts: CallFacts, messageMemo?: MessageEvidenceMemo) {
    this.facts = facts
    this.messageMemo = messageMemo
    let empty = true
    for (const _ in facts.attributes) {
      empty = false
      break
    }
    this.noAttributes = empty
  }

  raw(key: string): string | undefined {
    if (this.noAttributes) return undefined
    const v = this.facts.attributes[key]
    return v === undefined || v === '' ? undefined : v
  }

  /** A top-level field (or `a.b`, one level down) of a JSON object message, as text. */
  body(field: string): string | undefined {
    if (!this.bodyParsed) {
      this.bodyParsed = true
      this.bodyObject = parseBody(this.facts.message)
    }
    const obj = this.bodyObject
    if (!obj) return undefined
    let v = obj[field]
    if (v === undefined) {
      const dot = field.indexOf('.')
      if (dot > 0) {
        const outer = obj[field.slice(0, dot)]
        if (outer && typeof outer === 'object' && !Array.isArray(outer)) v = (outer as Record<string, unknown>)[field.slice(dot + 1)]
      }
    }
    return textOf(v)
  }

  wwwAuthenticate(): WwwAuthenticate | undefined {
    if (!this.wwwParsed) {
      this.wwwParsed = true
      this.www = parseWwwAuthenticate(this.facts.attributes[WWW_AUTHENTICATE_ATTRIBUTE]) ?? (this.deep ? this.evidence().challenge : undefined)
    }
    return this.www
  }

  /** `scheme`, `present` ('1') or a lowercased challenge parameter such as `error`. */
  wwwField(field: string): string | undefined {
    const www = this.wwwAuthenticate()
    if (!www) return undefined
    if (field === 'present') return '1'
    if (field === 'scheme') return www.scheme || undefined
    const v = www.params[field]
    return v === undefined || v === '' ? undefined : v
  }

  /** The call's texts for message conditions: message, challenge description, error attributes. */
  texts(): string[] {
    if (this.textList) return this.textList
    const list: string[] = []
    if (this.facts.message) list.push(this.facts.message)
    const description = this.wwwField('error_description')
    if (description && !list.includes(description)) list.push(description)
    for (const key of EXTRA_TEXT_ATTRIBUTES) {
      const v = this.raw(key)
      if (v && !list.includes(v)) list.push(v)
    }
    // Deep: every error text found elsewhere (other attributes, JSON fields, exception types), so
    // a pack's wording matches wherever the source put it.
    if (this.deep) for (const { text } of this.evidence().texts) if (!list.includes(text)) list.push(text)
    this.textList = list
    return list
  }

  /**
   * Switches to deep reading and says what it adds to the shallow pass: values for attribute
   * conditions (codes, a challenge found elsewhere) and texts for message conditions. Rules need
   * not run again on inputs that did not change: they would decide the same.
   */
  deepen(): DeepInputs {
    if (this.deep) return NOTHING_NEW
    const shallowTexts = this.texts()
    const hadChallenge = this.wwwAuthenticate() !== undefined
    this.deep = true
    const evidence = this.evidence()
    if (evidence === NO_EVIDENCE) return NOTHING_NEW
    this.textList = undefined
    this.lowerList = undefined
    const challenge = !hadChallenge && evidence.challenge !== undefined
    if (challenge) this.wwwParsed = false
    return {
      values: evidence.codes.length > 0 || challenge,
      texts: challenge || evidence.texts.some(({ text }) => !shallowTexts.includes(text)),
    }
  }

  /**
   * Whether the call may have failed authentication: a refusal (or no status), or a GraphQL
   * `errors[]` at another status. Evidence is gathered only for such calls, so the successful
   * majority costs nothing extra.
   */
  mayHaveFailed(): boolean {
    if (this.failureHint === undefined) {
      const { statusCode, message } = this.facts
      // Refusals (and 400, RFC 6750's invalid_request) are read deeply. At other statuses only a
      // GraphQL errors[] can make the call an auth failure; there, the shallow pass already read
      // the call's own error fields (a 500 carrying `jose.code` still gets its cause).
      this.failureHint = DEEP_STATUSES.has(statusCode) || (message.length > 10 && message.includes('"errors"'))
        || (!this.noAttributes && (this.facts.attributes[RESPONSE_BODY_ATTRIBUTE]?.includes('"errors"') ?? false))
    }
    return this.failureHint
  }

  /** The error texts, codes and challenge found anywhere in the call (evidence/gather.ts). */
  evidence(): Evidence {
    this.gathered ??= this.mayHaveFailed() ? gatherEvidence(this.facts, this.messageMemo) : NO_EVIDENCE
    return this.gathered
  }

  /** Code-like values found in the call's JSON bodies and error attributes (deep reading only). */
  codes(): readonly string[] {
    return this.deep ? this.evidence().codes : NO_CODES
  }

  lowerTexts(): string[] {
    if (!this.lowerList) this.lowerList = this.texts().map((t) => (t.length > MAX_SCAN ? t.slice(0, MAX_SCAN) : t).toLowerCase())
    return this.lowerList
  }
}

/** Resolves a rule's attribute key against a view; chosen once, when the rule is compiled. */
export type AttributeResolver = (view: CallView) => string | undefined

export function resolverFor(key: string): AttributeResolver {
  if (key.startsWith('body.')) {
    const field = key.slice(5)
    return (view) => view.raw(key) ?? view.body(field)
  }
  if (key.startsWith('www_authenticate.')) {
    const field = key.slice('www_authenticate.'.length).toLowerCase()
    return (view) => view.raw(key) ?? view.wwwField(field)
  }
  const aliases = ATTRIBUTE_ALIASES[key]
  if (!aliases) return (view) => view.raw(key)
  const resolvers = aliases.map(resolverFor)
  return (view) => {
    const own = view.raw(key)
    if (own !== undefined) return own
    for (const resolve of resolvers) {
      const v = resolve(view)
      if (v !== undefined) return v
    }
    return undefined
  }
}

function textOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v === '' ? undefined : v
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  if (Array.isArray(v)) {
    const parts = v.filter((x) => typeof x === 'string' || typeof x === 'number')
    return parts.length ? parts.join(', ') : undefined
  }
  return undefined
}

function parseBody(message: string): Record<string, unknown> | undefined {
  // Cheap gate: only a message that is itself a JSON object is parsed.
  let i = 0
  while (i < message.length && message.charCodeAt(i) <= 32) i++
  if (message.charCodeAt(i) !== 123 /* { */) return undefined
  try {
    const parsed: unknown = JSON.parse(message)
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

const JWT_LIKE = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*\.?[A-Za-z0-9_-]*/g
const LONG_OPAQUE = /[A-Za-z0-9_+/=-]{40,}/g

/**
 * Makes a text safe and short for evidence: JWT-looking strings and long opaque runs (signatures,
 * API keys) are replaced, so a raw token never reaches the Evidence column.
 */
/** Whether a text may hold a token or odd whitespace: one linear pass (a regex would backtrack). */
function needsCleaning(text: string): boolean {
  if (text.includes('eyJ')) return true
  let run = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 9 || c === 10 || c === 13 || (c === 32 && text.charCodeAt(i + 1) === 32)) return true
    const opaque = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 43 || c === 47 || c === 61 || c === 45
    run = opaque ? run + 1 : 0
    if (run >= 40) return true
  }
  return false
}

export function safeSnippet(text: string, max = 100): string {
  // Most evidence is a short matched phrase: skip the replacements when there is nothing to clean.
  if (text.length <= max && !needsCleaning(text)) return toWellFormed(text.trim())
  // Cuts never split a surrogate pair: half of one would make the gateway_calls insert fail.
  let s = sliceWellFormed(text, 4 * max)
  s = s.replace(JWT_LIKE, REDACTED_JWT).replace(LONG_OPAQUE, REDACTED).replace(/\s+/g, ' ').trim()
  return toWellFormed(s.length > max ? `${sliceWellFormed(s, max - 1)}…` : s)
}
