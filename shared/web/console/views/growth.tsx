import type { ChartConfiguration } from 'chart.js';
import { useMemo, useState } from 'preact/hooks';
import { ChartCanvas } from '../components/chart.js';
import { CsvDownload, DataTable, type CsvColumn } from '../components/csv.js';
import { Problem } from '../components/problem.js';
import { useApi } from '../components/use-api.js';
import { fieldProblems } from '../messages.js';
import { LiabilityHistory } from './liability-history.js';

interface Counts {
  clicks: number;
  applied: number;
  applied_from_clicks: number;
  converted: number;
  reversed: number;
  points_credited: number;
  points_redeemed: number;
  active_referrers: number;
  click_to_apply: number | null;
  apply_to_conversion: number | null;
}

interface Funnel {
  from: string;
  to: string;
  bucket: 'day' | 'week';
  buckets: Array<{ start: string } & Counts>;
  totals: Counts;
  top_referrers: Array<{
    referrer_id: string;
    referral_code: string | null;
    clicks: number;
    applied: number;
    converted: number;
    points_credited: number;
  }>;
}

const percent = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)} %`);
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

const funnelColumns: CsvColumn<Funnel['buckets'][number]>[] = [
  { header: 'bucket start', value: (b) => b.start },
  { header: 'clicks', value: (b) => b.clicks },
  { header: 'applied', value: (b) => b.applied },
  { header: 'applied through a link', value: (b) => b.applied_from_clicks },
  { header: 'converted', value: (b) => b.converted },
  { header: 'reversed', value: (b) => b.reversed },
  { header: 'points credited', value: (b) => b.points_credited },
  { header: 'points redeemed', value: (b) => b.points_redeemed },
  { header: 'active referrers', value: (b) => b.active_referrers },
  { header: 'click to apply', value: (b) => b.click_to_apply, show: (v) => percent(v as number | null) },
  { header: 'apply to conversion', value: (b) => b.apply_to_conversion, show: (v) => percent(v as number | null) },
];

const topColumns: CsvColumn<Funnel['top_referrers'][number]>[] = [
  { header: 'referrer', value: (r) => r.referrer_id },
  { header: 'code', value: (r) => r.referral_code },
  { header: 'clicks', value: (r) => r.clicks },
  { header: 'applied', value: (r) => r.applied },
  { header: 'converted', value: (r) => r.converted },
  { header: 'points credited', value: (r) => r.points_credited },
];

function funnelChart(f: Funnel): ChartConfiguration {
  const labels = f.buckets.map((b) => b.start);
  const stack = (label: string, data: number[], color: string) => ({
    type: 'bar' as const,
    label,
    data,
    backgroundColor: color,
    stack: 'funnel',
    yAxisID: 'y',
  });
  return {
    type: 'bar',
    data: {
      labels,
      datasets: [
        stack(
          'clicks',
          f.buckets.map((b) => b.clicks),
          '#9db8e8',
        ),
        stack(
          'applied',
          f.buckets.map((b) => b.applied),
          '#0b57d0',
        ),
        stack(
          'converted',
          f.buckets.map((b) => b.converted),
          '#146c2e',
        ),
        stack(
          'reversed',
          f.buckets.map((b) => b.reversed),
          '#b3261e',
        ),
        {
          type: 'line' as const,
          label: 'apply to conversion (%)',
          data: f.buckets.map((b) => (b.apply_to_conversion === null ? null : Math.round(b.apply_to_conversion * 1000) / 10)),
          borderColor: '#7a4b00',
          backgroundColor: '#7a4b00',
          yAxisID: 'rate',
        },
      ],
    },
    options: {
      scales: {
        x: { stacked: true },
        y: { stacked: true, beginAtZero: true, title: { display: true, text: 'events' } },
        rate: { position: 'right', min: 0, max: 100, grid: { drawOnChartArea: false }, title: { display: true, text: '%' } },
      },
    },
  };
}

function topChart(f: Funnel): ChartConfiguration {
  return {
    type: 'bar',
    data: {
      labels: f.top_referrers.map((r) => r.referral_code ?? r.referrer_id),
      datasets: [{ label: 'converted', data: f.top_referrers.map((r) => r.converted), backgroundColor: '#146c2e' }],
    },
    options: { indexAxis: 'y', scales: { x: { beginAtZero: true } } },
  };
}

/** The growth report: the funnel per bucket with its rates, the top referrers, and liability over 90 days. */
export function GrowthView() {
  const today = new Date();
  const [range, setRange] = useState({ from: isoDay(new Date(today.getTime() - 29 * 86_400_000)), to: isoDay(today), bucket: 'day' });
  const [typed, setTyped] = useState(range);
  const report = useApi<Funnel>('/v1/admin/reports/funnel', range);
  const f = report.data;
  const funnel = useMemo(() => (f ? funnelChart(f) : null), [f]);
  const top = useMemo(() => (f ? topChart(f) : null), [f]);
  const problems = fieldProblems(report.failure);
  const input = (name: 'from' | 'to', label: string) => (
    <div class={`field${problems[name] ? ' invalid' : ''}`}>
      <label for={`growth-${name}`}>{label}</label>
      <input id={`growth-${name}`} type="date" value={typed[name]} onInput={(e) => setTyped({ ...typed, [name]: e.currentTarget.value })} />
      {problems[name] ? <small class="field-problem">{problems[name]}</small> : null}
    </div>
  );
  return (
    <section>
      <h1 tabIndex={-1}>Growth</h1>
      <form
        class="card range"
        aria-label="Report period"
        onSubmit={(e) => {
          e.preventDefault();
          setRange(typed);
        }}
      >
        {input('from', 'From (UTC day)')}
        {input('to', 'To (UTC day)')}
        <div class="field">
          <label for="growth-bucket">Per</label>
          <select id="growth-bucket" value={typed.bucket} onChange={(e) => setTyped({ ...typed, bucket: e.currentTarget.value })}>
            <option value="day">day</option>
            <option value="week">week</option>
          </select>
        </div>
        <button type="submit" class="primary">
          Show
        </button>
      </form>
      <Problem failure={report.failure} onRetry={report.reload} />
      {f && funnel && top ? (
        <>
          <section class="card" aria-labelledby="funnel-h">
            <h2 id="funnel-h">Funnel</h2>
            <p class="meta">
              {f.totals.clicks} clicks → {f.totals.applied_from_clicks} applied through a link ({percent(f.totals.click_to_apply)});{' '}
              {f.totals.applied} applied in all → {f.totals.converted} converted ({percent(f.totals.apply_to_conversion)});{' '}
              {f.totals.reversed} reversed; {f.totals.active_referrers} active referrers.
            </p>
            <ChartCanvas name="funnel" config={funnel} label={`Funnel per ${f.bucket} from ${f.from} to ${f.to}`} />
            <DataTable
              rows={f.buckets}
              columns={funnelColumns}
              name="funnel"
              label="Funnel per bucket, as a table"
              rowKey={(b) => b.start}
              tall
            />
            <CsvDownload rows={f.buckets} columns={funnelColumns} filename={`funnel-${f.from}-${f.to}-${f.bucket}.csv`} />
          </section>
          <section class="card" aria-labelledby="top-h">
            <h2 id="top-h">Top referrers</h2>
            {f.top_referrers.length === 0 ? (
              <p class="empty">No referrer converted a referral in this period.</p>
            ) : (
              <>
                <ChartCanvas
                  name="top-referrers"
                  config={top}
                  label="Conversions of the top referrers"
                  height={`${4 + 2.2 * f.top_referrers.length}rem`}
                />
                <DataTable
                  rows={f.top_referrers}
                  columns={topColumns}
                  name="top-referrers"
                  label="Top referrers, as a table"
                  rowKey={(r) => r.referrer_id}
                />
              </>
            )}
            <CsvDownload rows={f.top_referrers} columns={topColumns} filename={`top-referrers-${f.from}-${f.to}.csv`} />
          </section>
        </>
      ) : null}
      <LiabilityHistory />
    </section>
  );
}
