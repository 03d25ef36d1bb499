import { day, points } from '../format.js';
import type { Wallet } from '../types.js';

const width = 600;
const height = 120;
const pad = 24;

/**
 * The live lots on a time axis from today to the last expiry: each lot a bar ending at its expiry,
 * as tall as its remaining points; held credits as open markers at their release date. The table
 * beside it says the same in words.
 */
function LotsTimeline({ wallet, now }: { wallet: Wallet; now: number }) {
  const ends = [...wallet.lots.map((l) => Date.parse(l.expires_at)), ...wallet.pending.map((p) => Date.parse(p.available_at))];
  if (ends.length === 0) return null;
  // The host's clock may run ahead of the browser's (a demo jumps it): start at whichever is first.
  const start = Math.min(now, ...ends);
  const last = Math.max(...ends, start + 86_400_000);
  const x = (t: number) => pad + ((t - start) / (last - start)) * (width - 2 * pad);
  const most = Math.max(...wallet.lots.map((l) => l.remaining), ...wallet.pending.map((p) => p.points), 1);
  const y = (n: number) => height - 20 - (n / most) * (height - 34);
  const summary = `${wallet.lots.length} live lots expiring between ${day(new Date(start).toISOString())} and ${day(new Date(last).toISOString())}`;
  return (
    <svg class="timeline" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={summary}>
      <line x1={pad} x2={width - pad} y1={height - 20} y2={height - 20} class="axis" />
      <text x={pad} y={height - 4} class="tick">
        {day(new Date(start).toISOString())}
      </text>
      <text x={width - pad} y={height - 4} class="tick end">
        {day(new Date(last).toISOString())}
      </text>
      {wallet.lots.map((l) => {
        const at = x(Date.parse(l.expires_at));
        return (
          <g key={l.lot_id} class="lot">
            <line x1={at} x2={at} y1={height - 20} y2={y(l.remaining)} />
            <circle cx={at} cy={y(l.remaining)} r={4} />
            <title>{`${points(l.remaining)} expire ${day(l.expires_at)}`}</title>
          </g>
        );
      })}
      {wallet.pending.map((p) => {
        const at = x(Date.parse(p.available_at));
        return (
          <g key={p.usage_id} class="held">
            <circle cx={at} cy={y(p.points)} r={5} />
            <title>{`${points(p.points)} held until ${day(p.available_at)}`}</title>
          </g>
        );
      })}
    </svg>
  );
}

/** The wallet as the customer sees it: balance, what expires soon, held credits and the live lots. */
export function WalletPanel({ wallet, now = Date.now() }: { wallet: Wallet; now?: number }) {
  return (
    <section class="card wallet" aria-labelledby="wallet-h">
      <h2 id="wallet-h">Wallet</h2>
      <p class="balance">
        <span class="figure" data-balance={wallet.balance}>
          {points(wallet.balance)}
        </span>{' '}
        spendable
      </p>
      {wallet.expiring_soon.points > 0 ? (
        <p class="warning">
          {points(wallet.expiring_soon.points)} expire before {day(wallet.expiring_soon.before)}
        </p>
      ) : null}
      <LotsTimeline wallet={wallet} now={now} />
      <table class="compact">
        <caption>Live lots and held credits</caption>
        <thead>
          <tr>
            <th scope="col">Points left</th>
            <th scope="col">Credited</th>
            <th scope="col">Expires / released</th>
          </tr>
        </thead>
        <tbody>
          {wallet.lots.map((l) => (
            <tr key={l.lot_id}>
              <td>
                {points(l.remaining)} of {l.points.toLocaleString('en-IN')}
              </td>
              <td>{day(l.credited_at)}</td>
              <td>expires {day(l.expires_at)}</td>
            </tr>
          ))}
          {wallet.pending.map((p) => (
            <tr key={p.usage_id} class="held-row">
              <td>{points(p.points)} held</td>
              <td>—</td>
              <td>released {day(p.available_at)}</td>
            </tr>
          ))}
          {wallet.lots.length + wallet.pending.length === 0 ? (
            <tr>
              <td colSpan={3}>No live lots.</td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </section>
  );
}
