import { formatCount, formatScore } from '../format';
import { rowKeyDown } from '../projects/rowKeys';
import { bucketLabel, type Bucket, type ChartPoint } from './trendData';

interface Props {
  points: ChartPoint[];
  metric: string;
  bucket: Bucket;
  onOpen: (point: ChartPoint) => void;
}

/** The trend's points as a table (newest first): each row opens its bucket's run(s) with Enter or a click. */
export function TrendTable({ points, metric, bucket, onOpen }: Props) {
  const rows = [...points].reverse();
  return (
    <div className="table-wrap">
      <table className="data trend-table" aria-label={`Mean ${metric} per ${bucket}, newest first`}>
        <thead>
          <tr>
            <th scope="col">{bucket === 'week' ? 'Week' : 'Day'} (UTC)</th>
            <th scope="col" className="num">
              Mean
            </th>
            <th scope="col" className="num">
              Min
            </th>
            <th scope="col" className="num">
              Max
            </th>
            <th scope="col" className="num">
              Runs
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((p) => (
            <tr
              key={p.bucket}
              tabIndex={0}
              data-testid="trend-row"
              data-bucket={p.bucket}
              aria-label={`${bucketLabel(p.bucket, bucket)}: mean ${formatScore(p.mean)} over ${p.runs} run${p.runs === 1 ? '' : 's'}`}
              onClick={() => onOpen(p)}
              onKeyDown={(event) => rowKeyDown(event, () => onOpen(p))}
              className="clickable"
            >
              <td>{bucketLabel(p.bucket, bucket)}</td>
              <td className="num">{formatScore(p.mean)}</td>
              <td className="num">{formatScore(p.min)}</td>
              <td className="num">{formatScore(p.max)}</td>
              <td className="num">{formatCount(p.runs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
