/** The look every vega-lite chart of the page shares: type, greys, no frame, a transparent ground. */
export function chartConfig(scale: number, legendFontSize = 12) {
  return {
    font: 'system-ui, sans-serif',
    axis: { labelFontSize: 12 * scale, titleFontSize: 13 * scale, gridColor: '#e4e8ee', domainColor: '#9aa5b1', tickColor: '#9aa5b1', labelColor: '#334155', titleColor: '#334155' },
    legend: { labelFontSize: legendFontSize * scale, labelColor: '#334155', symbolSize: 100 * scale * scale },
    view: { stroke: null },
    background: 'transparent',
  };
}
