// The widget's few icons, drawn inline: no icon font or emoji glyph that a shopper's system may lack.
import type { ComponentChildren } from 'preact'

const Stroked = ({ children }: { children: ComponentChildren }) => (
  <svg
    width="20"
    height="20"
    viewBox="0 0 24 24"
    fill="none"
    stroke="currentColor"
    stroke-width="2"
    aria-hidden="true"
  >
    {children}
  </svg>
)

export const CloseIcon = () => (
  <Stroked>
    <path d="M6 6l12 12M18 6L6 18" />
  </Stroked>
)

export const AttachIcon = () => (
  <Stroked>
    <path d="M21 11.5l-8.6 8.6a5 5 0 0 1-7.1-7.1l8.6-8.6a3.3 3.3 0 0 1 4.7 4.7l-8.6 8.6a1.7 1.7 0 0 1-2.4-2.4l7.9-7.9" />
  </Stroked>
)

export const CameraIcon = () => (
  <Stroked>
    <path d="M4 8h3l2-3h6l2 3h3v11H4z" />
    <circle cx="12" cy="13" r="3.5" />
  </Stroked>
)

export const CalendarIcon = () => (
  <Stroked>
    <rect x="4" y="5" width="16" height="15" rx="2" />
    <path d="M4 10h16M9 3v4M15 3v4" />
  </Stroked>
)
