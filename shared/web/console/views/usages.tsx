import { useState } from 'preact/hooks';
import { call } from '../api.js';
import { ActionForm } from '../components/action-form.js';
import { Paged } from '../components/paged.js';
import { day, points, words } from '../format.js';
import { hrefOf } from '../router.js';
import type { Usage } from '../types.js';

type Side = 'referrer' | 'referee';

/** What an agent may do about one referral's credit: release a withheld one, decide a review case. */
export function CreditActions({ usage, onChanged }: { usage: Usage; onChanged: () => void }) {
  const path = `/v1/admin/usages/${encodeURIComponent(usage.usage_id)}`;
  if (usage.credit_status === 'withheld') {
    return (
      <ActionForm
        action="Release credit"
        confirm={`Credit the referrer the ${points(usage.points)} withheld while they were disabled?`}
        send={(v) => call('POST', `${path}/release-credit`, { body: { reason: v.reason } })}
        onDone={onChanged}
        done="The credit is released."
      />
    );
  }
  if (usage.credit_status === 'review' && usage.review?.status === 'open') {
    return (
      <div class="decide">
        <ActionForm
          action="Approve"
          confirm="Approve this referral? The referrer is credited once."
          send={(v) => call('POST', `${path}/approve`, { body: { reason: v.reason } })}
          onDone={onChanged}
          done="Approved: the referrer is credited."
        />
        <ActionForm
          action="Reject"
          danger
          confirm="Reject this referral? The case closes with no credit."
          send={(v) => call('POST', `${path}/reject`, { body: { reason: v.reason } })}
          onDone={onChanged}
          done="Rejected: no credit."
        />
      </div>
    );
  }
  return null;
}

function UsageRow({ u, side, onChanged }: { u: Usage; side: Side; onChanged: () => void }) {
  const other = u.other_party_id;
  return (
    <tr>
      <td>
        <code>{u.usage_id}</code>
        <br />
        <small>deal {u.deal_id}</small>
      </td>
      <td>
        <a href={hrefOf({ view: 'customer', customerId: other })}>{other}</a>
      </td>
      <td>
        <span class={`badge ${u.state}`}>{u.state}</span>
      </td>
      <td>
        {words(u.credit_status)}
        {u.review?.reasons.length ? <small class="reasons"> ({u.review.reasons.map(words).join(', ')})</small> : null}
      </td>
      <td>
        {points(u.points)}
        {u.credit_available_at && u.credit_status === 'pending' ? <small> on {day(u.credit_available_at)}</small> : null}
      </td>
      <td>
        {day(u.applied_at)}
        {u.converted_at ? ` → ${day(u.converted_at)}` : ''}
      </td>
      <td>{side === 'referrer' ? <CreditActions usage={u} onChanged={onChanged} /> : null}</td>
    </tr>
  );
}

/** The customer's referrals, as referrer or as referee, newest first, paged. */
export function UsagesPanel({ base, onChanged }: { base: string; onChanged: () => void }) {
  const [side, setSide] = useState<Side>('referrer');
  return (
    <section class="card" aria-labelledby="usages-h">
      <h2 id="usages-h">Referrals</h2>
      <div class="tabs" role="group" aria-label="Which side">
        {(['referrer', 'referee'] as const).map((s) => (
          <button key={s} type="button" class={s === side ? 'tab current' : 'tab'} aria-pressed={s === side} onClick={() => setSide(s)}>
            {s === 'referrer' ? 'As referrer' : 'As referee'}
          </button>
        ))}
      </div>
      <Paged<{ usages: Usage[]; next_cursor: string | null }>
        key={side}
        path={`${base}/usages`}
        query={{ side }}
        label="Referrals"
        rows={(p) => p.usages}
        empty={side === 'referrer' ? 'Nobody has used this customer’s code yet.' : 'This customer has not used a code.'}
        render={(p) => (
          <div class="scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">Referral</th>
                  <th scope="col">{side === 'referrer' ? 'Referee' : 'Referrer'}</th>
                  <th scope="col">State</th>
                  <th scope="col">Credit</th>
                  <th scope="col">Points</th>
                  <th scope="col">Applied → paid</th>
                  <th scope="col">
                    <span class="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {p.usages.map((u) => (
                  <UsageRow key={u.usage_id} u={u} side={side} onChanged={onChanged} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      />
    </section>
  );
}
