import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { i18nFor } from '../../i18n/i18n';
import { I18nContext } from '../../i18n/useI18n';
import { PerClassTable } from './PerClassTable';

function render(confusion: Int32Array, language: 'en' | 'zh-CN' = 'en'): string {
  return renderToStaticMarkup(createElement(I18nContext.Provider, { value: i18nFor(language) }, createElement(PerClassTable, { confusion })));
}

/** Every digit right 90 times, except digit 0, which the model reads as 6 every time and never predicts. */
function neverPredictsZero(): Int32Array {
  const confusion = new Int32Array(100);
  for (let d = 1; d < 10; d++) confusion[d * 11] = 90;
  confusion[0 * 10 + 6] = 80;
  return confusion;
}

describe('PerClassTable', () => {
  it('shows "–" with its reason for the precision of a digit never predicted, and a footnote, never NaN', () => {
    const html = render(neverPredictsZero());
    expect(html).not.toMatch(/NaN/);
    // Digit 0's row: precision "–" (titled "never predicted"), recall and F1 0.0%.
    const row = /<tr><th scope="row">0<\/th>(.*?)<\/tr>/.exec(html)![1];
    expect(row).toMatch(/^<td class="num no-value" title="never predicted"><span aria-hidden="true">–<\/span><span class="sr-only">No value: never predicted<\/span><\/td>/);
    expect(row).toContain('<td class="num">0.0%</td><td class="num">0.0%</td>');
    expect(html).toContain('– Precision of 0: never predicted by the model, so there is no precision to give (it would be 0 ÷ 0).');
    expect(html).not.toContain('no-value-noExamples');
  });

  it('a digit with no test images: its recall has no value, with its own footnote', () => {
    const confusion = neverPredictsZero();
    confusion[3 * 11] = 0;
    const html = render(confusion);
    expect(html).toContain('title="no test images of this digit"');
    expect(html).toContain('– F1 of 3: neither among the test images nor ever predicted.');
    expect(html).toContain('– Recall of 3: none among the test images evaluated');
    expect(html).not.toMatch(/NaN/);
  });

  it('says it in Chinese too', () => {
    const html = render(neverPredictsZero(), 'zh-CN');
    expect(html).toContain('title="从未被预测"');
    expect(html).toContain('– 0 的精确率：模型从未预测过');
  });
});
