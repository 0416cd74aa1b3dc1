import type { Dimension } from '@claimcheck/shared'
import { useTop } from '../api/overview.ts'
import type { ResolvedRange } from '../lib/time.ts'
import type { FilterKey, Filters } from '../lib/view-state.ts'
import { Panel } from './Panel.tsx'
import { QueryView, Skeleton } from './States.tsx'
import { TopTable } from './TopTable.tsx'

/** A "top N" panel for one dimension: fetches, and turns a click into a filter. */
export function TopPanel({ title, dimension, filterKey, filters, range, onFilter, color, mono, limit = 8 }: {
  title: string
  dimension: Dimension
  filterKey: FilterKey
  filters: Filters
  range: ResolvedRange
  onFilter: (key: FilterKey, value: string) => void
  color?: string
  mono?: boolean
  limit?: number
}) {
  const query = useTop(dimension, filters, range, { limit })
  return (
    <Panel title={title} actions={query.data ? <span>{query.data.total.toLocaleString('en')} failures</span> : null} className="top-panel">
      <QueryView query={query} compact loading={<Skeleton height={limit * 26} label={`Loading ${title.toLowerCase()}`} />}>
        {(data) => (
          <TopTable
            title={title}
            rows={data.items.map((item) => ({ value: item.value, count: item.failures, calls: item.calls }))}
            onSelect={(value) => onFilter(filterKey, value)}
            color={color}
            mono={mono}
          />
        )}
      </QueryView>
    </Panel>
  )
}
