import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { call, newIdempotencyKey, type ApiFailure } from '../api.js';
import { SubmitStep, type Stage } from '../components/submit-step.js';
import { fieldProblems } from '../messages.js';

interface Input {
  name: string;
  label: string;
  hint: string;
  type?: string;
  /** The API's field path (`referee_discount.amount`), when it differs from `name`. */
  field?: string;
}

const inputs: Input[] = [
  { name: 'effective_from', label: 'Starts (UTC)', hint: 'Not in the past, e.g. 2027-01-01T00:00', type: 'datetime-local' },
  { name: 'reason', label: 'Reason', hint: 'Kept with the version, e.g. "Diwali week"' },
  { name: 'discount', label: 'Referee discount (₹)', hint: 'Blank keeps the value in force', field: 'referee_discount.amount' },
  { name: 'referrer_reward_points', label: 'Referrer reward (points)', hint: 'Blank keeps the value in force' },
  { name: 'points_validity_months', label: 'Points valid for (months)', hint: '1 to 120; blank keeps' },
  { name: 'credit_hold_days', label: 'Credit hold (days)', hint: '0 to 365; blank keeps' },
  { name: 'max_referrals_per_referrer', label: 'Referrals per referrer', hint: 'A number, "none" for unlimited; blank keeps' },
  { name: 'milestones', label: 'Milestones', hint: 'referrals:bonus, comma-separated, e.g. 5:1000, 10:2500; blank keeps' },
];

/** Rupees as typed (`2000` or `2000.50`) to integer paise, without floating point; anything else goes to the API as it is, to be named. */
function minorUnits(typed: string): number | string {
  const m = /^\s*(\d{1,9})(?:\.(\d{1,2}))?\s*$/.exec(typed);
  return m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : typed;
}

const numberOrText = (typed: string) => (/^\s*-?\d+\s*$/.test(typed) ? Number(typed) : typed);

/** The request body from what was typed: blank fields are left out, so they keep the values in force. */
function bodyOf(v: Record<string, string>, currency: string): Record<string, unknown> {
  const body: Record<string, unknown> = { reason: v.reason ?? '' };
  const from = v.effective_from?.trim();
  body.effective_from = from ? (/Z|[+-]\d\d:\d\d$/.test(from) ? from : `${from.length === 16 ? `${from}:00` : from}Z`) : '';
  if (v.discount?.trim()) body.referee_discount = { amount: minorUnits(v.discount), currency };
  for (const k of ['referrer_reward_points', 'points_validity_months', 'credit_hold_days'] as const)
    if (v[k]?.trim()) body[k] = numberOrText(v[k]);
  const cap = v.max_referrals_per_referrer?.trim();
  if (cap) body.max_referrals_per_referrer = cap.toLowerCase() === 'none' ? null : numberOrText(cap);
  if (v.must_be_new === 'yes' || v.must_be_new === 'no') body.referee_must_be_new = v.must_be_new === 'yes';
  const ms = v.milestones?.trim();
  if (ms) {
    body.milestones = ms.split(',').map((pair) => {
      const [n = '', b = ''] = pair.split(':');
      return { successful_referrals: numberOrText(n), bonus_points: numberOrText(b) };
    });
  }
  return body;
}

/** Schedule a version of the terms: errors appear beside the fields they name; what was typed stays. */
export function TermsForm({ currency, onScheduled }: { currency: string; onScheduled: () => void }) {
  const [v, setV] = useState<Record<string, string>>({});
  const [stage, setStage] = useState<Stage>('edit');
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const key = useRef(newIdempotencyKey());
  const confirmButton = useRef<HTMLButtonElement>(null);
  // The confirmation takes the focus, so Enter twice (or Space) confirms from the keyboard.
  useLayoutEffect(() => {
    if (stage === 'confirm') confirmButton.current?.focus();
  }, [stage]);
  const problems = fieldProblems(failure);
  const problemOf = (i: Input) =>
    problems[i.field ?? i.name] ?? Object.entries(problems).find(([k]) => k.startsWith(`${i.field ?? i.name}.`))?.[1];

  async function send() {
    setStage('sending');
    const r = await call<{ terms_id: string }>('POST', '/v1/admin/programme/terms', {
      body: bodyOf(v, currency),
      idempotencyKey: key.current,
    });
    if (r.ok) {
      key.current = newIdempotencyKey();
      setV({});
      setFailure(null);
      setDone(`Scheduled ${r.data.terms_id}.`);
      onScheduled();
    } else {
      setFailure(r);
      setDone(null);
    }
    setStage(r.ok || r.kind === 'refused' ? 'edit' : 'confirm');
  }

  return (
    <form
      class="card terms-form"
      aria-labelledby="schedule-h"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (stage === 'edit') {
          setDone(null);
          setStage('confirm');
        } else if (stage === 'confirm') void send();
      }}
    >
      <h2 id="schedule-h">Schedule a version</h2>
      <div class="form-grid">
        {inputs.map((i) => {
          const problem = problemOf(i);
          const id = `terms-${i.name}`;
          return (
            <div class={`field${problem ? ' invalid' : ''}`} key={i.name}>
              <label for={id}>{i.label}</label>
              <input
                id={id}
                name={i.name}
                type={i.type ?? 'text'}
                value={v[i.name] ?? ''}
                aria-invalid={problem ? 'true' : undefined}
                aria-describedby={`${id}-note`}
                disabled={stage !== 'edit'}
                onInput={(e) => setV({ ...v, [i.name]: e.currentTarget.value })}
              />
              <small id={`${id}-note`} class={problem ? 'field-problem' : 'hint'}>
                {problem ?? i.hint}
              </small>
            </div>
          );
        })}
        <div class="field">
          <label for="terms-must-be-new">Referee must be new</label>
          <select
            id="terms-must-be-new"
            value={v.must_be_new ?? 'keep'}
            disabled={stage !== 'edit'}
            onChange={(e) => setV({ ...v, must_be_new: e.currentTarget.value })}
          >
            <option value="keep">Keep the value in force</option>
            <option value="yes">Yes</option>
            <option value="no">No</option>
          </select>
        </div>
      </div>
      <SubmitStep
        stage={stage}
        action="Schedule"
        confirm="Schedule this version? It starts on its own at the time given."
        failure={failure}
        success={done}
        confirmButton={confirmButton}
        onCancel={() => setStage('edit')}
      />
    </form>
  );
}
