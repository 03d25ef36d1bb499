import { randomBytes } from 'node:crypto';
import { HostClient } from './demo-client.js';
import { trustScene } from './demo-trust.js';
import { growthScene } from './demo-growth.js';

const api = new HostClient(process.env.DEMO_URL ?? `http://localhost:${process.env.PORT ?? 8080}`);
const run = randomBytes(3).toString('hex');
const id = (name: string) => `${name}-${run}`;
const say = (text: string) => process.stdout.write(`\n${text}\n`);
const show = (label: string, value: unknown) =>
  process.stdout.write(`   ${label}: ${typeof value === 'string' ? value : JSON.stringify(value)}\n`);
const rupees = (minor: number) => `₹${(minor / 100).toLocaleString('en-IN')}`;

async function main(): Promise<void> {
  const health = await api.call('GET', '/healthz').catch(() => null);
  if (!health || health.status !== 200) throw new Error(`No local host at ${api.baseUrl}: start it with npm start in another shell`);
  say(`The referral journey, told against ${api.baseUrl} (${health.body.stores}).`);
  const asha = id('asha');
  const ben = id('ben');
  const chen = id('chen');
  const [ashaToken, benToken, chenToken, adminToken] = await Promise.all([
    api.token(asha),
    api.token(ben),
    api.token(chen),
    api.token(id('ops'), ['admin']),
  ]);
  await api.expect(200, 'PUT', `/_dev/customers/${asha}`, { body: { name: 'Asha Rao', email: `${asha}@example.com` } });
  await api.expect(200, 'PUT', `/_dev/customers/${ben}`, { body: { name: 'Ben Thomas', email: `${ben}@example.com` } });
  await api.expect(200, 'PUT', `/_dev/customers/${chen}`, { body: { name: 'Chen Li', email: `${chen}@example.com` } });

  say('1. Asha pays for her first trip; the payments system says so on topic payments.');
  const before = await api.call('GET', '/v1/referral-code', { token: ashaToken });
  show('before paying, her code', `${before.status} ${before.body.error.code}`);
  await api.expect(200, 'PUT', `/_dev/deals/${id('goa')}`, { body: { customer_id: asha, amount: 1_800_000 } });
  await api.paymentCompleted(id('goa'), asha, 1_800_000);
  const code = (await api.expect(200, 'GET', '/v1/referral-code', { token: ashaToken })).referral_code as string;
  show('her referral code', code);

  say(`2. Her friend Ben books a trip and types the code carelessly: "${code.toLowerCase().replace('-', ' ')}".`);
  await api.expect(200, 'PUT', `/_dev/deals/${id('kerala')}`, { body: { customer_id: ben, amount: 2_500_000 } });
  const typed = code.toLowerCase().replace('-', ' ');
  const check = await api.expect(200, 'POST', '/v1/referral-code/validate', {
    token: benToken,
    body: { code: typed, deal_id: id('kerala') },
  });
  show('validate', check);
  const applied = await api.expect(201, 'POST', '/v1/referral-code/apply', {
    token: benToken,
    body: { code: typed, deal_id: id('kerala') },
  });
  show('apply', `usage ${applied.usage_id}, ${applied.status}, ${rupees(applied.discount.amount)} off`);
  const again = await api.call('POST', '/v1/referral-code/apply', { token: benToken, body: { code, deal_id: id('kerala') } });
  show('the app retries the same apply', `${again.status}, same usage: ${again.body.usage_id === applied.usage_id}`);
  const self = await api.call('POST', '/v1/referral-code/apply', { token: ashaToken, body: { code, deal_id: id('goa') } });
  show('Asha tries her own code', `${self.status} ${self.body.error.code}`);

  say('3. Ben pays. The payments system delivers payment.completed twice (at-least-once).');
  await api.paymentCompleted(id('kerala'), ben, 2_300_000);
  await api.paymentCompleted(id('kerala'), ben, 2_300_000);
  const points1 = await api.expect(200, 'GET', '/v1/points', { token: ashaToken });
  show("Asha's balance", `${points1.balance} points (one lot, expires ${points1.lots[0].expires_at.slice(0, 10)})`);

  say('4. A month later Chen is referred too, and pays; Asha now has two lots.');
  const monthLater = new Date(Date.now() + 30 * 86_400_000);
  await api.expect(200, 'PUT', '/_dev/clock', { body: { now: monthLater.toISOString() } });
  await api.expect(200, 'PUT', `/_dev/deals/${id('ladakh')}`, { body: { customer_id: chen, amount: 4_000_000 } });
  await api.expect(201, 'POST', '/v1/referral-code/apply', { token: chenToken, body: { code, deal_id: id('ladakh') } });
  await api.paymentCompleted(id('ladakh'), chen, 3_800_000);
  const points2 = await api.expect(200, 'GET', '/v1/points', { token: ashaToken });
  show(
    "Asha's balance",
    `${points2.balance} points in lots expiring ${points2.lots.map((l: any) => l.expires_at.slice(0, 10)).join(' and ')}`,
  );

  say('5. Asha spends 500 points on her next booking (the app sends an Idempotency-Key and retries once).');
  await api.expect(200, 'PUT', `/_dev/deals/${id('andaman')}`, { body: { customer_id: asha, amount: 3_000_000 } });
  const key = { 'idempotency-key': id('redeem') };
  const redeemed = await api.expect(201, 'POST', '/v1/points/redeem', {
    token: ashaToken,
    headers: key,
    body: { points: 500, deal_id: id('andaman') },
  });
  const retried = await api.expect(201, 'POST', '/v1/points/redeem', {
    token: ashaToken,
    headers: key,
    body: { points: 500, deal_id: id('andaman') },
  });
  show(
    'redeemed',
    `${redeemed.points} points from the earliest-expiring lot ${redeemed.allocations[0].lot_id.slice(0, 16)}…; balance ${redeemed.balance_after}`,
  );
  show('the retry', `same redemption: ${retried.redemption_id === redeemed.redemption_id}, balance still ${retried.balance_after}`);
  const greedy = await api.call('POST', '/v1/points/redeem', {
    token: ashaToken,
    headers: { 'idempotency-key': id('too-much') },
    body: { points: 99_999, deal_id: id('andaman') },
  });
  show('asking for more than she has', `${greedy.status} ${greedy.body.error.code}`);

  say("6. Ben's booking is refunded: his referral is reversed and what is left of its lot clawed back.");
  await api.paymentRefunded(id('kerala'), ben);
  const claw = (await api.expect(200, 'GET', '/v1/points/ledger?limit=1', { token: ashaToken })).entries[0];
  show(
    'ledger',
    `${claw.type} ${claw.points} points; shortfall ${claw.shortfall} (already spent: finance follows up, the balance never goes negative)`,
  );
  show("Asha's balance", `${(await api.expect(200, 'GET', '/v1/points', { token: ashaToken })).balance} points`);

  say(
    '7. Marketing schedules a festival week without a deploy: from next week ₹3000 off and 3000 points,\n' +
      '   a 2-day hold on the reward (a booking can still be cancelled), and 1000 bonus points at 3 referrals.',
  );
  const dev = id('dev');
  const esha = id('esha');
  const [devToken, eshaToken] = await Promise.all([api.token(dev), api.token(esha)]);
  await api.expect(200, 'PUT', `/_dev/customers/${dev}`, { body: { name: 'Dev Mehta', email: `${dev}@example.com` } });
  await api.expect(200, 'PUT', `/_dev/customers/${esha}`, { body: { name: 'Esha Iyer', email: `${esha}@example.com` } });
  const day = 86_400_000;
  const festivalFrom = new Date(monthLater.getTime() + 7 * day);
  const festival = await api.expect(201, 'POST', '/v1/admin/programme/terms', {
    token: adminToken,
    headers: { 'idempotency-key': id('festival') },
    body: {
      effective_from: festivalFrom.toISOString(),
      reason: 'Festival week',
      referee_discount: { amount: 300_000, currency: 'INR' },
      referrer_reward_points: 3000,
      credit_hold_days: 2,
      milestones: [{ successful_referrals: 3, bonus_points: 1000 }],
    },
  });
  // The week ends with the standard offer back, scheduled now too.
  const standard = await api.expect(201, 'POST', '/v1/admin/programme/terms', {
    token: adminToken,
    headers: { 'idempotency-key': id('festival-ends') },
    body: {
      effective_from: new Date(festivalFrom.getTime() + 7 * day).toISOString(),
      reason: 'Festival week ends',
      referee_discount: { amount: 200_000, currency: 'INR' },
      referrer_reward_points: 2000,
      credit_hold_days: 0,
      milestones: [],
    },
  });
  show(
    'scheduled',
    `${festival.terms_id} from ${festival.effective_from.slice(0, 10)}, ${standard.terms_id} from ${standard.effective_from.slice(0, 10)}`,
  );
  await api.expect(200, 'PUT', `/_dev/deals/${id('sikkim')}`, { body: { customer_id: dev, amount: 2_200_000 } });
  const devUsage = await api.expect(201, 'POST', '/v1/referral-code/apply', { token: devToken, body: { code, deal_id: id('sikkim') } });
  show('Dev applies before the festival', `${rupees(devUsage.discount.amount)} off`);
  await api.expect(200, 'PUT', '/_dev/clock', { body: { now: new Date(festivalFrom.getTime() + day).toISOString() } });
  await api.expect(200, 'PUT', `/_dev/deals/${id('hampi')}`, { body: { customer_id: esha, amount: 2_600_000 } });
  const eshaCheck = await api.expect(200, 'POST', '/v1/referral-code/validate', { token: eshaToken, body: { code, deal_id: id('hampi') } });
  show('during the festival, validate for Esha', `${rupees(eshaCheck.discount.amount)} off`);
  await api.expect(201, 'POST', '/v1/referral-code/apply', { token: eshaToken, body: { code, deal_id: id('hampi') } });
  await api.paymentCompleted(id('sikkim'), dev, 2_000_000);
  await api.paymentCompleted(id('hampi'), esha, 2_300_000);
  const held = await api.expect(200, 'GET', '/v1/points', { token: ashaToken });
  const devCredit = (await api.expect(200, 'GET', '/v1/points/ledger?limit=1', { token: ashaToken })).entries[0];
  show("Dev's payment (applied under the old offer)", `${devCredit.points} points, credited at once`);
  show(
    "Esha's payment (festival offer)",
    held.pending.map((p: any) => `${p.points} points pending until ${p.available_at.slice(0, 10)}`).join(', '),
  );
  show("Asha's balance", `${held.balance} points (pending points are not spendable)`);
  await api.expect(200, 'PUT', '/_dev/clock', { body: { now: new Date(festivalFrom.getTime() + 3 * day + 3_600_000).toISOString() } });
  show('two days later, the hold release sweep', (await api.expect(200, 'POST', '/_scheduler/releaseHeldCredits')).report);
  const released = await api.expect(200, 'GET', '/v1/points/ledger?limit=2', { token: ashaToken });
  for (const e of released.entries.reverse())
    show(
      'ledger',
      `${e.type} ${e.points} points (${e.cause.type === 'milestone' ? `milestone: ${e.cause.milestone} referrals` : e.entry_id})`,
    );
  show("Asha's balance", `${(await api.expect(200, 'GET', '/v1/points', { token: ashaToken })).balance} points`);

  say("8. The deal sync writes the deals' referral codes to the deals table in one batch.");
  show('sync', (await api.expect(200, 'POST', '/_scheduler/syncDealReferrals')).report);
  show(
    `deal ${id('ladakh')}`,
    `referral_code_applied = ${(await api.expect(200, 'GET', `/_dev/deals/${id('ladakh')}`)).referral_code_applied}`,
  );
  show(
    `deal ${id('kerala')} (refunded)`,
    `referral_code_applied = ${(await api.expect(200, 'GET', `/_dev/deals/${id('kerala')}`)).referral_code_applied}`,
  );

  say("9. Time passes. Three days before Chen's lot expires, the reminder sweep runs.");
  const expiresAt = new Date(points2.lots.at(-1).expires_at);
  await api.expect(200, 'PUT', '/_dev/clock', { body: { now: new Date(expiresAt.getTime() - 3 * 86_400_000).toISOString() } });
  show('reminder sweep', (await api.expect(200, 'POST', '/_scheduler/remindExpiringPoints')).report);
  show('expiring soon', (await api.expect(200, 'GET', '/v1/points', { token: ashaToken })).expiring_soon);

  say('10. A day after expiry the lot is no longer spendable, even before the sweep; then the sweep expires it.');
  await api.expect(200, 'PUT', '/_dev/clock', { body: { now: new Date(expiresAt.getTime() + 86_400_000).toISOString() } });
  show('balance before the sweep', (await api.expect(200, 'GET', '/v1/points', { token: ashaToken })).balance);
  show('expiry sweep', (await api.expect(200, 'POST', '/_scheduler/expireReferralPoints')).report);

  say('11. The reconcile job checks every invariant of the data.');
  const rec = (await api.expect(200, 'POST', '/_scheduler/reconcile')).report;
  show('violations', rec.violations.length);

  await trustScene({ api, id, referrer: asha, code, adminToken, say, show });
  await api.expect(200, 'DELETE', '/_dev/clock');
  await growthScene({ api, id, referrer: asha, code, adminToken, say, show });

  say("Asha's referral stats, wallet and ledger:");
  const admin = await api.expect(200, 'GET', `/v1/admin/customers/${asha}`, { token: adminToken });
  show('stats', admin.customer.referral_code.stats);
  show('wallet', {
    balance: admin.wallet.balance,
    lots: admin.wallet.lots.map((l: any) => `${l.lot_id.slice(0, 16)}… ${l.remaining}/${l.points} ${l.status}`),
  });
  const ledger = await api.expect(200, 'GET', '/v1/points/ledger?limit=20', { token: ashaToken });
  for (const e of [...ledger.entries].reverse()) {
    process.stdout.write(
      `   ${String(e.seq).padStart(3)}  ${e.type.padEnd(16)} ${String(e.points).padStart(6)}  balance ${String(e.balance_after).padStart(5)}  ${e.entry_id}\n`,
    );
  }
  const notes = (await api.expect(200, 'GET', '/_pubsub/referral-notifications/messages')).messages.filter(
    (m: any) => m.data.customer_id === asha,
  );
  const distinct = new Map(notes.map((m: any) => [m.attributes.notification_id, m.attributes.type]));
  show(
    `notifications for Asha (${notes.length} published, ${distinct.size} distinct ids: retries repeat an id, consumers drop it)`,
    [...distinct.values()].join(', '),
  );
  const carelessCode = code.toLowerCase().replace('-', ' ');
  const found = await api.expect(200, 'GET', `/v1/admin/customers?query=${encodeURIComponent(carelessCode)}`, { token: adminToken });
  show(`support console: the admin search finds Asha by her code typed as "${carelessCode}"`, found.matches[0]);
  say(`The journey is complete. See it as support does: ${api.baseUrl}/console/#/customers/${asha} (sign in as local admin).`);
}

main().catch((e: unknown) => {
  process.stderr.write(`\nDemo failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
