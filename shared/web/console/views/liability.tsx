import { Problem } from '../components/problem.js';
import { useApi } from '../components/use-api.js';
import { day, instant, money, points } from '../format.js';

interface Liability {
  as_of: string;
  outstanding_points: number;
  outstanding_value: { amount: number; currency: string };
  expiring_within_30_days: { points: number; value: { amount: number; currency: string }; before: string };
  expired_awaiting_sweep_points: number;
  customers_with_balance: number;
}

/** What the programme owes now: outstanding points and their value, and what expires within 30 days. */
export function LiabilityView() {
  const report = useApi<Liability>('/v1/admin/reports/points-liability');
  const r = report.data;
  return (
    <section>
      <h1 tabIndex={-1}>Liability now</h1>
      <Problem failure={report.failure} onRetry={report.reload} />
      {r ? (
        <>
          <div class="figures">
            <div class="card figure-card">
              <h2>Outstanding</h2>
              <p class="figure" data-figure="outstanding-points">
                {points(r.outstanding_points)}
              </p>
              <p data-figure="outstanding-value">{money(r.outstanding_value.amount, r.outstanding_value.currency)}</p>
            </div>
            <div class="card figure-card">
              <h2>Expiring within 30 days</h2>
              <p class="figure">{points(r.expiring_within_30_days.points)}</p>
              <p>
                {money(r.expiring_within_30_days.value.amount, r.expiring_within_30_days.value.currency)} before{' '}
                {day(r.expiring_within_30_days.before)}
              </p>
            </div>
            <div class="card figure-card">
              <h2>Customers with a balance</h2>
              <p class="figure">{r.customers_with_balance.toLocaleString('en-IN')}</p>
              <p>{points(r.expired_awaiting_sweep_points)} expired, awaiting the sweep</p>
            </div>
          </div>
          <p class="meta">As of {instant(r.as_of)}.</p>
        </>
      ) : null}
    </section>
  );
}
