/** Draws a test-set confusion matrix into one container with tfjs-vis. */
import * as tfvis from '@tensorflow/tfjs-vis';

const CLASS_LABELS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** Renders confusion[actual * 10 + predicted] as a heat map; re-rendering replaces the old one. */
export async function renderConfusionMatrix(container: HTMLElement, confusion: Int32Array): Promise<void> {
  const values = CLASS_LABELS.map((_, actual) => Array.from(confusion.subarray(actual * 10, actual * 10 + 10)));
  await tfvis.render.confusionMatrix(
    container,
    { values, tickLabels: CLASS_LABELS },
    { shadeDiagonal: true, showTextOverlay: true, width: Math.min(container.clientWidth || 360, 420), height: 360, xLabel: 'predicted', yLabel: 'actual' },
  );
}
