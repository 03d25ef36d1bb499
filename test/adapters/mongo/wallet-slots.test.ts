import { BSON, MongoClient, type Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MongoWalletStore, slotDelta } from '#shared/adapters/mongo/wallet-store.js';
import { fullCapabilities } from '#shared/adapters/mongo/update-isolation.js';
import type { Lot } from '#shared/points/wallet.js';
import { connectTestDb, type TestDb } from '../../support/mongo.js';
import { lotState } from '../ledger-store.contract.js';
import { snapshot } from '../wallet-store.contract.js';

const lots = (n: number, prefix = 'l'): Lot[] => Array.from({ length: n }, (_, i) => lotState(`${prefix}${String(i).padStart(4, '0')}`));

describe('slotDelta: a snapshot change as slot writes', () => {
  it('rewrites a changed lot in its slot and nothing else', () => {
    const [a, b, c] = lots(3);
    const d = slotDelta([a!, b!, c!], [a!, { ...b!, remaining: 5 }, c!]);
    expect(d.sets).toEqual({ 'lots.1': { ...b!, remaining: 5 } });
    expect(d.guards).toEqual({ 'lots.1.lot_id': b!.lot_id });
  });

  it("frees a closed lot's slot and gives it to the next new lot, lowest slot first, then appends", () => {
    const [a, b, c] = lots(3);
    const [x, y, z] = lots(3, 'n');
    const d = slotDelta([a!, null, b!, c!], [x!, b!, y!, z!]);
    // a and c closed; free slots 0, 1 (null before), 3; new lots in id order take them.
    expect(d.slots).toEqual([x, y, b, z]);
    expect(d.guards).toEqual({ 'lots.0.lot_id': a!.lot_id, 'lots.1': { $type: 'null' }, 'lots.3.lot_id': c!.lot_id });
    const grown = slotDelta([a!], [a!, x!, y!]);
    expect(grown.slots).toEqual([a, x, y]);
    expect(grown.guards).toEqual({ 'lots.1': { $exists: false } });
  });

  it('is deterministic: the same slots and lots give the same writes', () => {
    const [a, b] = lots(2);
    const news = lots(5, 'n');
    expect(slotDelta([a!, null, b!], [...news].reverse())).toEqual(slotDelta([a!, null, b!], news));
  });
});

describe('MongoWalletStore writes only the slots a change touched', () => {
  let t: TestDb;
  let watched: MongoClient;
  beforeAll(async () => {
    t = await connectTestDb('wallet_slots');
    watched = await new MongoClient(inject('mongodbUri'), { monitorCommands: true }).connect();
  });
  afterAll(async () => {
    await watched.close();
    await t.drop();
  });

  it('sends the same bytes for one new lot whether the wallet holds 10 or 400 lots', async () => {
    const sent: number[] = [];
    for (const n of [10, 400]) {
      const store = new MongoWalletStore(watched.db(t.db.databaseName), fullCapabilities);
      const id = `bytes-${n}`;
      await store.saveSnapshot({ ...snapshot(id, 1), lots: lots(n) });
      const read = (await store.getSnapshot(id))!;
      const updates: Document[] = [];
      const listener = (e: { commandName: string; command: Document }) => {
        if (e.commandName === 'update') updates.push(...(e.command['updates'] as Document[]));
      };
      watched.on('commandStarted', listener);
      await store.saveSnapshot({ ...read, seq: 2, lots: [...read.lots, lotState('new-lot')] });
      watched.off('commandStarted', listener);
      expect(updates).toHaveLength(1);
      sent.push(updates.reduce((s, u) => s + BSON.calculateObjectSize(u), 0));
      expect((await store.getSnapshot(id))!.lots).toHaveLength(n + 1);
    }
    expect(sent[1]).toBeLessThan(sent[0]! * 1.2);
  });

  it('never lets a writer with another layout of the same seq corrupt the lots', async () => {
    const a = new MongoWalletStore(t.db, fullCapabilities);
    const [l1, l2, l3] = lots(3);
    await a.saveSnapshot({ ...snapshot('race', 1), lots: [l1!, l2!] });
    await a.getSnapshot('race');
    // Another writer of seq 1 (on a server that does not isolate updates) laid the same lots out the other way round.
    await t.db.collection<Document>('referral_points').updateOne({ _id: 'race' as never }, { $set: { lots: [l2!, l1!] } });
    // A still believes l1 is in slot 0: its change must not land on l2.
    await a.saveSnapshot({ ...snapshot('race', 2), lots: [{ ...l1!, remaining: 1 }, l2!, l3!] });
    const s = (await a.getSnapshot('race'))!;
    expect(s.seq).toBe(2);
    expect([...s.lots].sort((x, y) => (x.lot_id < y.lot_id ? -1 : 1))).toEqual([{ ...l1!, remaining: 1 }, l2, l3]);
    // Now A knows seq 2's real layout: its next change goes slot by slot, and lands right.
    await a.saveSnapshot({ ...s, seq: 3, lots: [l2!] });
    expect((await new MongoWalletStore(t.db, fullCapabilities).getSnapshot('race'))!.lots).toEqual([l2]);
  });
});
