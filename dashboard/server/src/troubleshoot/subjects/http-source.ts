import type { z } from 'zod'
import { maskUrl, outboundRefusal, type HttpSubjectSourceSchema, type OutboundConfig } from '@claimcheck/shared'
import { StartupError } from '@claimcheck/shared/node'
import { NOT_FOUND, SourceUnavailableError, toAnswer, type SourceAnswer } from './record.ts'
import type { SubjectSource } from './source.ts'

type HttpSourceConfig = z.infer<typeof HttpSubjectSourceSchema>

/** 410 Gone: the API knows the user existed and was removed, not when. */
const GONE: SourceAnswer = Object.freeze({ found: true, state: 'deleted', deletedAt: null, tenant: null })

/** The template with `{sub}` URL-encoded, so a sub cannot add path segments or a query. */
export function subjectUrl(template: string, subject: string): string {
  return template.replaceAll('{sub}', encodeURIComponent(subject))
}

/** Why a request failed, for people: no URL (it may carry a key), no headers. */
function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `timed out after ${timeoutMs} ms`
  const cause = (error as { cause?: { code?: unknown; message?: unknown } })?.cause
  if (typeof cause?.code === 'string') return `cannot connect (${cause.code})`
  return typeof cause?.message === 'string' ? `request failed (${cause.message.slice(0, 100)})` : 'request failed'
}

/**
 * A user API answering `GET <template with sub>`: 200 with the user as JSON (or a one-element
 * array, or null / [] for nobody), 404 not found, 410 deleted. Anything else (a redirect too), a
 * timeout or a body that is not JSON makes the directory unavailable for this answer.
 */
export function createHttpSource(config: HttpSourceConfig, fetchImpl: typeof fetch = fetch, outbound?: OutboundConfig): SubjectSource {
  const refused = outbound && outboundRefusal(config.url, outbound)
  if (refused) throw new StartupError(`troubleshoot.subjects.url: ${refused}`)
  const host = new URL(config.url.replaceAll('{sub}', 'sub')).host
  const headers: Record<string, string> = { accept: 'application/json', ...config.headers }
  if (config.bearerToken) headers.authorization = `Bearer ${config.bearerToken}`
  return {
    kind: 'http',
    // Shown in the dashboard and logs: never with its user-info or query-string keys.
    target: maskUrl(config.url),
    async lookup(subject): Promise<SourceAnswer> {
      let response: Response
      try {
        // Redirects are not followed: they would carry the API key headers to wherever they point.
        response = await fetchImpl(subjectUrl(config.url, subject), { headers, redirect: 'manual', signal: AbortSignal.timeout(config.timeoutMs) })
      } catch (error) {
        throw new SourceUnavailableError(`${host}: ${describeFailure(error, config.timeoutMs)}`)
      }
      if (!response.ok) {
        await response.body?.cancel()
        if (response.status === 404) return NOT_FOUND
        if (response.status === 410) return GONE
        const redirected = response.status >= 300 && response.status < 400
        throw new SourceUnavailableError(`${host}: HTTP ${response.status}${redirected ? ' (a redirect, not followed)' : ''}`)
      }
      let body: unknown
      try {
        body = await response.json()
      } catch {
        throw new SourceUnavailableError(`${host}: the answer is not JSON`)
      }
      const record = Array.isArray(body) ? body[0] : body
      if (record === null || record === undefined) return NOT_FOUND
      if (typeof record !== 'object' || Array.isArray(record)) throw new SourceUnavailableError(`${host}: expected a JSON object`)
      return toAnswer(record as Record<string, unknown>, config.fields)
    },
  }
}
