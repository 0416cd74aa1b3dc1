// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createViewedBoundsFunc, generateRows, orderSpans } from './row-model.ts'
import { Waterfall, type DisplaySpan } from './Waterfall.tsx'

const T0 = 1_700_000_000_000
const span = (spanId: string, parentSpanId: string, start: number, duration: number, extra: Partial<DisplaySpan> = {}): DisplaySpan => ({
  spanId, parentSpanId, startMs: T0 + start, durationMs: duration, name: spanId, service: 'orders-gateway', isError: false, ...extra,
})

// A gateway call (root) → verify step and an upstream call → the upstream's own span.
const SPANS = [
  span('gateway', '', 0, 100, { name: 'GET /v1/orders', isCall: true }),
  span('upstream', 'gateway', 40, 50, { name: 'GET', service: 'orders-gateway' }),
  span('verify', 'gateway', 2, 20, { name: 'verify bearer token', isError: true }),
  span('orders-svc', 'upstream', 45, 40, { name: 'GET /internal/orders', service: 'orders-svc' }),
]

function draw(collapsed: ReadonlySet<string> = new Set(), view: [number, number] = [0, 1]) {
  const handlers = { onToggle: vi.fn(), onSelect: vi.fn(), onViewChange: vi.fn() }
  const rows = generateRows(orderSpans(SPANS), collapsed)
  render(
    <Waterfall
      rows={rows}
      viewedBounds={createViewedBoundsFunc({ min: T0, max: T0 + 100, viewStart: view[0], viewEnd: view[1] })}
      traceDurationMs={100}
      viewStart={view[0]}
      viewEnd={view[1]}
      collapsed={collapsed}
      selectedId="verify"
      {...handlers}
    />,
  )
  return handlers
}

const items = () => within(screen.getByRole('tree', { name: 'Trace waterfall' })).getAllByRole('treeitem')
const bar = (spanId: string) => items().find((item) => item.dataset.spanId === spanId)!.querySelector<HTMLElement>('.wf-bar')

afterEach(cleanup)

describe('Waterfall', () => {
  it('draws spans in pre-order with their nesting level, children by start time', () => {
    draw()
    expect(items().map((item) => [item.dataset.spanId, item.getAttribute('aria-level')])).toEqual([
      ['gateway', '1'], ['verify', '2'], ['upstream', '2'], ['orders-svc', '3'],
    ])
    expect(items()[0]!.getAttribute('aria-expanded')).toBe('true')
    expect(items()[1]!.getAttribute('aria-expanded')).toBeNull()
  })

  it('places bars on the time axis as fractions of the trace, and marks errors and the selection', () => {
    draw()
    expect(bar('gateway')!.style.left).toBe('0%')
    expect(bar('gateway')!.style.width).toBe('100%')
    expect(bar('upstream')!.style.left).toBe('40%')
    expect(bar('upstream')!.style.width).toBe('50%')
    expect(bar('verify')!.style.background).toBe('var(--danger)')
    expect(within(items()[1]!).getByLabelText('error')).toBeTruthy()
    expect(items()[1]!.getAttribute('aria-selected')).toBe('true')
    expect(items()[0]!.className).toContain('is-call')
  })

  it('hides the children of a collapsed span and reports toggles and selections', () => {
    const handlers = draw(new Set(['upstream']))
    expect(items().map((item) => item.dataset.spanId)).toEqual(['gateway', 'verify', 'upstream'])
    expect(items()[2]!.getAttribute('aria-expanded')).toBe('false')
    fireEvent.click(screen.getByRole('button', { name: 'Expand GET' }))
    expect(handlers.onToggle).toHaveBeenCalledWith('upstream')
    fireEvent.click(screen.getByTitle('orders-gateway: GET /v1/orders'))
    expect(handlers.onSelect).toHaveBeenCalledWith('gateway')
  })

  it('answers arrow keys in the tree from the selected span (verify)', () => {
    const handlers = draw()
    const tree = screen.getByRole('tree', { name: 'Trace waterfall' })
    fireEvent.keyDown(tree, { key: 'ArrowDown' })
    expect(handlers.onSelect).toHaveBeenLastCalledWith('upstream')
    fireEvent.keyDown(tree, { key: 'ArrowLeft' }) // a leaf: ← steps out to its parent
    expect(handlers.onSelect).toHaveBeenLastCalledWith('gateway')
    expect(handlers.onToggle).not.toHaveBeenCalled()
  })

  it('zoomed in, keeps only bars inside the window and rescales them', () => {
    draw(new Set(), [0.4, 0.9])
    expect(bar('verify')).toBeNull()
    expect(bar('upstream')!.style.left).toBe('0%')
    expect(bar('upstream')!.style.width).toBe('100%')
    expect(bar('orders-svc')!.style.left).toBe('10%')
  })

  it('draws an empty tree for a trace without spans', () => {
    render(
      <Waterfall rows={[]} viewedBounds={createViewedBoundsFunc({ min: 0, max: 0, viewStart: 0, viewEnd: 1 })} traceDurationMs={0} viewStart={0} viewEnd={1}
        collapsed={new Set()} selectedId={undefined} onToggle={() => {}} onSelect={() => {}} onViewChange={() => {}} />,
    )
    expect(screen.getByRole('tree', { name: 'Trace waterfall' }).querySelectorAll('[role="treeitem"]')).toHaveLength(0)
  })
})
