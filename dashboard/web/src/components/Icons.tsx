import type { SVGProps } from 'react'

// A handful of 16px line icons, inline so no icon font or kit ships.
const base = { width: 16, height: 16, viewBox: '0 0 16 16', fill: 'none', stroke: 'currentColor', strokeWidth: 1.5, strokeLinecap: 'round', strokeLinejoin: 'round', 'aria-hidden': true } as const

type IconProps = SVGProps<SVGSVGElement>

export const IconOverview = (p: IconProps) => (
  <svg {...base} {...p}><path d="M2 13.5h12M3.5 11V7.5M6.5 11V4.5M9.5 11V6.5M12.5 11V2.5" /></svg>
)
export const IconCalls = (p: IconProps) => (
  <svg {...base} {...p}><path d="M2.5 4h11M2.5 8h11M2.5 12h11" /></svg>
)
/** Brackets around a masked value: message templates. */
export const IconTemplates = (p: IconProps) => (
  <svg {...base} {...p}><path d="M5 3.5 2 8l3 4.5M11 3.5 14 8l-3 4.5" /><path d="M6.5 8h3" /></svg>
)
export const IconQuery = (p: IconProps) => (
  <svg {...base} {...p}><ellipse cx="8" cy="3.8" rx="5" ry="1.8" /><path d="M3 3.8v8.4c0 1 2.2 1.8 5 1.8s5-.8 5-1.8V3.8M3 8c0 1 2.2 1.8 5 1.8S13 9 13 8" /></svg>
)
export const IconStatus = (p: IconProps) => (
  <svg {...base} {...p}><path d="M1.5 8h3l2-4.5 3 9 2-4.5h3" /></svg>
)
export const IconSun = (p: IconProps) => (
  <svg {...base} {...p}><circle cx="8" cy="8" r="3" /><path d="M8 1v1.5M8 13.5V15M1 8h1.5M13.5 8H15M3 3l1 1M12 12l1 1M3 13l1-1M12 4l1-1" /></svg>
)
export const IconMoon = (p: IconProps) => (
  <svg {...base} {...p}><path d="M13.5 9.5A5.5 5.5 0 0 1 6.5 2.5a5.5 5.5 0 1 0 7 7Z" /></svg>
)
export const IconRefresh = (p: IconProps) => (
  <svg {...base} {...p}><path d="M13.5 8a5.5 5.5 0 1 1-1.6-3.9M13.5 2v3.5H10" /></svg>
)
export const IconClock = (p: IconProps) => (
  <svg {...base} {...p}><circle cx="8" cy="8" r="6" /><path d="M8 4.5V8l2.5 1.5" /></svg>
)
export const IconX = (p: IconProps) => (
  <svg {...base} {...p}><path d="M4 4l8 8M12 4l-8 8" /></svg>
)
export const IconSearch = (p: IconProps) => (
  <svg {...base} {...p}><circle cx="7" cy="7" r="4.5" /><path d="M10.5 10.5 14 14" /></svg>
)
export const IconChevron = ({ open, ...p }: IconProps & { open?: boolean }) => (
  <svg {...base} {...p} style={{ transform: open ? 'rotate(90deg)' : undefined, transition: 'transform .12s' }}><path d="M6 4l4 4-4 4" /></svg>
)
export const IconDownload = (p: IconProps) => (
  <svg {...base} {...p}><path d="M8 2v8M4.5 6.5 8 10l3.5-3.5M2.5 13.5h11" /></svg>
)
export const IconPlus = (p: IconProps) => (
  <svg {...base} {...p}><path d="M8 3v10M3 8h10" /></svg>
)
export const IconZoomOut = (p: IconProps) => (
  <svg {...base} {...p}><circle cx="7" cy="7" r="4.5" /><path d="M10.5 10.5 14 14M5 7h4" /></svg>
)
export const IconColumns = (p: IconProps) => (
  <svg {...base} {...p}><rect x="2" y="2.5" width="12" height="11" rx="1" /><path d="M6 2.5v11M10 2.5v11" /></svg>
)
export const IconPlay = (p: IconProps) => (
  <svg {...base} {...p}><path d="M4.5 3v10l8-5-8-5Z" fill="currentColor" /></svg>
)
export const IconBell = (p: IconProps) => (
  <svg {...base} {...p}><path d="M4 11.5V7a4 4 0 0 1 8 0v4.5l1 1.5H3l1-1.5ZM6.5 14.5h3" /></svg>
)
export const IconKey = (p: IconProps) => (
  <svg {...base} {...p}><circle cx="5.5" cy="10.5" r="3" /><path d="M7.7 8.3 13.5 2.5M11 5l1.8 1.8M12.5 3.5l1.5 1.5" /></svg>
)
export const IconAudit = (p: IconProps) => (
  <svg {...base} {...p}><path d="M3 2.5h10v11H3zM5.5 5.5h5M5.5 8h5M5.5 10.5h3" /></svg>
)
export const IconShield = (p: IconProps) => (
  <svg {...base} {...p}><path d="M8 1.8 13 3.6v4c0 3.2-2.2 5.4-5 6.6-2.8-1.2-5-3.4-5-6.6v-4Z" /><path d="M5.8 8 7.4 9.6 10.4 6.4" /></svg>
)
export const IconLog = (p: IconProps) => (
  <svg {...base} {...p}><circle cx="8" cy="8" r="5.5" /><path d="M8 5v3.2l2 1.3" /></svg>
)
