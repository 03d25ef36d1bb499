import { expect, it } from 'vitest';
import { growthScene } from '../../tools/demo-growth.js';
import { referralSetup, useTestHost } from '../support/test-host.js';

// Each redirect waits for its click, so the journey's next step finds it.
const t = useTestHost({ SHARE_CLICK_RECORD_TIMEOUT_MS: '2000' });

it("the demo's growth scene: a repeat and a bot are not counted, an apply through the link shows in the funnel", async () => {
  const s = await referralSetup(t.api);
  const lines: string[] = [];
  await growthScene({
    api: t.api,
    id: (name) => `${name}-demo`,
    referrer: s.referrer,
    code: s.code,
    adminToken: await t.api.token('ops', ['admin']),
    say: (text) => lines.push(text),
    show: (label, value) => lines.push(`${label}: ${typeof value === 'string' ? value : JSON.stringify(value)}`),
  });
  const today = new Date().toISOString().slice(0, 10);
  expect(lines).toContainEqual(
    expect.stringMatching(
      new RegExp(`^${today}: 2 clicks, 1 applied \\(1 through a link\\), 1 converted, 0 reversed, 2000 points credited`),
    ),
  );
  expect(lines).toContainEqual(expect.stringMatching(/^someone tries a made-up code: 302 → https:\/\/example\.com\/$/));
  expect(lines).toContainEqual(expect.stringMatching(/^apply: usage use_\S+, click_id clk_[0-9a-f]{32}$/));
  expect(lines).toContainEqual(`series: ${today}: 2000 points`);
});
