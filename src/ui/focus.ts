/**
 * Where keyboard focus goes when the control that has it is about to disappear (a deleted row):
 * the same control in the next item, else in the previous one, else the element with `fallbackId`.
 * Call it before the removal; call what it returns once the item is gone.
 */
export function focusAfterRemoval(control: HTMLElement, itemSelector: string, fallbackId?: string): () => void {
  const item = control.closest(itemSelector);
  const place = item ? [...item.querySelectorAll('button')].indexOf(control as HTMLButtonElement) : -1;
  const neighbour = item?.nextElementSibling ?? item?.previousElementSibling ?? null;
  const target = place >= 0 ? neighbour?.querySelectorAll('button')[place] : undefined;
  return () => {
    const next = target?.isConnected ? target : fallbackId ? document.getElementById(fallbackId) : null;
    next?.focus();
  };
}
