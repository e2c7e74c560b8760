/** One bar of a chart. */
export type Bar = { label: string; value: number; text: string };

const escapeXml = (text: string): string =>
  text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');

/**
 * A horizontal bar chart as standalone SVG (no scripts, no external references), small enough
 * to inline in a Markdown report.
 *
 * @param title - caption above the bars
 * @param bars - drawn top to bottom, scaled to the largest value
 */
export const renderBarChart = (title: string, bars: readonly Bar[]): string => {
  const labelWidth = 300;
  const barWidth = 320;
  const textWidth = 110;
  const rowHeight = 22;
  const top = 30;
  const width = labelWidth + barWidth + textWidth;
  const height = top + rowHeight * bars.length + 10;
  const max = Math.max(0, ...bars.map((b) => b.value));
  const rows = bars.map((b, i) => {
    const y = top + i * rowHeight;
    const w = max > 0 ? Math.max(1, Math.round((b.value / max) * barWidth)) : 1;
    return (
      `<text x="${labelWidth - 8}" y="${y + 15}" text-anchor="end">${escapeXml(b.label)}</text>` +
      `<rect x="${labelWidth}" y="${y + 3}" width="${w}" height="${rowHeight - 6}" fill="#d97706"/>` +
      `<text x="${labelWidth + w + 6}" y="${y + 15}">${escapeXml(b.text)}</text>`
    );
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12" role="img" aria-label="${escapeXml(title)}">`,
    `<text x="8" y="18" font-weight="bold">${escapeXml(title)}</text>`,
    ...rows,
    '</svg>',
  ].join('');
};
