import { describe, expect, it } from 'vitest';
import { confusionCells, contrastRatio } from './confusionMatrix';

/** confusion[actual * 10 + predicted]: every digit right 90 times, except where `mistakes` say. */
function matrix(mistakes: [actual: number, predicted: number, count: number][]): Int32Array {
  const confusion = new Int32Array(100);
  for (let d = 0; d < 10; d++) confusion[d * 11] = 90;
  for (const [actual, predicted, count] of mistakes) confusion[actual * 10 + predicted] = count;
  return confusion;
}

describe('confusionCells', () => {
  it('gives each cell its count, in row order, with the recall on the diagonal', () => {
    const cells = confusionCells(matrix([[4, 9, 10]]));
    expect(cells).toHaveLength(100);
    expect(cells[49]).toMatchObject({ actual: 4, predicted: 9, count: 10, isRight: false });
    // Row 4 holds 90 right and 10 wrong: a recall of 0.9.
    expect(cells[44]).toMatchObject({ actual: 4, predicted: 4, count: 90, isRight: true, rate: 0.9 });
    expect(cells[0].rate).toBe(1);
  });

  it('writes in white only on the darker cells of each colour scale', () => {
    const cells = confusionCells(matrix([[4, 9, 30], [7, 1, 20], [3, 5, 5]]));
    // Mistakes are shaded by count relative to the worst one (30); white needs the darkest fifth of the ramp.
    expect(cells[49].isDark).toBe(true);
    expect(cells[71].isDark).toBe(false);
    expect(cells[35].isDark).toBe(false);
    expect(cells[12].isDark).toBe(false);
    // Right answers are shaded by recall: 90 of 120 (0.75) is light, 90 of 90 is dark.
    expect(cells[44].rate).toBeCloseTo(0.75);
    expect(cells[44].isDark).toBe(false);
    expect(cells[0].isDark).toBe(true);
  });

  it('writes every count at 4.5:1 or more against its cell (WCAG AA), whatever the shade', () => {
    for (let worst = 1; worst <= 60; worst++) {
      const mistakes = Array.from({ length: worst }, (_, i) => [1 + (i % 9), 0, i + 1] as [number, number, number]);
      for (const cell of confusionCells(matrix(mistakes))) {
        expect(contrastRatio(cell.ink, cell.fill ?? '#ffffff')).toBeGreaterThanOrEqual(4.5);
      }
    }
    // Recall from 50% to 100% on the diagonal.
    for (let wrong = 0; wrong <= 90; wrong++) {
      const cell = confusionCells(matrix([[0, 1, wrong]]))[0];
      expect(contrastRatio(cell.ink, cell.fill!)).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('copes with a digit that has no test images and a model that makes no mistakes', () => {
    const confusion = matrix([]);
    confusion[2 * 11] = 0;
    const cells = confusionCells(confusion);
    expect(cells[22]).toMatchObject({ count: 0, rate: 0, isDark: false });
    expect(cells.filter((c) => !c.isRight).every((c) => c.count === 0 && !c.isDark)).toBe(true);
  });
});
