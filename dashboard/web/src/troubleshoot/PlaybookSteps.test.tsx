// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { MemoryRouter } from 'react-router'
import type { PlaybookStep } from '@claimcheck/shared'
import { linkTarget } from './check-links.ts'
import { PlaybookSteps } from './PlaybookSteps.tsx'

afterEach(cleanup)

const steps: PlaybookStep[] = [
  { index: 0, text: 'Compare exp with the call time.', check: 'expiry_gap', answer: { status: 'problem', summary: 'Median 2 h past exp.', facts: [{ label: 'Within the skew', value: '3' }] } },
  { index: 1, text: 'Check the client\'s refresh logic.', check: 'client_refresh', answer: null },
  { index: 2, text: 'Ask the identity provider.', check: null, answer: null },
]

describe('PlaybookSteps', () => {
  it('shows every step in order, answers with their status, facts and a link that keeps the view', () => {
    render(<MemoryRouter><PlaybookSteps steps={steps} carried="?from=now-24h" pending /></MemoryRouter>)
    const items = screen.getAllByRole('listitem')
    expect(items.map((item) => item.querySelector('.playbook-text')?.textContent)).toEqual(steps.map((s) => s.text))
    expect(within(items[0]!).getByText('Points here')).toBeTruthy()
    expect(items[0]!.textContent).toContain('Within the skew3')
    expect(within(items[0]!).getByRole('link').getAttribute('href')).toBe('/inspect')
    expect(items[1]!.textContent).toContain('Looking at the data')
    expect(items[2]!.textContent).toContain('A step for you')
  })

  it('renders nothing for no steps', () => {
    render(<MemoryRouter><PlaybookSteps steps={[]} carried="" /></MemoryRouter>)
    expect(screen.getByRole('list').children).toHaveLength(0)
  })
})

describe('linkTarget', () => {
  it('carries the view parameters to pages that use them', () => {
    expect(linkTarget({ path: '/audits?audit=no-refresh', carry: true }, '?from=now-6h&service=gw')).toBe('/audits?audit=no-refresh&from=now-6h&service=gw')
    expect(linkTarget({ path: '/auth-config', carry: true }, '?from=now-6h')).toBe('/auth-config?from=now-6h')
    expect(linkTarget({ path: '/inspect', carry: false }, '?from=now-6h')).toBe('/inspect')
    expect(linkTarget({ path: '/auth-config', carry: true }, '')).toBe('/auth-config')
  })
})
