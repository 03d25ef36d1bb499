import type { HostClient } from './demo-client.js';

/** What the review scene borrows from the demo: its client, names, the referrer's code and how it prints. */
export interface SceneParts {
  api: HostClient;
  id: (name: string) => string;
  referrer: string;
  code: string;
  adminToken: string;
  say: (text: string) => void;
  show: (label: string, value: unknown) => void;
}

/**
 * The review queue and erasure (docs/rules.md §7), told against the running host: one referee
 * with a disposable e-mail and one paying with the referrer's own card are held for review; an
 * admin approves the first, rejects the second, and erases the second on request.
 */
export async function trustScene({ api, id, referrer, code, adminToken, say, show }: SceneParts): Promise<void> {
  say('Trust and support: two referrals look odd, so their credits wait for an admin instead of being refused.');
  const dara = id('dara');
  const eli = id('eli');
  const [referrerToken, daraToken, eliToken] = await Promise.all([api.token(referrer), api.token(dara), api.token(eli)]);
  await api.expect(200, 'PUT', `/_dev/customers/${dara}`, { body: { name: 'Dara Shah', email: `${dara}@mailinator.com` } });
  await api.expect(200, 'PUT', `/_dev/customers/${eli}`, {
    body: { name: 'Eli Roy', email: `${eli}@example.com`, phone_number: '+91 90000 33333' },
  });
  await api.paymentCompleted(id('asha-card'), referrer, 900_000, { payment_method: { fingerprint: id('card') } });
  for (const [who, token, deal, card] of [
    [dara, daraToken, id('ooty'), id('dara-card')],
    [eli, eliToken, id('coorg'), id('card')],
  ] as const) {
    await api.expect(200, 'PUT', `/_dev/deals/${deal}`, { body: { customer_id: who, amount: 2_100_000 } });
    await api.expect(201, 'POST', '/v1/referral-code/apply', { token, body: { code, deal_id: deal } });
    await api.paymentCompleted(deal, who, 1_900_000, { payment_method: { fingerprint: card } });
  }
  const mine = (await api.expect(200, 'GET', '/v1/referrals?limit=3', { token: referrerToken })).referrals;
  show('the referrer sees', mine.map((r: any) => `${r.referee_name}: ${r.credit_status_label}`).join(', '));
  const queue = (await api.expect(200, 'GET', '/v1/admin/reviews?status=open', { token: adminToken })).reviews.filter(
    (r: any) => r.referrer_id === referrer,
  );
  show('the review queue, oldest first', queue.map((r: any) => `${r.usage_id.slice(0, 12)}… ${r.reasons.join('+')}`).join('; '));
  // Cases opened at one instant list by id: pick each by its reason.
  const daraCase = queue.find((r: any) => r.reasons.includes('DISPOSABLE_EMAIL'));
  const eliCase = queue.find((r: any) => r.reasons.includes('SHARED_PAYMENT_METHOD'));
  if (!daraCase || !eliCase) throw new Error('the two odd referrals are not both in the review queue');
  const before = (await api.expect(200, 'GET', '/v1/points', { token: referrerToken })).balance;
  await api.expect(200, 'POST', `/v1/admin/usages/${daraCase.usage_id}/approve`, {
    token: adminToken,
    body: { reason: 'booking checked' },
  });
  const again = await api.call('POST', `/v1/admin/usages/${daraCase.usage_id}/approve`, { token: adminToken });
  const after = (await api.expect(200, 'GET', '/v1/points', { token: referrerToken })).balance;
  show('approved (twice)', `${again.status} again; balance ${before} → ${after}: credited once`);
  const rejected = await api.expect(200, 'POST', `/v1/admin/usages/${eliCase.usage_id}/reject`, {
    token: adminToken,
    body: { reason: "paid with the referrer's card" },
  });
  const late = await api.call('POST', `/v1/admin/usages/${eliCase.usage_id}/approve`, { token: adminToken });
  show(
    'rejected',
    `${rejected.credit_status} by ${rejected.review.decided_by}; a late approval answers ${late.status} ${late.body.error.code}`,
  );
  const erased = await api.expect(200, 'POST', `/v1/admin/customers/${eli}/erase`, {
    token: adminToken,
    body: { reason: 'asked under DPDP' },
  });
  show('Eli asks to be forgotten', `name ${erased.name}, e-mail ${erased.email}, phone ${erased.phone_number}; hashes kept for checks`);
  const rec = (await api.expect(200, 'POST', '/_scheduler/reconcile')).report;
  show('reconcile after the decisions', `${rec.violations.length} violations`);
}
