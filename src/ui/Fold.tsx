import { useState, type ReactNode } from 'react';
import { NARROW_SCREEN } from './screen';

export interface Fold {
  isOpen: boolean;
  /** The id of the element that folds away. */
  bodyId: string;
  toggle(): void;
}

/** A part of a card that folds away: open at first where there is room, folded at first on one column. */
export function useFold(bodyId: string): Fold {
  const [isOpen, setOpen] = useState(() => !window.matchMedia(NARROW_SCREEN).matches);
  return { isOpen, bodyId, toggle: () => setOpen((open) => !open) };
}

/**
 * A title that folds and unfolds its part (WAI-ARIA's disclosure pattern): a button inside the
 * heading or legend, so the title still names the region, and Enter or Space toggles it.
 */
export function FoldButton({ fold, children }: { fold: Fold; children: ReactNode }) {
  return (
    <button type="button" className="fold-toggle" aria-expanded={fold.isOpen} aria-controls={fold.bodyId} onClick={fold.toggle}>
      {children}
    </button>
  );
}
