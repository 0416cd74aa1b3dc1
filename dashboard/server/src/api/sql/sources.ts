import { filteredDimensions, TABLES, type Dimension, type Filters, type SourceTable } from '@claimcheck/shared'
import { ident, sql, type Fragment } from '@claimcheck/shared/node'

/** The column each dimension reads, in every table that has it. */
export const DIMENSION_COLUMNS: Record<Dimension, string> = {
  service: 'ServiceName',
  route: 'Route',
  method: 'Method',
  status: 'StatusCode',
  cause: 'Cause',
  causeDetail: 'CauseDetail',
  subject: 'Subject',
  issuer: 'Issuer',
  client: 'ClientId',
  tenant: 'Tenant',
  kid: 'TokenKeyId',
  message: 'ErrorMessage',
}

/** How to count calls, sum durations, count subjects and bucket time in one source table. */
export interface Source {
  table: SourceTable
  dimensions: ReadonlySet<Dimension>
  /** Seconds since the epoch of the row's time, for bucketing. */
  epochSeconds: Fragment
  calls: Fragment
  /** Calls among the rows matching `condition`. */
  callsIf(condition: Fragment): Fragment
  /** Calls one row stands for: 1 in the raw table, `Calls` in a rollup. */
  weight: Fragment
  /** `uniq` of subjects, for the rows matching `condition`. */
  subjectsIf(condition: Fragment): Fragment
  /** True for the raw table: row-level questions (lists, subjects, messages) need it. */
  raw: boolean
  /** Holds failed calls only: it can rank and count failures, never total calls. */
  failuresOnly: boolean
}

/** A per-minute rollup: `Calls` per row, counted subjects as its `Subjects` states or its `Subject` column. */
function rollupSource(table: SourceTable, dimensions: Dimension[], options: { subjects: 'states' | 'column'; failuresOnly?: boolean }): Source {
  return {
    table,
    dimensions: new Set(dimensions),
    epochSeconds: sql`toUnixTimestamp(${ident('Minute')})`,
    calls: sql`sum(${ident('Calls')})`,
    callsIf: (condition) => sql`sumIf(${ident('Calls')}, ${condition})`,
    weight: sql`${ident('Calls')}`,
    subjectsIf: options.subjects === 'states'
      ? (condition) => sql`uniqMergeIf(${ident('Subjects')}, ${condition})`
      // One row per subject and minute: plain uniq over far fewer rows than merging per-minute states.
      : (condition) => sql`uniqIf(${ident('Subject')}, ${condition})`,
    raw: false,
    failuresOnly: options.failuresOnly ?? false,
  }
}

export const SOURCES: Record<SourceTable, Source> = {
  gateway_calls: {
    table: TABLES.calls,
    dimensions: new Set(Object.keys(DIMENSION_COLUMNS) as Dimension[]),
    epochSeconds: sql`toUnixTimestamp(${ident('Timestamp')})`,
    calls: sql`count()`,
    callsIf: (condition) => sql`countIf(${condition})`,
    weight: sql`toUInt64(1)`,
    subjectsIf: (condition) => sql`uniqIf(${ident('Subject')}, ${condition})`,
    raw: true,
    failuresOnly: false,
  },
  gateway_calls_1m: rollupSource(TABLES.callsRollup, ['service', 'route', 'method', 'status', 'cause', 'causeDetail'], { subjects: 'states' }),
  gateway_principals_1m: rollupSource(TABLES.principalsRollup, ['service', 'cause', 'causeDetail', 'issuer', 'client', 'tenant'], { subjects: 'states' }),
  gateway_subject_failures_1m: rollupSource(TABLES.subjectFailuresRollup, ['service', 'route', 'cause', 'causeDetail', 'subject'], { subjects: 'column', failuresOnly: true }),
}

/** What is being asked. Row-level questions always read the raw table. */
export type Question =
  | { kind: 'summary' | 'timeseries' }
  /** Ranking a dimension; by failures a failures-only rollup can answer it. */
  | { kind: 'top'; dimension: Dimension; metric?: 'failures' | 'calls' }
  /** Distinct failing subjects per cause. */
  | { kind: 'failingSubjects' }
  | { kind: 'calls' | 'subject' | 'unclassified' }

export interface SourceChoice {
  source: Source
  reason: string
}

/** Rollups in order of preference: the call rollup is smaller per question that both can answer. */
const ROLLUPS = [SOURCES.gateway_calls_1m, SOURCES.gateway_principals_1m, SOURCES.gateway_subject_failures_1m]
/** For distinct subjects the failing-subjects rollup comes first: counting its rows beats merging uniq states. */
const SUBJECT_ROLLUPS = [SOURCES.gateway_subject_failures_1m, SOURCES.gateway_calls_1m, SOURCES.gateway_principals_1m]

/** Whether a failures-only rollup can answer the question: it knows nothing of successful calls. */
function asksOnlyFailures(question: Question): boolean {
  return question.kind === 'failingSubjects' || (question.kind === 'top' && question.metric === 'failures')
}

/**
 * Which table answers `question` under `filters`: the first rollup holding every dimension the
 * filters and the question touch, else the raw `gateway_calls`. Rollups are per minute and the
 * API's ranges are whole minutes, so both give the same numbers; rollups read far fewer rows.
 */
export function chooseSource(filters: Pick<Filters, 'source'> & Partial<Filters>, question: Question): SourceChoice {
  const raw = SOURCES.gateway_calls
  if (question.kind === 'calls' || question.kind === 'subject' || question.kind === 'unclassified') {
    return { source: raw, reason: `${question.kind} needs individual calls` }
  }
  if (filters.source === 'raw') return { source: raw, reason: 'source=raw requested' }
  const needed = new Set(filteredDimensions(completeFilters(filters)))
  if (question.kind === 'top') needed.add(question.dimension)
  const candidates = (question.kind === 'failingSubjects' ? SUBJECT_ROLLUPS : ROLLUPS).filter((rollup) => !rollup.failuresOnly || asksOnlyFailures(question))
  for (const rollup of candidates) {
    if ([...needed].every((dimension) => rollup.dimensions.has(dimension))) {
      const by = needed.size ? ` has ${[...needed].join(', ')}` : ' answers unfiltered totals'
      return { source: rollup, reason: `per-minute rollup${by}` }
    }
  }
  const missing = [...needed].filter((dimension) => !candidates.some((rollup) => rollup.dimensions.has(dimension)))
  const why = missing.length ? `no rollup has ${missing.join(', ')}` : `no single rollup has ${[...needed].join(' and ')}`
  return { source: raw, reason: why }
}

function completeFilters(filters: Partial<Filters>): Filters {
  const empty = { service: [], route: [], method: [], status: [], cause: [], causeDetail: [], subject: [], issuer: [], client: [], tenant: [], kid: [] }
  return { ...empty, source: 'auto', ...filters } as Filters
}
