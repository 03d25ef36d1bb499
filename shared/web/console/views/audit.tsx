import { Paged } from '../components/paged.js';
import { instant, words } from '../format.js';
import type { AuditEntry } from '../types.js';

/** Who did what to this customer, when and why, newest first. */
export function AuditPanel({ base }: { base: string }) {
  return (
    <section class="card" aria-labelledby="audit-h">
      <h2 id="audit-h">Audit trail</h2>
      <Paged<{ entries: AuditEntry[]; next_cursor: string | null }>
        path={`${base}/audit`}
        label="Audit trail"
        rows={(p) => p.entries}
        empty="No admin has acted on this customer."
        render={(p) => (
          <div class="scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">What</th>
                  <th scope="col">Why</th>
                </tr>
              </thead>
              <tbody>
                {p.entries.map((a, i) => (
                  <tr key={`${a.at}-${i}`}>
                    <td>{instant(a.at)}</td>
                    <td>{a.actor}</td>
                    <td>
                      {words(a.action)}
                      {a.target ? <small> {a.target}</small> : null}
                    </td>
                    <td>{a.reason ?? '—'}</td>
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
