// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { MemoryRouter, Route, Routes, useLocation } from 'react-router'
import { FilterBar } from './FilterBar.tsx'

/** Shows the URL's query string, so tests read the only state the filter bar has. */
function Location() {
  return <output data-testid="search">{useLocation().search}</output>
}

function renderAt(url: string) {
  render(
    <MemoryRouter initialEntries={[url]}>
      <Routes>
        <Route path="/calls" element={<><FilterBar /><Location /></>} />
      </Routes>
    </MemoryRouter>,
  )
  return () => new URLSearchParams(screen.getByTestId('search').textContent ?? '')
}

afterEach(cleanup)

describe('FilterBar', () => {
  it('shows every filter of the URL as a chip, causes with their labels', () => {
    renderAt('/calls?from=now-3h&cause=expired&cause=unknown_sub&client=mobile-ios')
    const chips = within(screen.getByRole('list', { name: 'Active filters' })).getAllByRole('listitem')
    expect(chips.map((chip) => chip.textContent)).toEqual(['CauseExpired token', 'CauseUnknown subject', 'Clientmobile-ios'])
  })

  it('removes one chip from the URL and keeps the range and the other filters', () => {
    const search = renderAt('/calls?from=now-3h&cause=expired&client=mobile-ios')
    fireEvent.click(screen.getByRole('button', { name: 'Remove filter Client mobile-ios' }))
    expect(search().getAll('cause')).toEqual(['expired'])
    expect(search().has('client')).toBe(false)
    expect(search().get('from')).toBe('now-3h')
  })

  it('adds a filter from the form and searches messages on Enter', () => {
    const search = renderAt('/calls?cause=expired')
    fireEvent.click(screen.getByRole('button', { name: /Add filter/ }))
    fireEvent.change(screen.getByLabelText('Filter field'), { target: { value: 'route' } })
    fireEvent.change(screen.getByLabelText('Filter value'), { target: { value: '/v1/orders' } })
    fireEvent.click(screen.getByRole('button', { name: 'Add' }))
    expect(search().getAll('route')).toEqual(['/v1/orders'])
    const box = screen.getByRole('searchbox', { name: 'Search error messages' })
    fireEvent.change(box, { target: { value: '  does not exist ' } })
    fireEvent.submit(box.closest('form')!)
    expect(search().get('q')).toBe('does not exist')
    expect(search().getAll('cause')).toEqual(['expired'])
  })

  it('clears every filter at once, and shows no chips for a bare URL', () => {
    const search = renderAt('/calls?cause=expired&subject=u-1&from=now-1h')
    fireEvent.click(screen.getByRole('button', { name: 'Clear all' }))
    expect([...search().keys()]).toEqual(['from'])
    expect(within(screen.getByRole('list', { name: 'Active filters' })).queryAllByRole('listitem')).toHaveLength(0)
    expect(screen.queryByRole('button', { name: 'Clear all' })).toBeNull()
  })

  it('ignores malformed values in the URL instead of failing', () => {
    renderAt('/calls?cause=not-a-cause&status=abc&client=ok')
    const chips = within(screen.getByRole('list', { name: 'Active filters' })).getAllByRole('listitem')
    expect(chips.map((chip) => chip.textContent)).toContain('Clientok')
  })
})

describe('FilterBar with invalid and excluded values', () => {
  it('shows an invalid value as an error chip that Clear all removes with the rest', () => {
    const search = renderAt('/calls?status=forbidden&cause=expired&from=yesterday')
    const alerts = screen.getAllByRole('alert')
    expect(alerts.map((a) => a.textContent)).toEqual([expect.stringContaining('“yesterday” not a time'), expect.stringContaining('“forbidden” not an HTTP status')])
    fireEvent.click(screen.getByRole('button', { name: 'Clear all' }))
    expect([...search().keys()]).toEqual([])
  })

  it('flips a chip between include and exclude', () => {
    const search = renderAt('/calls?cause=expired')
    fireEvent.click(screen.getByRole('button', { name: 'Exclude Cause expired' }))
    expect(search().getAll('cause')).toEqual(['!expired'])
    expect(screen.getByRole('button', { name: 'Include Cause expired' }).textContent).toBe('Cause is not')
  })
})
