import { Route, Routes } from 'react-router'
import { AlertsPage } from './AlertsPage.tsx'
import { RuleEditorPage } from './RuleEditorPage.tsx'

/** `/alerts/*`: rules list (tabs: silences, deliveries), rule editor with backtest and history. */
export default function AlertsRoutes() {
  return (
    <Routes>
      <Route index element={<AlertsPage />} />
      <Route path="rules/new" element={<RuleEditorPage />} />
      <Route path="rules/:name" element={<RuleEditorPage />} />
    </Routes>
  )
}
