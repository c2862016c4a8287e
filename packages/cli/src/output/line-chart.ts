/// <reference path="./asciichart.d.ts" />

/** A point of a chart: where it sits on the x axis (a label such as a date) and its value. */
export interface ChartPoint {
  label: string;
  value: number;
}

/**
 * Stretches a short series to `width` columns by linear interpolation, so 3 weekly points still draw as a readable
 * line instead of a 3-column stub. Series at least as wide as `width` are returned as they are.
 */
function stretch(values: readonly number[], width: number): number[] {
  if (values.length >= width) return [...values];
  if (values.length === 1) return Array.from({ length: width }, () => values[0]!);
  return Array.from({ length: width }, (_, x) => {
    const at = (x * (values.length - 1)) / (width - 1);
    const left = Math.floor(at);
    const right = Math.min(values.length - 1, left + 1);
    return values[left]! + (values[right]! - values[left]!) * (at - left);
  });
}

/**
 * Decimals for the axis labels: 3, or more for a series whose values (or their spread) are below 0.01, so that a
 * small-scale metric's axis does not read 0.000 on every row (at most 12).
 */
function labelDigits(values: readonly number[]): number {
  const spread = Math.max(...values) - Math.min(...values) || Math.max(...values.map(Math.abs));
  if (!(spread > 0) || spread >= 0.01) return 3;
  return Math.min(12, 2 - Math.floor(Math.log10(spread)));
}

/**
 * A terminal line chart (asciichart, loaded lazily) about `height` rows high, with the first and last labels under
 * the plot's ends.
 */
export async function lineChart(points: readonly ChartPoint[], options: { height?: number; digits?: number } = {}): Promise<string> {
  const asciichart = (await import('asciichart')).default;
  const values = points.map((p) => p.value);
  const digits = options.digits ?? labelDigits(values);
  const labelWidth = Math.max(...values.map((v) => v.toFixed(digits).length)) + 1;
  const columns = Math.max(40, (process.stdout.columns ?? 100) - labelWidth - 4);
  const series = stretch(values, Math.min(columns, 60));
  const min = Math.min(...values);
  const max = Math.max(...values);
  // A flat series gets a little range, or asciichart draws it on the axis with no scale.
  const pad = max === min ? (max === 0 ? 0.01 : Math.abs(max) * 0.05) : 0;
  const plot = asciichart.plot(series, {
    height: options.height ?? 10,
    min: min - pad,
    max: max + pad,
    format: (v) => v.toFixed(digits).padStart(labelWidth),
  });
  const firstLine = plot.split('\n')[0] ?? '';
  const axis = Math.max(firstLine.indexOf('┤'), firstLine.indexOf('┼'));
  const first = points[0]!.label;
  const last = points[points.length - 1]!.label;
  const width = series.length;
  const under =
    points.length === 1
      ? first
      : width >= first.length + last.length + 2
        ? `${first}${' '.repeat(width - first.length - last.length)}${last}`
        : `${first} → ${last}`;
  return `${plot}\n${' '.repeat(Math.max(0, axis))}${under}`;
}
