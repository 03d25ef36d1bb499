import { useState } from 'preact/hooks';
import { call } from '../api.js';
import { ActionForm } from '../components/action-form.js';
import { Problem } from '../components/problem.js';
import { useApi } from '../components/use-api.js';
import { instant, money, points } from '../format.js';
import { TermsForm } from './terms-form.js';

interface TermsVersion {
  terms_id: string;
  version: number;
  effective_from: string;
  reason: string;
  created_by: string;
  status: 'past' | 'in_force' | 'scheduled' | 'withdrawn';
  referee_discount: { amount: number; currency: string };
  referrer_reward_points: number;
  points_validity_months: number;
  credit_hold_days: number;
  max_referrals_per_referrer: number | null;
  referee_must_be_new: boolean;
  milestones: Array<{ successful_referrals: number; bonus_points: number }>;
}

/** Every version of the programme terms with its status; schedule one, withdraw one not yet started. */
export function TermsView() {
  const list = useApi<{ in_force: string; terms: TermsVersion[] }>('/v1/admin/programme/terms');
  const [round, setRound] = useState(0);
  const changed = () => {
    list.reload();
    setRound((n) => n + 1);
  };
  const current = list.data?.terms.find((t) => t.status === 'in_force');
  return (
    <section>
      <h1 tabIndex={-1}>Programme terms</h1>
      <Problem failure={list.failure} onRetry={list.reload} />
      {list.data ? (
        <div class="card scroll">
          <table class="terms">
            <caption>Versions, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Status</th>
                <th scope="col">Starts</th>
                <th scope="col">Offer</th>
                <th scope="col">Reason</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {[...list.data.terms].reverse().map((t) => (
                <tr key={t.terms_id} data-terms={t.terms_id}>
                  <td>{t.terms_id}</td>
                  <td>
                    <span class={`badge ${t.status}`}>{t.status.replace('_', ' ')}</span>
                  </td>
                  <td>{instant(t.effective_from)}</td>
                  <td>
                    {money(t.referee_discount.amount, t.referee_discount.currency)} off; {points(t.referrer_reward_points)} for{' '}
                    {t.points_validity_months} months
                    {t.credit_hold_days > 0 ? `, held ${t.credit_hold_days} days` : ''}
                    {t.milestones.length > 0
                      ? `; bonuses ${t.milestones.map((m) => `${m.successful_referrals}:${m.bonus_points}`).join(', ')}`
                      : ''}
                  </td>
                  <td>
                    {t.reason} <small>({t.created_by})</small>
                  </td>
                  <td>
                    {t.status === 'scheduled' ? (
                      <ActionForm
                        key={`${t.terms_id}-${round}`}
                        action={`Withdraw ${t.terms_id}`}
                        reason={false}
                        confirm={`Withdraw ${t.terms_id}? It will never start.`}
                        send={() => call('DELETE', `/v1/admin/programme/terms/${encodeURIComponent(t.terms_id)}`)}
                        onDone={changed}
                        done="Withdrawn."
                      />
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <TermsForm currency={current?.referee_discount.currency ?? 'INR'} onScheduled={changed} />
    </section>
  );
}
