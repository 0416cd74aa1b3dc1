import { useState, useSyncExternalStore } from 'react'
import { NavLink, Outlet, useLocation } from 'react-router'
import { useFiringAlerts } from '../api/firing-alerts.ts'
import { useTimeZone } from '../lib/time-zone.ts'
import { TimeAnchorProvider } from '../lib/use-view.ts'
import { carryViewParams } from '../lib/view-state.ts'
import { ConnectionBanner } from './ConnectionBanner.tsx'
import { ErrorBoundary } from './ErrorBoundary.tsx'
import { IconAudit, IconBell, IconCalls, IconKey, IconLog, IconOverview, IconQuery, IconShield, IconStatus, IconTemplates } from './Icons.tsx'
import { KeyboardShortcuts } from './KeyboardShortcuts.tsx'
import { ThemeToggle } from './ThemeToggle.tsx'
import { TimeZoneToggle } from './TimeZoneToggle.tsx'
import { UserMenu } from '../auth/UserMenu.tsx'
import { useCan } from '../auth/session.ts'

const NAV = [
  { to: '/', label: 'Overview', icon: IconOverview, carry: true, end: true },
  { to: '/calls', label: 'Calls', icon: IconCalls, carry: true, end: false },
  { to: '/templates', label: 'Templates', icon: IconTemplates, carry: true, end: false },
  { to: '/inspect', label: 'Inspector', icon: IconKey, carry: false, end: false },
  { to: '/audits', label: 'Audits', icon: IconAudit, carry: true, end: false },
  { to: '/auth-config', label: 'Auth config', icon: IconShield, carry: true, end: false },
  { to: '/query', label: 'Query', icon: IconQuery, carry: false, end: false },
  { to: '/alerts', label: 'Alerts', icon: IconBell, carry: false, end: false },
  { to: '/status', label: 'Status', icon: IconStatus, carry: false, end: false },
] as const
const ADMIN_NAV = { to: '/audit-log', label: 'Audit log', icon: IconLog, carry: false, end: false } as const

const SIDEBAR_KEY = 'claimcheck.sidebar'

type SidebarChoice = 'collapsed' | 'expanded' | null

/** The user's own choice, if they made one; otherwise the sidebar follows the window's width. */
function savedChoice(): SidebarChoice {
  try {
    const saved = localStorage.getItem(SIDEBAR_KEY)
    if (saved === 'collapsed' || saved === 'expanded') return saved
  } catch {
    // No storage: follow the width.
  }
  return null
}

const NARROW = '(max-width: 1199px)'
const subscribeNarrow = (listener: () => void) => {
  const query = window.matchMedia(NARROW)
  query.addEventListener('change', listener)
  return () => query.removeEventListener('change', listener)
}
/** Under 1200 px (a 1024 px laptop, a split screen) the sidebar collapses, also when the window shrinks later. */
const useNarrow = () => useSyncExternalStore(subscribeNarrow, () => window.matchMedia(NARROW).matches, () => false)

function AlertsBadge() {
  const { firing } = useFiringAlerts()
  if (firing.length === 0) return null
  return (
    <span className="nav-badge" role="status" aria-label={`${firing.length} firing`} title={firing.map((a) => a.rule.name).join(', ')}>
      {firing.length}
    </span>
  )
}

export function Layout() {
  const location = useLocation()
  const zone = useTimeZone()
  const [choice, setChoice] = useState(savedChoice)
  const narrow = useNarrow()
  const collapsed = choice ? choice === 'collapsed' : narrow
  // Moving between data pages keeps the time range and filters.
  const carried = carryViewParams(new URLSearchParams(location.search))
  const admin = useCan('admin')
  const nav = admin ? [...NAV, ADMIN_NAV] : NAV
  const toggleSidebar = () => {
    const next = collapsed ? 'expanded' : 'collapsed'
    try {
      localStorage.setItem(SIDEBAR_KEY, next)
    } catch {
      // The choice lasts for this page only.
    }
    setChoice(next)
  }
  return (
    <div className={`app${collapsed ? ' sidebar-collapsed' : ''}`}>
      <a className="skip-link" href="#main">Skip to content</a>
      <nav className="sidebar" aria-label="Main">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            <svg viewBox="0 0 16 16" width="18" height="18"><rect width="16" height="16" rx="4" fill="var(--accent)" /><path d="M4 8.5l2.5 2.5L12 5.5" stroke="var(--surface)" strokeWidth="2" fill="none" strokeLinecap="round" /></svg>
          </span>
          <span className="brand-name">claimcheck</span>
        </div>
        <ul className="nav-list">
          {nav.map(({ to, label, icon: Icon, carry, end }) => (
            <li key={to}>
              <NavLink to={`${to}${carry ? carried : ''}`} end={end} className={({ isActive }) => `nav-link${isActive ? ' active' : ''}`} title={collapsed ? label : undefined}>
                <Icon />
                <span className="nav-label">{label}</span>
                {to === '/alerts' ? <AlertsBadge /> : null}
              </NavLink>
            </li>
          ))}
        </ul>
        <div className="nav-footer">
          <UserMenu />
          <TimeZoneToggle />
          <ThemeToggle />
          <button type="button" className="nav-link sidebar-toggle" onClick={toggleSidebar} aria-expanded={!collapsed} aria-label={collapsed ? 'Expand the sidebar' : 'Collapse the sidebar'} title={collapsed ? 'Expand the sidebar' : 'Collapse the sidebar'}>
            <span aria-hidden="true" className="sidebar-toggle-icon">{collapsed ? '»' : '«'}</span>
            <span className="nav-label">Collapse</span>
          </button>
        </div>
      </nav>
      <main className="main" id="main" tabIndex={-1}>
        <ConnectionBanner />
        <TimeAnchorProvider>
          {/* Keyed by route and zone: a failed page recovers on navigation, every timestamp re-renders in the new zone. */}
          <ErrorBoundary key={`${location.pathname}|${zone}`}>
            <Outlet />
          </ErrorBoundary>
        </TimeAnchorProvider>
      </main>
      <KeyboardShortcuts />
    </div>
  )
}
