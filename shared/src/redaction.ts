import { z } from 'zod'

/**
 * The one placeholder vocabulary for masked text, wherever claimcheck masks something (stored
 * rows, evidence snippets, demo data, configuration and URLs shown or logged): a JWT keeps the
 * fact that a token was there, anything else is a plain `[REDACTED]`.
 */
export const REDACTED = '[REDACTED]'
export const REDACTED_JWT = '[REDACTED JWT]'
/** Every placeholder: configuration secrets and URL credentials shown or logged use `REDACTED` too. */
export const REDACTION_PLACEHOLDERS = [REDACTED, REDACTED_JWT] as const

/** `[REDACTED`: the opening every placeholder shares (a test holds them to it). */
export const PLACEHOLDER_OPENING = REDACTED.slice(0, -1)

/** Whether `value` (or a JSON string of it, leading quote included) is already masked: never mask a placeholder again. */
export function startsWithPlaceholder(value: string): boolean {
  const text = value.startsWith('"') ? value.slice(1) : value
  // By their shared opening: a `key=value` scanner stops a value at the space of `[REDACTED JWT]`.
  return text.startsWith(PLACEHOLDER_OPENING)
}

/**
 * Attribute keys whose whole value is a credential (case-insensitive regular expressions, like the
 * OpenTelemetry Collector redaction processor's `blocked_key_patterns`). They are also applied to
 * keys found inside text: `key=value` (query strings, logfmt, trace state), `"key": "value"` (JSON
 * bodies) and `Key: value` (header dumps).
 */
export const DEFAULT_BLOCKED_KEY_PATTERNS = [
  'authorization$',
  'cookie$',
  '(^|[^a-z])(x[-_.])?api[-_.]?key$',
  '(^|[^a-z])((access|id|refresh|session|auth|bearer|csrf|xsrf|security|subject)[-_.]?)?token$',
  '(^|[^a-z])(password|passwd|pwd|passphrase)$',
  'secret$',
  '(^|[^a-z])(private|signing|encryption)[-_.]?key$',
  '(^|[^a-z])(session[-_.]?id|jsessionid|phpsessid|sid)$',
  '(^|[^a-z])(x-amz-)?(signature|credential|credentials)$',
  '(^|[^a-z])(client[-_.])?assertion$',
] as const

/**
 * Well-known credential formats masked wherever they appear (regular expressions, case-sensitive,
 * like the processor's `blocked_values`). JWTs, `Authorization` schemes, URL user-info, blocked
 * keys inside text and opaque high-entropy strings are detected by built-in detectors on top.
 */
export const DEFAULT_BLOCKED_VALUES = [
  // PEM private keys, whole block.
  '-----BEGIN [A-Z ]*PRIVATE KEY-----[\\s\\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)',
  // AWS access key ids.
  '\\b(AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|APKA)[A-Z0-9]{16}\\b',
  // GitHub tokens (classic and fine-grained).
  '\\b(gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\\b',
  // Slack tokens.
  '\\bxox[abposr]-[A-Za-z0-9-]{10,}',
  // Google API keys.
  '\\bAIza[0-9A-Za-z_-]{35}\\b',
  // Stripe and OpenAI-style secret keys.
  '\\b(sk|rk)_(live|test)_[0-9A-Za-z]{16,}\\b',
  '\\bsk-[A-Za-z0-9_-]{20,}\\b',
] as const

const pattern = (flags: string) => z.string().min(1).superRefine((source, ctx) => {
  try {
    new RegExp(source, flags)
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `not a valid regular expression: ${(error as Error).message}` })
  }
})

export const RedactionConfigSchema = z.object({
  /**
   * Keys whose values are masked whole: case-insensitive regular expressions on attribute keys
   * (resource, scope, record, span, event, link and kvlist keys). Default DEFAULT_BLOCKED_KEY_PATTERNS;
   * setting the list replaces the defaults.
   */
  blockedKeyPatterns: z.array(pattern('i')).default([...DEFAULT_BLOCKED_KEY_PATTERNS]),
  /** Regular expressions whose matches are masked in every stored string. Default DEFAULT_BLOCKED_VALUES. */
  blockedValues: z.array(pattern('g')).default([...DEFAULT_BLOCKED_VALUES]),
  /**
   * Keys exempt from `blockedKeyPatterns` (exact, case-insensitive). Their values still go
   * through the value detectors, so a token inside them is masked all the same. Default none.
   */
  allowedKeys: z.array(z.string().min(1)).default([]),
  /**
   * `silent` (default) adds nothing; `info` adds `redaction.masked.count` to the attributes of a
   * record that had something masked; `debug` also adds `redaction.masked.keys` (the fields, sorted).
   */
  summary: z.enum(['silent', 'info', 'debug']).default('silent'),
})
export type RedactionConfig = z.infer<typeof RedactionConfigSchema>
