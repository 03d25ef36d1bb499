import { useState } from 'preact/hooks';
import { call } from '../api.js';
import { ActionForm } from '../components/action-form.js';
import { Paged } from '../components/paged.js';
import { instant, points } from '../format.js';
import { hrefOf } from '../router.js';
import type { ReviewCase } from '../types.js';

/** Why a case was held, with what the signal saw. */
function Evidence({ c }: { c: ReviewCase }) {
  const e = c.evidence ?? {};
  const link = (id: string) => (
    <a key={id} href={hrefOf({ view: 'customer', customerId: id })}>
      {id}
    </a>
  );
  return (
    <ul class="evidence">
      {c.reasons.map((r) => (
        <li key={r}>
          {r === 'DISPOSABLE_EMAIL' ? (
            <>
              <strong>Disposable e-mail:</strong> the referee’s domain {e.disposable_domain ? <code>{e.disposable_domain}</code> : null} is
              on the disposable list.
            </>
          ) : r === 'SHARED_PAYMENT_METHOD' ? (
            <>
              <strong>Shared payment method:</strong> the referee paid with a card the referrer has used
              {e.shared_payment_with?.length ? (
                <> (also used by {e.shared_payment_with.map((id, i) => [i > 0 ? ', ' : '', link(id)])})</>
              ) : null}
              .
            </>
          ) : r === 'VELOCITY' ? (
            <>
              <strong>Velocity:</strong> the referrer had {e.conversions_24h ?? 'too many'} conversions in the 24 hours before this one.
            </>
          ) : (
            r
          )}
        </li>
      ))}
    </ul>
  );
}

function Case({ c }: { c: ReviewCase }) {
  const path = `/v1/admin/usages/${encodeURIComponent(c.usage_id)}`;
  const [decided, setDecided] = useState<string | null>(null);
  return (
    <li class={`case card${decided ? ' decided' : ''}`} aria-labelledby={`case-${c.usage_id}`}>
      <h2 id={`case-${c.usage_id}`}>
        {points(c.points)} for {link(c.referrer_id)}
      </h2>
      <p class="meta">
        Referee {link(c.referee_id)} · deal {c.deal_id} · code <code>{c.referral_code}</code> · held {instant(c.opened_at)}
      </p>
      <Evidence c={c} />
      {decided ? (
        <p class="success" role="status">
          {decided}
        </p>
      ) : (
        <div class="decide">
          <ActionForm
            action="Approve"
            confirm="Approve? The referrer is credited once."
            send={(v) => call('POST', `${path}/approve`, { body: { reason: v.reason } })}
            onDone={() => setDecided('Approved: the referrer is credited.')}
          />
          <ActionForm
            action="Reject"
            danger
            confirm="Reject? The case closes with no credit."
            send={(v) => call('POST', `${path}/reject`, { body: { reason: v.reason } })}
            onDone={() => setDecided('Rejected: the case is closed with no credit.')}
          />
        </div>
      )}
    </li>
  );
}

function link(id: string) {
  return <a href={hrefOf({ view: 'customer', customerId: id })}>{id}</a>;
}

/** The open review cases, oldest first; each decided with a reason, with the keyboard alone if need be. */
export function ReviewsView() {
  const [round, setRound] = useState(0);
  return (
    <section>
      <h1 tabIndex={-1}>Review queue</h1>
      <p class="lead">Credits held by a signal, oldest first. Approve credits the referrer once; reject closes the case with no credit.</p>
      <button type="button" class="secondary" onClick={() => setRound((n) => n + 1)}>
        Refresh the queue
      </button>
      <Paged<{ reviews: ReviewCase[]; next_cursor: string | null }>
        key={round}
        path="/v1/admin/reviews"
        query={{ status: 'open' }}
        limit={20}
        label="Review cases"
        rows={(p) => p.reviews}
        empty="No case is waiting for review."
        render={(p) => (
          <ol class="cases">
            {p.reviews.map((c) => (
              <Case key={c.usage_id} c={c} />
            ))}
          </ol>
        )}
      />
    </section>
  );
}
