/** Sentences with markup inside (a name in bold, a link), kept whole so that each language orders its own words. */
import { createElement, Fragment, type ReactNode } from 'react';

/**
 * A tagged template that keeps its values as React nodes: rich`Training runs on ${<strong>WASM</strong>}.`
 * The parts become the children of one fragment, so none of them needs a key.
 */
export function rich(strings: TemplateStringsArray, ...values: ReactNode[]): ReactNode {
  const children: ReactNode[] = [];
  strings.forEach((text, i) => {
    if (text !== '') children.push(text);
    if (i < values.length) children.push(values[i]);
  });
  return createElement(Fragment, null, ...children);
}
