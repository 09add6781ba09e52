/**
 * A vega view that is embedded once and then updated in place, each update drawn in a task of its
 * own. Embedding (compiling the spec, laying out the axes) is the costly part and happens once;
 * the charts built on it (LineChart, ConfusionMatrixChart) only say what an update draws.
 */
import type { Result } from 'vega-embed';
import type { View } from 'vega';

export class LiveView {
  private view: View | null = null;
  private isDisposed = false;
  private drawTimer: ReturnType<typeof setTimeout> | null = null;

  /** `draw` draws whatever its chart has pending: once as soon as the view is on the page, then after each scheduleDraw. */
  constructor(embedding: Promise<Result>, private readonly draw: (view: View) => void) {
    void embedding.then((result) => {
      if (this.isDisposed) {
        result.view.finalize();
        return;
      }
      this.view = result.view;
      this.draw(this.view);
    });
  }

  /** The view, once it is on the page (for changes that need no task of their own). */
  get current(): View | null {
    return this.view;
  }

  /**
   * Draws in a task of its own, so two charts updated at once redraw in two short tasks rather
   * than one long one, and none adds to a React commit. Before the view is on the page, the
   * first draw picks up what is pending.
   */
  scheduleDraw(): void {
    if (!this.view || this.drawTimer !== null) return;
    this.drawTimer = setTimeout(() => {
      this.drawTimer = null;
      if (this.view) this.draw(this.view);
    }, 0);
  }

  dispose(): void {
    this.isDisposed = true;
    if (this.drawTimer !== null) clearTimeout(this.drawTimer);
    this.view?.finalize();
    this.view = null;
  }
}
