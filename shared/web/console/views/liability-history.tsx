import type { ChartConfiguration } from 'chart.js';
import { useMemo } from 'preact/hooks';
import { ChartCanvas } from '../components/chart.js';
import { CsvDownload, type CsvColumn } from '../components/csv.js';
import { Problem } from '../components/problem.js';
import { useApi } from '../components/use-api.js';
import { money, points } from '../format.js';

interface Day {
  day: string;
  outstanding_points: number;
  outstanding_value: { amount: number; currency: string };
}

const columns: CsvColumn<Day>[] = [
  { header: 'day', value: (d) => d.day },
  { header: 'outstanding points', value: (d) => d.outstanding_points },
  { header: 'outstanding value (minor units)', value: (d) => d.outstanding_value.amount },
  { header: 'currency', value: (d) => d.outstanding_value.currency },
];

/** Outstanding points over the last 90 days, one figure a day as the daily job stored it. */
export function LiabilityHistory() {
  const report = useApi<{ series?: Day[] }>('/v1/admin/reports/points-liability', { days: 90 });
  const series = report.data?.series ?? [];
  const config = useMemo<ChartConfiguration>(
    () => ({
      type: 'line',
      data: {
        labels: series.map((d) => d.day),
        datasets: [
          {
            label: 'outstanding points',
            data: series.map((d) => d.outstanding_points),
            borderColor: '#0b57d0',
            backgroundColor: '#0b57d0',
          },
        ],
      },
      options: { scales: { y: { beginAtZero: true } } },
    }),
    [series],
  );
  return (
    <section class="card" aria-labelledby="liability-history-h">
      <h2 id="liability-history-h">Liability over 90 days</h2>
      <Problem failure={report.failure} onRetry={report.reload} />
      {series.length === 0 ? (
        <p class="empty">No daily figure is stored yet: the daily job records one each day.</p>
      ) : (
        <>
          <ChartCanvas name="liability" config={config} label={`Outstanding points from ${series[0]!.day} to ${series.at(-1)!.day}`} />
          <div class="scroll">
            <table class="compact" data-table="liability">
              <thead>
                <tr>
                  <th scope="col">Day</th>
                  <th scope="col">Outstanding</th>
                  <th scope="col">Value</th>
                </tr>
              </thead>
              <tbody>
                {series.map((d) => (
                  <tr key={d.day}>
                    <td>{d.day}</td>
                    <td>{points(d.outstanding_points)}</td>
                    <td>{money(d.outstanding_value.amount, d.outstanding_value.currency)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <CsvDownload rows={series} columns={columns} filename="liability-90-days.csv" />
    </section>
  );
}
