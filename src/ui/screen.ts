import { useSyncExternalStore } from 'react';

/** One column: a phone, or a tablet held upright. The same width as the one-column layout in theme.css. */
export const NARROW_SCREEN = '(max-width: 900px)';

function subscribe(onChange: () => void): () => void {
  const query = window.matchMedia(NARROW_SCREEN);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

/** Whether the page is laid out in one column now (and re-renders when that changes, e.g. a tablet turned). */
export function useIsNarrowScreen(): boolean {
  return useSyncExternalStore(subscribe, () => window.matchMedia(NARROW_SCREEN).matches);
}
