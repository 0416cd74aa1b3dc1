import { CallsPageSchema, toCsv, type CallSummary } from '@claimcheck/shared'
import { getJson, type QueryValue } from '../api/client.ts'
import { PATHS } from '../api/params.ts'
import type { CallColumn } from './columns.tsx'

/** Most rows a CSV export fetches: past this, use the Query page (SQL) instead. */
export const EXPORT_MAX_ROWS = 10_000

/** Every matching call (up to `EXPORT_MAX_ROWS`), page by page. */
export async function fetchAllCalls(params: Record<string, QueryValue>, signal?: AbortSignal): Promise<{ calls: CallSummary[]; truncated: boolean }> {
  const calls: CallSummary[] = []
  let cursor: string | undefined
  do {
    const page = await getJson(PATHS.calls, { ...params, limit: 500, cursor }, CallsPageSchema, signal)
    calls.push(...page.calls)
    cursor = page.nextCursor ?? undefined
  } while (cursor && calls.length < EXPORT_MAX_ROWS)
  return { calls: calls.slice(0, EXPORT_MAX_ROWS), truncated: Boolean(cursor) || calls.length > EXPORT_MAX_ROWS }
}

export function callsToCsv(calls: readonly CallSummary[], columns: readonly CallColumn[]): string {
  return toCsv(
    columns.map((c) => c.label),
    calls.map((call) => columns.map((c) => c.text(call))),
  )
}
