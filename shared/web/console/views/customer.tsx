import { useState } from 'preact/hooks';
import { Problem } from '../components/problem.js';
import { useApi } from '../components/use-api.js';
import { day, instant, money, points } from '../format.js';
import type { Customer, Overview } from '../types.js';
import { CustomerActions } from './customer-actions.js';
import { WalletPanel } from './wallet.js';
import { UsagesPanel } from './usages.js';
import { LedgerPanel } from './ledger.js';
import { AuditPanel } from './audit.js';

const erased = <span class="erased">erased</span>;

function Profile({ c }: { c: Customer }) {
  const gone = c.erasure !== null;
  return (
    <section class="card" aria-labelledby="profile-h">
      <h2 id="profile-h">Profile</h2>
      <dl>
        <dt>Name</dt>
        <dd>{gone ? erased : (c.name ?? '—')}</dd>
        <dt>E-mail</dt>
        <dd>{gone ? erased : (c.email ?? '—')}</dd>
        <dt>Phone</dt>
        <dd>{gone ? erased : (c.phone_number ?? '—')}</dd>
        <dt>Account</dt>
        <dd>{c.is_disabled ? <span class="badge disabled">disabled</span> : <span class="badge active">active</span>}</dd>
        {c.disabled_logs.length > 0 ? (
          <>
            <dt>Last change</dt>
            <dd>
              {c.disabled_logs.at(-1)!.action} by {c.disabled_logs.at(-1)!.actor}, {instant(c.disabled_logs.at(-1)!.at)}
              {c.disabled_logs.at(-1)!.reason ? `: ${c.disabled_logs.at(-1)!.reason}` : ''}
            </dd>
          </>
        ) : null}
        {c.erasure ? (
          <>
            <dt>Erased</dt>
            <dd>
              {instant(c.erasure.erased_at)} by {c.erasure.erased_by}: {c.erasure.reason}
            </dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}

function CodeCard({ c }: { c: Customer }) {
  const code = c.referral_code;
  return (
    <section class="card" aria-labelledby="code-h">
      <h2 id="code-h">Referral code</h2>
      {code ? (
        <dl>
          <dt>Code</dt>
          <dd>
            <code class="code">{code.referral_code}</code> <span class={`badge ${code.status}`}>{code.status}</span>
          </dd>
          <dt>Since</dt>
          <dd>{day(code.generated_at)}</dd>
          {code.status === 'inactive' ? (
            <>
              <dt>Deactivated</dt>
              <dd>
                {instant(code.deactivated_at)} by {code.deactivated_by ?? '—'}: {code.deactivation_reason ?? '—'}
              </dd>
            </>
          ) : null}
          <dt>Referrals</dt>
          <dd>
            {code.stats.successful_referrals} converted, {code.stats.pending_referrals} pending ({code.stats.total_uses} in use)
          </dd>
          <dt>Earned</dt>
          <dd>{points(code.stats.total_points_earned)}</dd>
          <dt>Discount given</dt>
          <dd>{money(code.stats.total_discount_given, 'INR')}</dd>
        </dl>
      ) : (
        <p class="empty">No code yet: it comes with the first paid booking.</p>
      )}
    </section>
  );
}

/** One customer: profile, code, wallet, actions, referrals, ledger and the audit trail. */
export function CustomerView({ customerId }: { customerId: string }) {
  const [version, setVersion] = useState(0);
  const overview = useApi<Overview>(`/v1/admin/customers/${encodeURIComponent(customerId)}`);
  const changed = () => {
    overview.reload();
    setVersion((n) => n + 1);
  };
  if (overview.failure) {
    return (
      <section>
        <h1 tabIndex={-1}>Customer {customerId}</h1>
        <Problem failure={overview.failure} onRetry={overview.reload} />
      </section>
    );
  }
  if (!overview.data) return <p class="loading">Loading customer {customerId}…</p>;
  const { customer: c, wallet } = overview.data;
  const base = `/v1/admin/customers/${encodeURIComponent(customerId)}`;
  return (
    <article class="customer" data-customer={c.customer_id}>
      <h1 tabIndex={-1}>{c.erasure ? `Customer ${c.customer_id} (erased)` : `${c.name ?? 'Customer'} · ${c.customer_id}`}</h1>
      <div class="grid">
        <Profile c={c} />
        <CodeCard c={c} />
        <WalletPanel wallet={wallet} />
      </div>
      <CustomerActions customer={c} onChanged={changed} />
      <UsagesPanel key={`u${version}`} base={base} onChanged={changed} />
      <LedgerPanel key={`l${version}`} base={base} onChanged={changed} />
      <AuditPanel key={`a${version}`} base={base} />
    </article>
  );
}
