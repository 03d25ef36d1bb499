import type { HostClient } from '../../tools/demo-client.js';
import { uid } from '../support/test-host.js';

/** A customer the console suites look at, with what an agent might be told of them. */
export interface SeededCustomer {
  id: string;
  name: string;
  email: string;
  phone: string;
  code: string;
}

async function customerWithCode(api: HostClient, name: string, email: string, phone: string): Promise<SeededCustomer> {
  const id = uid(name.split(' ')[0]!.toLowerCase());
  await api.expect(200, 'PUT', `/_dev/customers/${id}`, { body: { name, email, phone_number: phone } });
  await api.paymentCompleted(uid('first'), id, 1_000_000);
  const code: string = (await api.expect(200, 'GET', '/v1/referral-code', { token: await api.token(id) })).referral_code;
  return { id, name, email, phone, code };
}

/** A referee applies `code` to a new deal and pays for it; `email` decides whether a signal holds the credit. */
export async function referAndPay(api: HostClient, code: string, email: string): Promise<string> {
  const referee = uid('friend');
  const deal = uid('deal');
  await api.expect(200, 'PUT', `/_dev/customers/${referee}`, { body: { name: 'Sam Noor', email } });
  await api.expect(200, 'PUT', `/_dev/deals/${deal}`, { body: { customer_id: referee, amount: 2_000_000 } });
  await api.expect(201, 'POST', '/v1/referral-code/apply', { token: await api.token(referee), body: { code, deal_id: deal } });
  await api.paymentCompleted(deal, referee, 1_800_000);
  return referee;
}

/**
 * What the console suites need: a referrer with two credited referrals and a redemption, two
 * referrals held for review (disposable e-mails), an unrelated customer, and one to erase.
 */
export async function seedConsole(api: HostClient) {
  const tag = Math.random().toString(36).slice(2, 7);
  const phone = (lead: string) => `+91 ${lead}${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  const riya = await customerWithCode(api, 'Riya Kapoor', `riya.kapoor.${tag}@gmail.com`, phone('98'));
  const arjun = await customerWithCode(api, 'Arjun Mehta', `arjun.${tag}@example.com`, phone('97'));
  const meera = await customerWithCode(api, 'Meera Nair', `meera.${tag}@example.com`, phone('96'));
  await referAndPay(api, riya.code, `friend.${tag}.1@example.com`);
  await referAndPay(api, riya.code, `friend.${tag}.2@example.com`);
  const riyaToken = await api.token(riya.id);
  const redeemDeal = uid('trip');
  await api.expect(200, 'PUT', `/_dev/deals/${redeemDeal}`, { body: { customer_id: riya.id, amount: 3_000_000 } });
  await api.expect(201, 'POST', '/v1/points/redeem', {
    token: riyaToken,
    headers: { 'idempotency-key': uid('redeem') },
    body: { points: 500, deal_id: redeemDeal },
  });
  await referAndPay(api, arjun.code, `held.${tag}.1@mailinator.com`);
  await referAndPay(api, arjun.code, `held.${tag}.2@mailinator.com`);
  return { riya, arjun, meera, admin: await api.token(uid('ops'), ['admin']) };
}

/** A code as carelessly as apply forgives: lower case, spaces for the hyphen, `o` for `0` and `l` for `1` in the random part. */
export function carelessly(code: string): string {
  const [prefix = '', random = ''] = code.split('-');
  return ` ${prefix.toLowerCase()} ${random.replace(/0/g, 'o').replace(/1/g, 'l').toLowerCase()} `;
}
