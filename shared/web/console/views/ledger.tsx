import { call } from '../api.js';
import { ActionForm } from '../components/action-form.js';
import { Paged } from '../components/paged.js';
import { instant, signed, words } from '../format.js';
import type { LedgerEntry } from '../types.js';

/** What caused an entry, in a few words: a referral, a redemption for a deal, an admin's reason. */
function causeOf(e: LedgerEntry): string {
  const c = e.cause;
  const text = (k: string) => (typeof c[k] === 'string' ? c[k] : null);
  if (c.type === 'redemption') return `redemption ${text('redemption_id') ?? ''} for deal ${text('deal_id') ?? '—'}`;
  if (c.type === 'admin') return `by ${e.actor}: ${text('reason') ?? ''}`;
  if (c.type === 'usage') return `referral ${text('usage_id') ?? ''}`;
  return [words(c.type), text('reason')].filter(Boolean).join(': ');
}

/** The customer's ledger, newest first, paged; a redemption can be reversed from its row. */
export function LedgerPanel({ base, onChanged }: { base: string; onChanged: () => void }) {
  return (
    <section class="card" aria-labelledby="ledger-h">
      <h2 id="ledger-h">Ledger</h2>
      <Paged<{ entries: LedgerEntry[]; next_cursor: string | null }>
        path={`${base}/ledger`}
        label="Ledger"
        rows={(p) => p.entries}
        empty="No point has moved yet."
        render={(p) => (
          <div class="scroll">
            <table class="ledger">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Type</th>
                  <th scope="col" class="num">
                    Points
                  </th>
                  <th scope="col" class="num">
                    Balance after
                  </th>
                  <th scope="col">Cause</th>
                  <th scope="col">
                    <span class="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {p.entries.map((e) => (
                  <tr key={e.entry_id}>
                    <td>{instant(e.created_at)}</td>
                    <td>
                      <span class={`badge ${e.type.toLowerCase()}`}>{e.type}</span>
                    </td>
                    <td class="num">{signed(e.points)}</td>
                    <td class="num">{e.balance_after}</td>
                    <td>{causeOf(e)}</td>
                    <td>
                      {e.type === 'REDEEM' && typeof e.cause.redemption_id === 'string' ? (
                        <ActionForm
                          action="Reverse redemption"
                          confirm="Return these points to their lots (points past their expiry expire at once)?"
                          send={(v) =>
                            call('POST', `/v1/admin/redemptions/${encodeURIComponent(String(e.cause.redemption_id))}/reverse`, {
                              body: { reason: v.reason },
                            })
                          }
                          onDone={onChanged}
                          done="The redemption is reversed."
                        />
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      />
    </section>
  );
}
