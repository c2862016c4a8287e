import { formatPercent } from '../format';

interface Props {
  /** Values 0–1, oldest first. */
  values: readonly number[];
  width?: number;
  height?: number;
  /** What the values are, for the accessible name ("success rate"). */
  label?: string;
}

/** The points of a sparkline polyline in a width × height box (y = 1 at the top, 0 at the bottom, 2 px margin). */
export function sparklinePoints(values: readonly number[], width: number, height: number): Array<[number, number]> {
  const m = 2;
  const step = values.length > 1 ? (width - 2 * m) / (values.length - 1) : 0;
  return values.map((v, i) => {
    const clamped = Math.min(1, Math.max(0, v));
    const x = values.length > 1 ? m + i * step : width / 2;
    return [Number(x.toFixed(2)), Number((m + (1 - clamped) * (height - 2 * m)).toFixed(2))];
  });
}

/**
 * A tiny line of rates (0–1) in plain SVG: a table cell's worth of trend, without a chart library. The accessible name
 * says the values in words, since a line means nothing to a screen reader.
 */
export function Sparkline({ values, width = 96, height = 24, label = 'success rate' }: Props) {
  if (values.length === 0) return <span className="muted">no completed runs</span>;
  const points = sparklinePoints(values, width, height);
  const last = points.at(-1)!;
  const description = `${label} of the last ${values.length} completed run${values.length === 1 ? '' : 's'}, oldest first: ${values.map((v) => formatPercent(v)).join(', ')}`;
  return (
    <svg className="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={description}>
      <title>{description}</title>
      {/* The 0 % line, so a flat line near the top reads as "high", not as "the top of the box". */}
      <line x1={0} x2={width} y1={height - 2} y2={height - 2} className="sparkline-base" />
      {points.length > 1 && <polyline points={points.map(([x, y]) => `${x},${y}`).join(' ')} className="sparkline-line" />}
      <circle cx={last[0]} cy={last[1]} r={2.5} className="sparkline-last" />
    </svg>
  );
}
