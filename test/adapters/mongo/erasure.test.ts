import { afterAll, describe, expect, it } from 'vitest';
import { mongoStores } from '#shared/adapters/mongo/mongo-stores.js';
import { eraseCustomer } from '#shared/customers/erase-customer.js';
import { generateReferralCode } from '#shared/referral-codes/generate-referral-code.js';
import { checkInvariants } from '#shared/reconcile/check-invariants.js';
import { applyReferralCode } from '#shared/usages/apply-referral-code.js';
import { convertReferral } from '#shared/usages/convert-referral.js';
import { putOpenDeal } from '../../../tools/referral-journeys.js';
import { domainContext } from '../../support/domain-context.js';
import { connectTestDb, type TestDb } from '../../support/mongo.js';

const opened: TestDb[] = [];
afterAll(async () => {
  for (const t of opened) await t.drop();
});

/** Every document of every collection of the database, as JSON text. */
async function everyDocument(t: TestDb): Promise<string[]> {
  const docs: string[] = [];
  for (const { name } of await t.db.listCollections().toArray()) {
    for (const d of await t.db.collection(name).find({}).toArray()) docs.push(`${name}: ${JSON.stringify(d)}`);
  }
  return docs;
}

describe('erasure, on the MongoDB-wire server', () => {
  it('leaves no document in any collection with the name, e-mail or phone, and still refuses self-referral', async () => {
    const t = await connectTestDb('erasure');
    opened.push(t);
    const ctx = domainContext({}, await mongoStores(t.db));
    const zora = { name: 'Zora Quillfeather', email: 'Zora.Quillfeather+trips@gmail.com', phone_number: '+91 90000 11111' };
    // Zora pays, gets a code, changes her profile (more versions), refers Sam, and is paid for it.
    await generateReferralCode(ctx, { customer_id: 'c-1', deal_id: 'first-1', paid_at: ctx.clock.now().toISOString(), customer: zora });
    await ctx.stores.customers.upsertProfile('c-1', { phone_number: '+91 90000 11111 ' });
    const code = (await ctx.stores.customers.getCustomer('c-1'))!.referral_code!.referral_code;
    await ctx.stores.customers.upsertProfile('c-2', { name: 'Sam Noor', email: 'sam@example.com' });
    await putOpenDeal(ctx, 'deal-2', 'c-2');
    expect((await applyReferralCode(ctx, { refereeId: 'c-2', code, dealId: 'deal-2' })).ok).toBe(true);
    await convertReferral(ctx, { deal_id: 'deal-2', customer_id: 'c-2', payment_id: 'pay-2', payment_method_fingerprint: 'fp-2' });
    const personal = /zora|quillfeather|90000 ?11111|9000011111/i;
    expect((await everyDocument(t)).filter((d) => personal.test(d)).length).toBeGreaterThan(1);

    const erased = await eraseCustomer(ctx, 'c-1', 'ops', 'asked under DPDP');
    expect(erased.ok && erased.value.referral_code?.status).toBe('inactive');
    expect((await everyDocument(t)).filter((d) => personal.test(d))).toEqual([]);
    // Financial records keep their ids and amounts.
    expect((await ctx.stores.usages.referrerStats('c-1')).total_points_earned).toBe(2000);
    expect(await checkInvariants(ctx)).toEqual([]);

    // Her second account, with the same e-mail as Gmail reads it, gets a code; Zora may not use it.
    await generateReferralCode(ctx, {
      customer_id: 'c-3',
      deal_id: 'first-3',
      paid_at: ctx.clock.now().toISOString(),
      customer: { name: 'Z Q', email: 'zoraquillfeather@googlemail.com' },
    });
    const second = (await ctx.stores.customers.getCustomer('c-3'))!.referral_code!.referral_code;
    await putOpenDeal(ctx, 'deal-4', 'c-1');
    expect(await applyReferralCode(ctx, { refereeId: 'c-1', code: second, dealId: 'deal-4' })).toMatchObject({
      ok: false,
      code: 'SELF_REFERRAL',
    });
  });
});
