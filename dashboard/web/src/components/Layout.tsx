import { NavLink, Outlet, useLocation } from 'react-router'
import { TimeAnchorProvider } from '../lib/use-view.ts'
import { carryViewParams } from '../lib/view-state.ts'
import { IconAudit, IconBell, IconCalls, IconKey, IconLog, IconOverview, IconQuery, IconShield, IconStatus, IconTemplates } from './Icons.tsx'
import { ThemeToggle } from './ThemeToggle.tsx'
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

export function Layout() {
  const location = useLocation()
  // Moving between data pages keeps the time range and filters.
  const carried = carryViewParams(new URLSearchParams(location.search))
  const admin = useCan('admin')
  const nav = admin ? [...NAV, ADMIN_NAV] : NAV
  return (
    <div className="app">
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
              <NavLink to={`${to}${carry ? carried : ''}`} end={end} className={({ isActive }) => `nav-link${isActive ? ' active' : ''}`}>
                <Icon />
                <span>{label}</span>
              </NavLink>
            </li>
          ))}
        </ul>
        <div className="nav-footer">
          <UserMenu />
          <ThemeToggle />
        </div>
      </nav>
      <main className="main" id="main" tabIndex={-1}>
        <TimeAnchorProvider>
          <Outlet />
        </TimeAnchorProvider>
      </main>
    </div>
  )
}
