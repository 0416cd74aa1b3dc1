import { backoffDelay, notifierUrls, outboundRefusal, type Notifier, type OutboundConfig } from '@claimcheck/shared'
import { toAlertmanagerAlerts, toSlackMessage, toWebhookV4, type AlertNotice } from './engine/payloads.ts'

/** Sends one notification to one notifier, retrying transient failures with capped, jittered backoff. */

export interface DeliveryOptions {
  maxAttempts: number
  initialBackoffMs: number
  maxBackoffMs: number
  timeoutMs: number
  /** Dashboard base URL, the webhook v4 `externalURL`. */
  externalUrl: string
  /** Injected so tests need not wait out real backoff. */
  sleep?: (ms: number) => Promise<void>
  /** The jitter's source, as Math.random (the default). */
  random?: () => number
  /** Where notifications may go (`outbound`); a refused URL fails without a request. Default: any http(s) URL. */
  outbound?: OutboundConfig
}

export interface DeliveryResult {
  ok: boolean
  attempts: number
  /** Last HTTP status, 0 when no response came. */
  httpStatus: number
  error: string
}

export interface DeliveryRequest {
  notifier: Notifier
  notice: AlertNotice
  /** Group label names of the rule (webhook v4 `groupLabels`). */
  groupLabelNames: readonly string[]
  /** Re-send interval of this notifier: a firing Alertmanager alert's `endsAt` lies four of them ahead. */
  repeatIntervalMs: number
  /** Send time, epoch ms (the evaluation's clock). */
  now: number
}

/** URLs and JSON body for a notifier kind. */
export function requestFor({ notifier, notice, groupLabelNames, repeatIntervalMs, now }: DeliveryRequest, externalUrl: string): { urls: string[]; body: unknown } {
  const urls = notifierUrls(notifier)
  switch (notifier.kind) {
    case 'alertmanager': {
      const endpoint = (url: string) => {
        const base = url.replace(/\/+$/, '')
        return base.endsWith('/api/v2/alerts') ? base : `${base}/api/v2/alerts`
      }
      return { urls: urls.map(endpoint), body: toAlertmanagerAlerts(notice, now + 4 * repeatIntervalMs) }
    }
    case 'slack':
      return { urls, body: toSlackMessage(notice) }
    case 'webhook':
      return { urls, body: toWebhookV4(notice, notifier.name, externalUrl, groupLabelNames) }
  }
}

const sleepReal = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** 408, 429 and 5xx are worth retrying; any other 4xx will not get better. */
function retryable(status: number): boolean {
  return status === 0 || status === 408 || status === 429 || status >= 500
}

/**
 * Sends to every URL of the notifier at once (both members of an Alertmanager HA pair, as
 * Prometheus does); delivered when at least one accepted. The result names each URL that failed.
 */
export async function deliver(request: DeliveryRequest, options: DeliveryOptions): Promise<DeliveryResult> {
  const { urls, body } = requestFor(request, options.externalUrl)
  const payload = JSON.stringify(body)
  const results = await Promise.all(urls.map((url) => deliverTo(url, payload, request, options)))
  if (results.length === 1) return results[0]!
  const ok = results.some((r) => r.ok)
  const failed = results.map((r, i) => ({ r, url: new URL(urls[i]!).host })).filter(({ r }) => !r.ok)
  return {
    ok,
    attempts: Math.max(...results.map((r) => r.attempts)),
    httpStatus: (results.find((r) => r.ok) ?? results[0]!).httpStatus,
    error: failed.map(({ r, url }) => `${url}: ${r.error}`).join('; '),
  }
}

async function deliverTo(url: string, payload: string, request: DeliveryRequest, options: DeliveryOptions): Promise<DeliveryResult> {
  const refused = outboundRefusal(url, options.outbound ?? { schemes: ['https', 'http'], hosts: [] })
  if (refused) return { ok: false, attempts: 0, httpStatus: 0, error: `not sent: ${refused}` }
  const sleep = options.sleep ?? sleepReal
  let last: DeliveryResult = { ok: false, attempts: 0, httpStatus: 0, error: '' }
  for (let attempt = 1; attempt <= options.maxAttempts; attempt++) {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'claimcheck-alerts', ...request.notifier.headers },
        body: payload,
        // Never followed: a redirect would carry the notifier's headers (tokens) wherever it points.
        redirect: 'manual',
        signal: AbortSignal.timeout(options.timeoutMs),
      })
      const text = await response.text().catch(() => '')
      if (response.ok) return { ok: true, attempts: attempt, httpStatus: response.status, error: '' }
      const redirected = response.status >= 300 && response.status < 400 ? ' (a redirect, not followed)' : ''
      last = { ok: false, attempts: attempt, httpStatus: response.status, error: `HTTP ${response.status}${redirected}${text && !redirected ? `: ${text.slice(0, 200)}` : ''}` }
      if (!retryable(response.status)) return last
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause
      last = { ok: false, attempts: attempt, httpStatus: 0, error: cause?.code ?? cause?.message ?? (error as Error).message }
    }
    if (attempt < options.maxAttempts) await sleep(backoffDelay(attempt, { initialMs: options.initialBackoffMs, maxMs: options.maxBackoffMs }, options.random))
  }
  return last
}
