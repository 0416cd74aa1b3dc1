import { Suspense } from 'react'
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { ApiError, isUnreachable } from './api/client.ts'
import { AuthGate } from './auth/AuthGate.tsx'
import { ErrorBoundary } from './components/ErrorBoundary.tsx'
import { lazyPage } from './components/lazy-page.ts'
import { Layout } from './components/Layout.tsx'
import { Loading } from './components/States.tsx'
import { OverviewPage } from './pages/OverviewPage.tsx'
import { CausePage } from './pages/CausePage.tsx'
import { CallsPage } from './pages/CallsPage.tsx'
import { CallPage } from './pages/CallPage.tsx'
import { StatusPage } from './pages/StatusPage.tsx'
import { NotFoundPage } from './pages/NotFoundPage.tsx'

// The SQL editor (CodeMirror) is the heaviest part: its own chunk, loaded on first visit.
const QueryPage = lazyPage(() => import('./pages/QueryPage.tsx'))
const AlertsRoutes = lazyPage(() => import('./pages/alerts/AlertsRoutes.tsx'))
// The troubleshooting pages: each its own chunk, loaded on first visit.
const InspectorPage = lazyPage(() => import('./pages/troubleshoot/InspectorPage.tsx'))
const AuditsPage = lazyPage(() => import('./pages/troubleshoot/AuditsPage.tsx'))
const AuthConfigPage = lazyPage(() => import('./pages/troubleshoot/AuthConfigPage.tsx'))
const AuditLogPage = lazyPage(() => import('./pages/AuditLogPage.tsx'))
const TemplatesPage = lazyPage(() => import('./pages/templates/TemplatesPage.tsx'))
const AccountPage = lazyPage(() => import('./pages/AccountPage.tsx'))

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        refetchOnWindowFocus: false,
        // Client errors (bad filter, unknown call) will not fix themselves: do not retry them. An
        // unreachable server is retried by the connection banner's probe, not by every query.
        retry: (count, error) => count < 2 && !isUnreachable(error) && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
      },
    },
  })
}

const queryClient = createQueryClient()

/** `/causes` (alert links for "any cause") is the overview with the same range and filters. */
function ToOverview() {
  const { search } = useLocation()
  return <Navigate to={`/${search}`} replace />
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <ErrorBoundary scope="the dashboard">
      <BrowserRouter>
        <Routes>
          <Route element={<AuthGate><Layout /></AuthGate>}>
            <Route index element={<OverviewPage />} />
            <Route path="causes" element={<ToOverview />} />
            <Route path="causes/:cause" element={<CausePage />} />
            <Route path="calls" element={<CallsPage />} />
            <Route path="calls/:traceId/:spanId" element={<CallPage />} />
            <Route
              path="query"
              element={
                <Suspense fallback={<Loading label="Loading the SQL editor" />}>
                  <QueryPage />
                </Suspense>
              }
            />
            <Route path="alerts/*" element={<Suspense fallback={<Loading label="Loading alerts" />}><AlertsRoutes /></Suspense>} />
            <Route path="inspect" element={<Suspense fallback={<Loading label="Loading the inspector" />}><InspectorPage /></Suspense>} />
            <Route path="audits" element={<Suspense fallback={<Loading label="Loading audits" />}><AuditsPage /></Suspense>} />
            <Route path="auth-config" element={<Suspense fallback={<Loading label="Loading the auth configuration" />}><AuthConfigPage /></Suspense>} />
            <Route path="templates" element={<Suspense fallback={<Loading label="Loading templates" />}><TemplatesPage /></Suspense>} />
            <Route path="status" element={<StatusPage />} />
            <Route path="account" element={<Suspense fallback={<Loading label="Loading your account" />}><AccountPage /></Suspense>} />
            <Route path="audit-log" element={<Suspense fallback={<Loading label="Loading the audit log" />}><AuditLogPage /></Suspense>} />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </BrowserRouter>
      </ErrorBoundary>
    </QueryClientProvider>
  )
}
