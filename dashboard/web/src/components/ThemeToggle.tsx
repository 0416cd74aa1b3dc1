import { useState } from 'react'
import { IconMoon, IconSun } from './Icons.tsx'

export type Theme = 'light' | 'dark'
const STORAGE_KEY = 'claimcheck.theme'

/** The theme is a preference of this browser, not view state: it lives in localStorage, not the URL. */
export function currentTheme(): Theme {
  return document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light'
}

export function ThemeToggle() {
  const [theme, setTheme] = useState<Theme>(currentTheme)
  const next: Theme = theme === 'dark' ? 'light' : 'dark'
  const toggle = () => {
    document.documentElement.dataset.theme = next
    try {
      localStorage.setItem(STORAGE_KEY, next)
    } catch {
      // Private mode: the theme holds for this page only.
    }
    setTheme(next)
  }
  return (
    <button type="button" className="nav-link theme-toggle" onClick={toggle} aria-label={`Switch to ${next} theme`} title={`Switch to ${next} theme`}>
      {theme === 'dark' ? <IconSun /> : <IconMoon />}
      <span>{theme === 'dark' ? 'Light theme' : 'Dark theme'}</span>
    </button>
  )
}
