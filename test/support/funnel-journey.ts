import type { HostClient } from '../../tools/demo-client.js';
import { referralSetup } from './test-host.js';

const browser =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

/** Follows a share link without following the redirect. */
export async function followLink(baseUrl: string, code: string, ip: string, ua = browser): Promise<string | null> {
  const res = await fetch(`${baseUrl}/r/${code}`, { redirect: 'manual', headers: { 'user-agent': ua, 'x-forwarded-for': ip } });
  await res.body?.cancel();
  return res.headers.get('location');
}

/**
 * A share link's funnel: two friends and a repeat and a bot click, one friend applies through the
 * link with its click_id and pays. Answers the referrer, the code and the click id applied with.
 */
export async function shareLinkJourney(
  api: HostClient,
  messages: () => Array<{ data: Record<string, unknown>; attributes: Record<string, string> }>,
) {
  const s = await referralSetup(api);
  await followLink(api.baseUrl, s.code, '198.51.100.1');
  await followLink(api.baseUrl, s.code, '198.51.100.1');
  await followLink(api.baseUrl, s.code, '198.51.100.2');
  await followLink(api.baseUrl, s.code, '198.51.100.3', 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)');
  const click = messages().find((m) => m.attributes.type === 'share.clicked' && m.data.referral_code === s.code);
  const clickId = String(click?.data.click_id);
  await api.expect(201, 'POST', '/v1/referral-code/apply', {
    token: s.refereeToken,
    body: { code: s.code, deal_id: s.dealId, click_id: clickId },
  });
  await api.paymentCompleted(s.dealId, s.referee, 2_000_000);
  return { ...s, clickId };
}
