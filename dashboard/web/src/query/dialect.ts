import { SQLDialect, type SQLNamespace } from '@codemirror/lang-sql'

/** SQL plus the ClickHouse words users type most; backticks and double quotes quote identifiers. */
export const ClickHouseSQL = SQLDialect.define({
  // A dialect's keywords replace the default list: name the standard ones too.
  keywords:
    'select from where and or not in is null as asc desc by group order having limit offset join inner left right full outer cross on using union all distinct case when then else end between like ilike exists with insert into values create table view alter drop show describe explain interval prewhere final settings format array global any asof sample fill totals rollup cube if true false',
  builtin:
    'count countIf sum sumIf avg min max uniq uniqExact quantile quantiles argMax argMin groupArray any anyLast toStartOfMinute toStartOfFiveMinutes toStartOfHour toStartOfDay toStartOfInterval toDate toDateTime now today yesterday toUnixTimestamp formatDateTime lower upper position positionCaseInsensitive match extract like has hasAny mapKeys mapValues arrayJoin length if multiIf round toString toUInt64 toInt64 coalesce',
  types: `UInt8 UInt16 UInt32 UInt64 Int8 Int16 Int32 Int64 Float32 Float64 String DateTime DateTime64 Date LowCardinality Nullable Array Map`,
  identifierQuotes: '`"',
  caseInsensitiveIdentifiers: true,
  backslashEscapes: true,
})

/** `system.columns` rows → the completion schema: table → columns (with their types as detail). */
export function toCompletionSchema(rows: readonly (readonly unknown[])[]): SQLNamespace {
  const schema: Record<string, { label: string; type: string; detail: string }[]> = {}
  for (const [table, name, type] of rows) {
    const key = String(table)
    ;(schema[key] ??= []).push({ label: String(name), type: 'property', detail: String(type) })
  }
  return schema
}
