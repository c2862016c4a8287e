import { Area, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { DotItemDotProps } from 'recharts';
import { formatScore } from '../format';
import { TREND_CHART_HEIGHT } from './chartHeight';
import { bucketLabel, bucketMs, type Bucket, type ChartPoint } from './trendData';


const dateTick = (ms: number) => new Date(ms).toISOString().slice(5, 10);

interface Props {
  points: ChartPoint[];
  metric: string;
  bucket: Bucket;
  onOpen: (point: ChartPoint) => void;
}

/**
 * The metric's mean per bucket as a line, the min–max of the runs' means as a band behind it. The x axis is time, so a
 * bucket without runs leaves a visible gap. Each point is clickable (the table below is the keyboard way to the same).
 */
export default function TrendChart({ points, metric, bucket, onOpen }: Props) {
  const pad = bucketMs(bucket) / 2;
  const xs = points.map((p) => p.x);
  const domain: [number, number] = [Math.min(...xs) - pad, Math.max(...xs) + pad];
  const renderDot = ({ cx, cy, payload, index }: DotItemDotProps) => {
    if (typeof cx !== 'number' || typeof cy !== 'number') return null;
    const point = payload as ChartPoint;
    return (
      <g
        key={index}
        className="trend-dot"
        data-testid="trend-point"
        data-bucket={point.bucket}
        onClick={() => onOpen(point)}
        role="presentation"
      >
        {/* A larger transparent circle: an easy target with a finger or a mouse. */}
        <circle cx={cx} cy={cy} r={12} fill="transparent" />
        <circle cx={cx} cy={cy} r={5} className="trend-dot-mark" />
      </g>
    );
  };
  return (
    <div className="trend-chart" style={{ height: TREND_CHART_HEIGHT }} aria-label={`Mean ${metric} per ${bucket}`} role="img">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={points} margin={{ top: 12, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
          <XAxis
            dataKey="x"
            type="number"
            scale="time"
            domain={domain}
            tickFormatter={dateTick}
            stroke="var(--fg-soft)"
            tick={{ fill: 'var(--fg-soft)', fontSize: 12 }}
            minTickGap={24}
          />
          <YAxis stroke="var(--fg-soft)" tick={{ fill: 'var(--fg-soft)', fontSize: 12 }} tickFormatter={formatScore} width={56} domain={['auto', 'auto']} />
          <Tooltip
            isAnimationActive={false}
            contentStyle={{ background: 'var(--bg)', border: '1px solid var(--border)', borderRadius: 6, color: 'var(--fg)' }}
            labelFormatter={(_label, payload) => {
              const p = payload?.[0]?.payload as ChartPoint | undefined;
              return p ? `${bucketLabel(p.bucket, bucket)} · ${p.runs} run${p.runs === 1 ? '' : 's'}` : '';
            }}
            formatter={(value, name) =>
              Array.isArray(value) ? [`${formatScore(Number(value[0]))} – ${formatScore(Number(value[1]))}`, 'min – max'] : [formatScore(Number(value)), name]
            }
          />
          <Area dataKey="range" name="min – max" stroke="none" fill="var(--accent)" fillOpacity={0.15} isAnimationActive={false} activeDot={false} />
          <Line
            dataKey="mean"
            name={`mean ${metric}`}
            stroke="var(--accent)"
            strokeWidth={2}
            dot={renderDot}
            activeDot={false}
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
