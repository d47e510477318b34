/** The usage chart (recharts): stacked bars per hour or day for counts, one line per group for latency. */
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { ChartSeries, UsageBucketSize, UsageMetric } from '../stores/usage-chart-data.js';
import { formatBucket, metricNames } from '../stores/usage-chart-data.js';

/** Distinguishable in light and dark themes; the legend names each colour. */
const palette = ['#2f6fdb', '#d9822b', '#2e9e6b', '#b84ac6', '#d64545', '#1c9bb0', '#8a7f2b', '#6b7280'];

export interface UsageChartProps {
  series: ChartSeries;
  metric: UsageMetric;
  bucket: UsageBucketSize;
  /** Read aloud in place of the drawing. */
  summary: string;
}

export function UsageChart({ series, metric, bucket, summary }: UsageChartProps) {
  const common = {
    data: series.points,
    responsive: true,
    className: 'usage-chart-svg',
    margin: { top: 8, right: 8, bottom: 0, left: 0 },
  };
  const axes = (
    <>
      <CartesianGrid strokeDasharray="3 3" vertical={false} />
      <XAxis dataKey="bucketStart" tickFormatter={(value: number) => formatBucket(value, bucket)} minTickGap={16} fontSize={12} />
      <YAxis allowDecimals={false} width={56} fontSize={12} />
      <Tooltip labelFormatter={(value) => formatBucket(Number(value), bucket)} />
      <Legend />
    </>
  );
  return (
    <figure className="usage-chart" aria-label={summary} data-metric={metric}>
      {metric === 'averageLatencyMs' ? (
        <LineChart {...common}>
          {axes}
          {series.keys.map((key, index) => (
            <Line key={key} dataKey={`s${index}`} name={key} stroke={palette[index % palette.length]} dot={false} isAnimationActive={false} />
          ))}
        </LineChart>
      ) : (
        <BarChart {...common}>
          {axes}
          {series.keys.map((key, index) => (
            <Bar key={key} dataKey={`s${index}`} name={key} stackId="usage" fill={palette[index % palette.length]} isAnimationActive={false} />
          ))}
        </BarChart>
      )}
      <figcaption className="visually-hidden">
        {metricNames[metric]}: {summary}
      </figcaption>
    </figure>
  );
}
