import { call } from '../api.js';
import { ActionForm } from '../components/action-form.js';
import type { Customer } from '../types.js';

type Post = (path: string, body?: unknown, idempotencyKey?: string) => ReturnType<typeof call>;

/** A points adjustment: one idempotency key per form, so a double click or a retry writes one entry. */
function AdjustForm({ post, onChanged }: { post: Post; onChanged: () => void }) {
  return (
    <ActionForm
      title="Points"
      action="Adjust points"
      fields={[{ name: 'points', label: 'Points (negative to remove)', type: 'number', hint: 'A whole number, e.g. 500 or -200' }]}
      confirm="Write this adjustment to the customer's ledger?"
      send={(v, key) => post('/points/adjust', { points: Number(v.points), reason: v.reason }, key)}
      onDone={onChanged}
      done="The adjustment is in the ledger."
    />
  );
}

/** The actions on one customer: code and account lifecycle, a points adjustment, erasure. */
export function CustomerActions({ customer: c, onChanged }: { customer: Customer; onChanged: () => void }) {
  const base = `/v1/admin/customers/${encodeURIComponent(c.customer_id)}`;
  const post: Post = (path, body, idempotencyKey) =>
    call('POST', `${base}${path}`, { ...(body === undefined ? {} : { body }), ...(idempotencyKey ? { idempotencyKey } : {}) });
  const code = c.referral_code;
  if (c.erasure) {
    return (
      <section class="card actions" aria-labelledby="actions-h">
        <h2 id="actions-h">Actions</h2>
        <p class="notice">
          This customer was erased: their code and account stay closed (the API refuses activation with <code>CUSTOMER_ERASED</code>).
          Points can still be adjusted, as the ledger keeps its amounts.
        </p>
        <AdjustForm post={post} onChanged={onChanged} />
      </section>
    );
  }
  return (
    <section class="card actions" aria-labelledby="actions-h">
      <h2 id="actions-h">Actions</h2>
      <div class="action-grid">
        {code?.status === 'active' ? (
          <ActionForm
            title="Referral code"
            action="Deactivate code"
            confirm={`Deactivate ${code.referral_code}? Nobody can apply it until it is activated again.`}
            send={(v) => post('/referral-code/deactivate', { reason: v.reason })}
            onDone={onChanged}
            done="The code is deactivated."
          />
        ) : code ? (
          <ActionForm
            title="Referral code"
            action="Activate code"
            confirm={`Activate ${code.referral_code} again?`}
            send={(v) => post('/referral-code/activate', { reason: v.reason })}
            onDone={onChanged}
            done="The code is active."
          />
        ) : null}
        {c.is_disabled ? (
          <ActionForm
            title="Account"
            action="Enable customer"
            confirm="Enable this customer? Their code and credits work again."
            send={(v) => post('/enable', { reason: v.reason })}
            onDone={onChanged}
            done="The customer is enabled."
          />
        ) : (
          <ActionForm
            title="Account"
            action="Disable customer"
            confirm="Disable this customer? Their credits are withheld and they cannot apply codes."
            send={(v) => post('/disable', { reason: v.reason })}
            onDone={onChanged}
            done="The customer is disabled."
          />
        )}
        <AdjustForm post={post} onChanged={onChanged} />
        <ActionForm
          title="Erasure"
          action="Erase personal data"
          danger
          typeToConfirm={c.customer_id}
          confirm="Erase this customer's name, e-mail and phone everywhere? This cannot be undone; ids and amounts stay."
          send={(v) => post('/erase', { reason: v.reason })}
          onDone={onChanged}
          done="The customer is erased."
        />
      </div>
    </section>
  );
}
