import type { SceneParts } from './demo-trust.js';

const phone = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36';
const laptop = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';
const whatsapp = 'WhatsApp/2.24.12.78 A';

/**
 * Share links and the funnel (docs/rules.md §9), told against the running host: Asha's link is
 * opened by two friends, once again by one of them and by a link-preview bot; one friend applies
 * through the link with its click id and pays; the funnel counts two clicks, one apply, one
 * conversion. Then the day's liability figure is kept and read back as a series.
 */
export async function growthScene({ api, id, referrer, code, adminToken, say, show }: SceneParts): Promise<void> {
  say('Growth: Asha shares her link; friends open it (the demo does not follow the redirect).');
  const link = `${api.baseUrl}/r/${code}`;
  show('her share link', link);
  const open = async (who: string, path: string, ip: string, ua: string) => {
    const res = await fetch(`${api.baseUrl}${path}`, { redirect: 'manual', headers: { 'user-agent': ua, 'x-forwarded-for': ip } });
    await res.body?.cancel();
    const location = res.headers.get('location') ?? '';
    show(who, `${res.status} → ${location}`);
    return location;
  };
  const farahLanding = await open('Farah opens it on her phone', `/r/${code}`, '198.51.100.7', phone);
  await open('Farah opens it again (a repeat: not counted)', `/r/${code.toLowerCase()}`, '198.51.100.7', phone);
  await open("WhatsApp's link preview fetches it (a bot: not counted)", `/r/${code}`, '198.51.100.8', whatsapp);
  await open('Gita opens it on her laptop', `/r/${code}`, '203.0.113.9', laptop);
  await open('someone tries a made-up code', '/r/ZZZ-ZZZZ', '203.0.113.10', laptop);
  const clickId = new URL(farahLanding).searchParams.get('click_id');
  show('the click id the landing page keeps', clickId);

  say('Farah books, the site applies the code with her click id, and she pays.');
  const farah = id('farah');
  const farahToken = await api.token(farah);
  await api.expect(200, 'PUT', `/_dev/customers/${farah}`, { body: { name: 'Farah Khan', email: `${farah}@example.com` } });
  await api.expect(200, 'PUT', `/_dev/deals/${id('growth-spiti')}`, { body: { customer_id: farah, amount: 2_100_000 } });
  const usage = await api.expect(201, 'POST', '/v1/referral-code/apply', {
    token: farahToken,
    body: { code, deal_id: id('growth-spiti'), click_id: clickId },
  });
  show('apply', `usage ${usage.usage_id}, click_id ${usage.click_id}`);
  await api.paymentCompleted(id('growth-spiti'), farah, 2_000_000);

  say("The funnel of today's bucket (GET /v1/admin/reports/funnel): the scenes above, counted from the referral events.");
  const today = new Date().toISOString().slice(0, 10);
  const funnel = await api.expect(200, 'GET', `/v1/admin/reports/funnel?from=${today}&to=${today}&bucket=day`, { token: adminToken });
  show('source', funnel.source);
  for (const b of funnel.buckets) {
    show(
      b.start,
      `${b.clicks} clicks, ${b.applied} applied (${b.applied_from_clicks} through a link), ${b.converted} converted, ${b.reversed} reversed, ` +
        `${b.points_credited} points credited, ${b.points_redeemed} redeemed; click→apply ${b.click_to_apply ?? '–'}, ` +
        `apply→conversion ${b.apply_to_conversion ?? '–'}; ${b.active_referrers} active referrers`,
    );
  }
  const top = funnel.top_referrers.find((r: { referrer_id: string }) => r.referrer_id === referrer);
  show('Asha among the top referrers', top);

  say("Finance keeps the day's liability (recordLiability, daily) and reads the last week.");
  show('recordLiability', (await api.expect(200, 'POST', '/_scheduler/recordLiability')).report);
  const liability = await api.expect(200, 'GET', '/v1/admin/reports/points-liability?days=7', { token: adminToken });
  show(
    'series',
    liability.series.map((d: { day: string; outstanding_points: number }) => `${d.day}: ${d.outstanding_points} points`).join(', '),
  );
}
