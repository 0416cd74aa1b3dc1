import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App.tsx'
import './styles/theme.css'
import './styles/app.css'
import './styles/pages.css'
import './auth/auth.css'
import './styles/trust.css'

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
