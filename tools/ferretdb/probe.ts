/**
 * Probes which MongoDB features the target server supports, with the official
 * `mongodb` driver. Targets MONGODB_URI when set, otherwise starts FerretDB
 * (tools/ferretdb/server.ts). Prints a markdown table (the source of
 * tools/ferretdb/CAPABILITIES.md).
 *
 *   npx tsx tools/ferretdb/probe.ts
 *   MONGODB_URI=mongodb://127.0.0.1:27017/ npx tsx tools/ferretdb/probe.ts
 */
import { randomBytes } from 'node:crypto';
import { MongoClient, MongoServerError, type Collection, type Db, type Document, type UpdateFilter } from 'mongodb';
import { startFerretDb, FERRETDB_VERSION } from './server.js';

type Verdict = 'works' | 'partial' | 'fails';
type Outcome = { verdict: Verdict; detail: string };
type Check = { name: string; run: (db: Db, client: MongoClient) => Promise<Outcome> };

const checks: Check[] = [];
const check = (name: string, run: Check['run']): void => {
  checks.push({ name, run });
};
const ok = (detail = ''): Outcome => ({ verdict: 'works', detail });
const partial = (detail: string): Outcome => ({ verdict: 'partial', detail });
const fail = (detail: string): Outcome => ({ verdict: 'fails', detail });
const verdict = (good: boolean, detail: string): Outcome => (good ? ok(detail) : fail(detail));
const json = (v: unknown): string => JSON.stringify(v);
const col = (db: Db, name: string): Collection => db.collection(name);
/** The driver's typings reject array operators on schema-less `Document`s; the server decides here. */
const upd = (update: Document): UpdateFilter<Document> => update;

/** Compact description of a server error: code, codeName, message and duplicate-key details. */
function describeError(err: unknown): string {
  if (err instanceof MongoServerError || (err instanceof Error && 'code' in err)) {
    const e = err as MongoServerError;
    const parts = [`code ${String(e.code)}${e.codeName ? ` (${e.codeName})` : ''}`, `"${e.message}"`];
    if (e.keyPattern !== undefined) parts.push(`keyPattern=${json(e.keyPattern)}`);
    if (e.keyValue !== undefined) parts.push(`keyValue=${json(e.keyValue)}`);
    return parts.join(' ');
  }
  return err instanceof Error ? `${err.name}: "${err.message}"` : String(err);
}

async function expectError(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    const result = await fn();
    return { __noError: true, result };
  } catch (err) {
    return err;
  }
}
const noError = (e: unknown): e is { __noError: true; result: unknown } => typeof e === 'object' && e !== null && '__noError' in e;

/** Duplicate-key check: 11000 is what matters for enforcement; keyPattern is reported separately. */
function dupOutcome(e: unknown): Outcome {
  if (noError(e)) return fail(`no error; result ${json(e.result)}`);
  const err = e as MongoServerError;
  return verdict(err.code === 11000, describeError(err));
}

// --- indexes and duplicate keys ---------------------------------------------

check('unique index on top-level field (`email`)', async (db) => {
  const c = col(db, 'u_top');
  const name = await c.createIndex({ email: 1 }, { unique: true });
  await c.insertOne({ _id: 1 as never, email: 'a@x' });
  const r = dupOutcome(await expectError(() => c.insertOne({ _id: 2 as never, email: 'a@x' })));
  return { ...r, detail: `index "${name}"; duplicate insert → ${r.detail}` };
});

check('unique index on nested path (`a.b`)', async (db) => {
  const c = col(db, 'u_nested');
  const name = await c.createIndex({ 'a.b': 1 }, { unique: true });
  await c.insertOne({ _id: 1 as never, a: { b: 'k' } });
  const r = dupOutcome(await expectError(() => c.insertOne({ _id: 2 as never, a: { b: 'k' } })));
  return { ...r, detail: `index "${name}"; duplicate insert → ${r.detail}` };
});

check('unique index: two docs both missing the field', async (db) => {
  const c = col(db, 'u_missing');
  await c.createIndex({ email: 1 }, { unique: true });
  await c.insertOne({ _id: 1 as never });
  const e = await expectError(() => c.insertOne({ _id: 2 as never }));
  // MongoDB indexes a missing field as null, so the 2nd insert is a duplicate there.
  return noError(e)
    ? partial('2nd insert accepted (MongoDB would reject it with 11000: missing field indexes as null)')
    : ok(`2nd insert rejected like MongoDB: ${describeError(e)}`);
});

check('compound index (unique `{tenant:1, code:1}`)', async (db) => {
  const c = col(db, 'u_compound');
  const name = await c.createIndex({ tenant: 1, code: 1 }, { unique: true });
  await c.insertMany([
    { tenant: 't1', code: 'A' },
    { tenant: 't2', code: 'A' },
  ]);
  const r = dupOutcome(await expectError(() => c.insertOne({ tenant: 't1', code: 'A' })));
  return { ...r, detail: `index "${name}"; same code in another tenant accepted; duplicate pair → ${r.detail}` };
});

check('`insertOne` duplicate `_id` → 11000', async (db) => {
  const c = col(db, 'dup_id');
  await c.insertOne({ _id: 'x' as never });
  return dupOutcome(await expectError(() => c.insertOne({ _id: 'x' as never })));
});

check('duplicate-key error tells WHICH unique index (`keyPattern`/`keyValue`)', async (db) => {
  const c = col(db, 'which_index');
  await c.createIndex({ email: 1 }, { unique: true, name: 'email_unique' });
  await c.createIndex({ 'ref.code': 1 }, { unique: true, name: 'ref_code_unique' });
  await c.insertOne({ _id: 1 as never, email: 'a@x', ref: { code: 'R1' } });
  const e = await expectError(() => c.insertOne({ _id: 2 as never, email: 'b@x', ref: { code: 'R1' } }));
  if (noError(e)) return fail('no error');
  const err = e as MongoServerError;
  const resp = json(err.errorResponse);
  if (err.keyPattern !== undefined) return ok(`keyPattern=${json(err.keyPattern)} keyValue=${json(err.keyValue)}`);
  return /ref_code_unique|ref\.code/.test(resp)
    ? partial(`no keyPattern/keyValue, but errmsg names the index: ${resp}`)
    : fail(`no keyPattern/keyValue and no index name; full error document: ${resp}`);
});

check('`updateOne` `upsert:true` colliding with existing `_id` → 11000', async (db) => {
  const c = col(db, 'upsert_dup');
  await c.insertOne({ _id: 'k' as never, state: 'used' });
  // The filter does not match the existing doc, so the upsert tries to insert _id 'k' again.
  return dupOutcome(
    await expectError(() => c.updateOne({ _id: 'k' as never, state: 'fresh' }, { $set: { state: 'claimed' } }, { upsert: true })),
  );
});

check('`updateOne` `upsert:true` inserting a dup of a unique secondary index → 11000', async (db) => {
  const c = col(db, 'upsert_dup2');
  await c.createIndex({ code: 1 }, { unique: true });
  await c.insertOne({ _id: 'a' as never, code: 'C' });
  return dupOutcome(await expectError(() => c.updateOne({ _id: 'b' as never }, { $set: { code: 'C' } }, { upsert: true })));
});

check('`updateOne`/`findOneAndUpdate` (no upsert) making a unique-index dup → 11000', async (db) => {
  const c = col(db, 'update_dup');
  await c.createIndex({ code: 1 }, { unique: true, name: 'code_unique' });
  await c.insertMany([
    { _id: 1 as never, code: 'A' },
    { _id: 2 as never, code: 'B' },
  ]);
  const e1 = await expectError(() => c.updateOne({ _id: 2 as never }, { $set: { code: 'A' } }));
  const e2 = await expectError(() => c.findOneAndUpdate({ _id: 2 as never }, { $set: { code: 'A' } }));
  const after = await c.findOne({ _id: 2 as never });
  const codes = [e1, e2].map((e) => (noError(e) ? 'no error' : (e as MongoServerError).code));
  if (codes.every((x) => x === 11000)) return ok(describeError(e1));
  return fail(
    `updateOne → ${noError(e1) ? 'no error' : describeError(e1)}; findOneAndUpdate → code ${String(codes[1])}; ` +
      `doc unchanged: ${json(after)}`,
  );
});

check('`createIndexes` twice with same spec (idempotent?)', async (db) => {
  const c = col(db, 'idx_twice');
  const spec = [{ key: { code: 1 }, name: 'code_1', unique: true }];
  const first = await c.createIndexes(spec);
  const second = await c.createIndexes(spec);
  const conflicting = await expectError(() => c.createIndex({ code: 1 }, { name: 'code_1', unique: false }));
  const idx = (await c.listIndexes().toArray()).find((i) => i.name === 'code_1');
  return ok(
    `1st ${json(first)}, 2nd ${json(second)}, no error; same name with unique:false → ` +
      `${noError(conflicting) ? 'no error' : describeError(conflicting)} (index still unique: ${String(idx?.['unique'])})`,
  );
});

check('TTL index (`expireAfterSeconds`)', async (db) => {
  const c = col(db, 'ttl');
  const e = await expectError(() => c.createIndex({ at: 1 }, { expireAfterSeconds: 60 }));
  if (!noError(e)) return fail(describeError(e));
  const idx = (await c.listIndexes().toArray()).find((i) => i.name === 'at_1');
  return idx?.['expireAfterSeconds'] === 60
    ? ok('created; listIndexes shows expireAfterSeconds=60 (expiry itself not verified)')
    : fail(`accepted but ignored: listIndexes → ${json(idx)}`);
});

check('partial index (`partialFilterExpression`)', async (db) => {
  const c = col(db, 'partial');
  const e = await expectError(() => c.createIndex({ code: 1 }, { unique: true, partialFilterExpression: { code: { $exists: true } } }));
  if (!noError(e)) return fail(describeError(e));
  const idx = (await c.listIndexes().toArray()).find((i) => i.name === 'code_1');
  return idx?.['partialFilterExpression'] ? ok(`created: ${json(idx)}`) : fail(`accepted but ignored: ${json(idx)}`);
});

// --- updates -----------------------------------------------------------------

check('`updateOne` `{_id, arr:{$ne:k}}` + `$inc x.y` + `$push {$each:[k], $slice:-50}`', async (db) => {
  const c = col(db, 'guarded');
  await c.insertOne({ _id: 'd' as never, x: { y: 0 }, arr: Array.from({ length: 50 }, (_, i) => `old${i}`) });
  const update = upd({ $inc: { 'x.y': 1 }, $push: { arr: { $each: ['k'], $slice: -50 } } });
  const r1 = await c.updateOne({ _id: 'd' as never, arr: { $ne: 'k' } }, update);
  const r2 = await c.updateOne({ _id: 'd' as never, arr: { $ne: 'k' } }, update);
  const doc = await c.findOne({ _id: 'd' as never });
  const arr = doc?.['arr'] as string[];
  const guardOk = r1.matchedCount === 1 && r1.modifiedCount === 1 && r2.matchedCount === 0 && doc?.['x']?.y === 1;
  const sliceOk = arr.length === 50 && arr[49] === 'k' && arr[0] === 'old1';
  const detail =
    `guard: 1st matched/modified ${r1.matchedCount}/${r1.modifiedCount}, replay matched ${r2.matchedCount}, x.y=${doc?.['x']?.y}; ` +
    `$slice: arr.length=${arr.length} (want 50), first=${arr[0]}, last=${arr.at(-1)}`;
  if (guardOk && sliceOk) return ok(detail);
  return guardOk ? partial(`${detail} → $slice silently ignored, array grows unbounded`) : fail(detail);
});

check('`$push` `{$each, $slice:-2}` alone', async (db) => {
  const c = col(db, 'slice');
  await c.insertOne({ _id: 1 as never, arr: ['a', 'b', 'c'] });
  const e = await expectError(() => c.updateOne({ _id: 1 as never }, upd({ $push: { arr: { $each: ['d'], $slice: -2 } } })));
  const doc = await c.findOne({ _id: 1 as never });
  if (!noError(e)) return fail(describeError(e));
  return verdict(
    json(doc?.['arr']) === json(['c', 'd']),
    `arr=${json(doc?.['arr'])} (want ["c","d"])${json(doc?.['arr']) === json(['c', 'd']) ? '' : '; no error, $slice ignored'}`,
  );
});

check('`$push` without `$slice` (value and `$each`)', async (db) => {
  const c = col(db, 'push');
  await c.insertOne({ _id: 1 as never, arr: ['a'] });
  await c.updateOne({ _id: 1 as never }, upd({ $push: { arr: 'b' } }));
  await c.updateOne({ _id: 1 as never }, upd({ $push: { arr: { $each: ['c', 'd'] } } }));
  const doc = await c.findOne({ _id: 1 as never });
  return verdict(json(doc?.['arr']) === json(['a', 'b', 'c', 'd']), `arr=${json(doc?.['arr'])}`);
});

check('`$addToSet` (value and `$each`)', async (db) => {
  const c = col(db, 'addtoset');
  await c.insertOne({ _id: 1 as never, s: ['a'] });
  const r = await c.updateOne({ _id: 1 as never }, { $addToSet: { s: 'a' } });
  await c.updateOne({ _id: 1 as never }, { $addToSet: { s: { $each: ['b', 'a', 'c'] } } });
  const doc = await c.findOne({ _id: 1 as never });
  return verdict(
    json(doc?.['s']) === json(['a', 'b', 'c']),
    `s=${json(doc?.['s'])}; re-adding existing value: modifiedCount=${r.modifiedCount}`,
  );
});

check('`$pull` by value', async (db) => {
  const c = col(db, 'pull');
  await c.insertOne({ _id: 1 as never, s: ['a', 'b', 'a'] });
  await c.updateOne({ _id: 1 as never }, upd({ $pull: { s: 'a' } }));
  const doc = await c.findOne({ _id: 1 as never });
  return verdict(json(doc?.['s']) === json(['b']), `s=${json(doc?.['s'])}`);
});

check('`$pull` by condition (`{$gt}`, `{$in}`, sub-document match)', async (db) => {
  const c = col(db, 'pullcond');
  await c.insertOne({ _id: 1 as never, n: [1, 5, 9], s: ['a', 'b'], lots: [{ id: 'a' }, { id: 'b' }] });
  const results: string[] = [];
  for (const [label, update, field, want] of [
    ['{n:{$gt:4}}', { $pull: { n: { $gt: 4 } } }, 'n', [1]],
    ["{s:{$in:['a']}}", { $pull: { s: { $in: ['a'] } } }, 's', ['b']],
    ["{lots:{id:'a'}}", { $pull: { lots: { id: 'a' } } }, 'lots', [{ id: 'b' }]],
  ] as const) {
    const e = await expectError(() => c.updateOne({ _id: 1 as never }, update as never));
    const doc = await c.findOne({ _id: 1 as never });
    const good = json(doc?.[field]) === json(want);
    results.push(`${label} → ${noError(e) ? (good ? 'ok' : `no error, no change (${field}=${json(doc?.[field])})`) : describeError(e)}`);
  }
  return verdict(
    results.every((r) => r.endsWith('→ ok')),
    results.join('; '),
  );
});

check('`$set` of nested fields (existing and new paths)', async (db) => {
  const c = col(db, 'setnested');
  await c.insertOne({ _id: 1 as never, a: { b: 1, keep: true } });
  await c.updateOne({ _id: 1 as never }, { $set: { 'a.b': 2, 'a.c.d': 'new', 'e.f': 3 } });
  const doc = await c.findOne({ _id: 1 as never }, { projection: { _id: 0 } });
  return verdict(json(doc) === json({ a: { b: 2, keep: true, c: { d: 'new' } }, e: { f: 3 } }), json(doc));
});

check('`$lt` on nested numeric field in filter', async (db) => {
  const c = col(db, 'ltnested');
  await c.insertMany([
    { _id: 1 as never, q: { n: 1 } },
    { _id: 2 as never, q: { n: 5 } },
    { _id: 3 as never, q: { n: 10 } },
  ]);
  const ids = (
    await c
      .find({ 'q.n': { $lt: 6 } })
      .sort({ _id: 1 })
      .toArray()
  ).map((d) => d._id);
  const upd = await c.updateMany({ 'q.n': { $lt: 6 } }, { $inc: { 'q.n': 100 } });
  return verdict(
    json(ids) === json([1, 2]) && upd.modifiedCount === 2,
    `find → ${json(ids)}; updateMany with the same filter modified ${upd.modifiedCount}`,
  );
});

check("`findOneAndUpdate` `returnDocument:'after'`", async (db) => {
  const c = col(db, 'foau');
  await c.insertOne({ _id: 1 as never, n: 1 });
  const doc = await c.findOneAndUpdate({ _id: 1 as never }, { $inc: { n: 1 } }, { returnDocument: 'after' });
  return verdict(doc?.['n'] === 2, `returned ${json(doc)}`);
});

check('`findOneAndUpdate` `upsert:true` (+ `$setOnInsert`)', async (db) => {
  const c = col(db, 'foau_upsert');
  const opts = { upsert: true, returnDocument: 'after' as const };
  const update = { $inc: { n: 1 }, $setOnInsert: { createdBy: 'probe' } };
  const first = await c.findOneAndUpdate({ _id: 'u' as never }, update, opts);
  const second = await c.findOneAndUpdate({ _id: 'u' as never }, update, opts);
  return verdict(first?.['n'] === 1 && second?.['n'] === 2 && second['createdBy'] === 'probe', `1st ${json(first)}, 2nd ${json(second)}`);
});

check('`$setOnInsert` via `updateOne` upsert', async (db) => {
  const c = col(db, 'soi');
  const update = { $setOnInsert: { created: 1 }, $inc: { hits: 1 } };
  const r1 = await c.updateOne({ _id: 's' as never }, update, { upsert: true });
  const r2 = await c.updateOne({ _id: 's' as never }, update, { upsert: true });
  const doc = await c.findOne({ _id: 's' as never });
  return verdict(
    r1.upsertedCount === 1 && r2.upsertedCount === 0 && doc?.['created'] === 1 && doc['hits'] === 2,
    `upsertedId=${json(r1.upsertedId)}, then upsertedCount=${r2.upsertedCount}; doc=${json(doc)}`,
  );
});

check('`$max` / `$min` update operators', async (db) => {
  const c = col(db, 'maxmin');
  await c.insertOne({ _id: 1 as never, hi: 5, lo: 5, at: { v: 3 } });
  await c.updateOne({ _id: 1 as never }, { $max: { hi: 7, 'at.v': 1 }, $min: { lo: 2 } });
  await c.updateOne({ _id: 1 as never }, { $max: { hi: 6 }, $min: { lo: 4 } });
  const doc = await c.findOne({ _id: 1 as never });
  return verdict(doc?.['hi'] === 7 && doc['lo'] === 2 && doc['at']?.v === 3, json(doc));
});

/** Inserts `{ _id: 1 }` with lots `a` and `b` of 5 into `name`, runs `update`, and checks that it took 2 from lot `b` alone. */
async function takesTwoFromLotB(db: Db, name: string, update: (c: Collection) => Promise<unknown>): Promise<Outcome> {
  const c = col(db, name);
  await c.insertOne({
    _id: 1 as never,
    lots: [
      { id: 'a', remaining: 5 },
      { id: 'b', remaining: 5 },
    ],
  });
  const e = await expectError(() => update(c));
  if (!noError(e)) return fail(describeError(e));
  const doc = await c.findOne({ _id: 1 as never });
  return verdict(
    json(doc?.['lots']) ===
      json([
        { id: 'a', remaining: 5 },
        { id: 'b', remaining: 3 },
      ]),
    `lots=${json(doc?.['lots'])}`,
  );
}

check("positional `$` update (`'lots.$.remaining'`)", (db) =>
  takesTwoFromLotB(db, 'positional', (c) => c.updateOne({ _id: 1 as never, 'lots.id': 'b' }, { $inc: { 'lots.$.remaining': -2 } })),
);

check("array filters (`'lots.$[l].remaining'` + `arrayFilters`)", (db) =>
  takesTwoFromLotB(db, 'arrayfilters', (c) =>
    c.updateOne({ _id: 1 as never }, { $inc: { 'lots.$[l].remaining': -2 } }, { arrayFilters: [{ 'l.id': 'b' }] }),
  ),
);

check('replace a whole array of sub-documents with `$set` (workaround for `$`)', async (db) => {
  const c = col(db, 'setarray');
  await c.insertOne({ _id: 1 as never, v: 1, lots: [{ id: 'a', remaining: 5 }] });
  // optimistic concurrency: read, modify in memory, write back guarded by a version field
  const r = await c.updateOne(
    { _id: 1 as never, v: 1 },
    { $set: { lots: [{ id: 'a', remaining: 3, allocs: [{ lot: 'x', points: 2 }] }] }, $inc: { v: 1 } },
  );
  const stale = await c.updateOne({ _id: 1 as never, v: 1 }, { $set: { lots: [] }, $inc: { v: 1 } });
  const doc = await c.findOne({ _id: 1 as never });
  return verdict(
    r.modifiedCount === 1 && stale.matchedCount === 0 && doc?.['v'] === 2,
    `modified ${r.modifiedCount}, stale write matched ${stale.matchedCount}; doc=${json(doc)}`,
  );
});

// --- writes --------------------------------------------------------------------

check('`insertMany` `ordered:false` with a duplicate in the middle', async (db) => {
  const c = col(db, 'insmany');
  const e = await expectError(() => c.insertMany([{ _id: 1 as never }, { _id: 1 as never }, { _id: 2 as never }], { ordered: false }));
  const count = await c.countDocuments();
  if (noError(e)) return fail(`no error; ${count} docs`);
  const err = e as MongoServerError & { writeErrors?: unknown; insertedCount?: number };
  const we = (Array.isArray(err.writeErrors) ? err.writeErrors : [err.writeErrors]) as Array<{ code?: number; index?: number } | undefined>;
  return verdict(
    count === 2 && we.some((w) => w?.code === 11000),
    `${err.name}; writeErrors ${json(we.map((w) => ({ index: w?.index, code: w?.code })))}; insertedCount=${err.insertedCount}; docs after: ${count}`,
  );
});

check('`bulkWrite` (insert/update/upsert/delete, ordered)', async (db) => {
  const c = col(db, 'bulk');
  const r = await c.bulkWrite([
    { insertOne: { document: { _id: 1 as never, n: 1 } } },
    { insertOne: { document: { _id: 2 as never, n: 1 } } },
    { updateOne: { filter: { _id: 1 as never }, update: { $inc: { n: 1 } } } },
    { updateOne: { filter: { _id: 3 as never }, update: { $set: { n: 9 } }, upsert: true } },
    { deleteOne: { filter: { _id: 2 as never } } },
  ]);
  const docs = await c.find().sort({ _id: 1 }).toArray();
  return verdict(
    r.insertedCount === 2 && r.modifiedCount === 1 && r.upsertedCount === 1 && r.deletedCount === 1 && docs.length === 2,
    `inserted ${r.insertedCount}, modified ${r.modifiedCount}, upserted ${r.upsertedCount}, deleted ${r.deletedCount}; docs ${json(docs)}`,
  );
});

check('`bulkWrite` `ordered:false` with a duplicate insert', async (db) => {
  const c = col(db, 'bulk_dup');
  const e = await expectError(() =>
    c.bulkWrite(
      [
        { insertOne: { document: { _id: 1 as never } } },
        { insertOne: { document: { _id: 1 as never } } },
        { insertOne: { document: { _id: 2 as never } } },
      ],
      { ordered: false },
    ),
  );
  const count = await c.countDocuments();
  if (noError(e)) return fail(`no error; ${count} docs`);
  const err = e as MongoServerError & { writeErrors?: Array<{ code?: number; index?: number }> };
  const we = Array.isArray(err.writeErrors) ? err.writeErrors : [];
  return verdict(
    count === 2 && we.some((w) => w.code === 11000),
    `${err.name}; writeErrors ${json(we.map((w) => ({ index: w.index, code: w.code })))}; docs after: ${count}`,
  );
});

// --- reads and aggregation -----------------------------------------------------

const ledger = [
  { u: 'a', kind: 'earn', pts: 10 },
  { u: 'a', kind: 'spend', pts: 3 },
  { u: 'b', kind: 'earn', pts: 7 },
  { u: 'c', kind: 'earn', pts: 100 },
];

async function aggregateCheck(db: Db, coll: string, pipeline: Document[], want: unknown): Promise<Outcome> {
  const c = col(db, coll);
  if ((await c.estimatedDocumentCount()) === 0) await c.insertMany(ledger.map((d) => ({ ...d })));
  try {
    const rows = await c.aggregate(pipeline).toArray();
    return json(rows) === json(want) ? ok(json(rows)) : fail(`wrong result, no error: ${json(rows)} (want ${json(want)})`);
  } catch (err) {
    return fail(describeError(err));
  }
}

check('aggregate `$match` + `$group` + one `$sum` accumulator', (db) =>
  aggregateCheck(
    db,
    'agg',
    [{ $match: { kind: 'earn' } }, { $group: { _id: '$u', earned: { $sum: '$pts' } } }, { $sort: { _id: 1 } }],
    [
      { _id: 'a', earned: 10 },
      { _id: 'b', earned: 7 },
      { _id: 'c', earned: 100 },
    ],
  ),
);

check('aggregate `$group` with TWO accumulators (`$sum:"$pts"` + `$sum:1`)', (db) =>
  aggregateCheck(
    db,
    'agg',
    [{ $match: { u: 'a' } }, { $group: { _id: '$u', total: { $sum: '$pts' }, n: { $sum: 1 } } }],
    [{ _id: 'a', total: 13, n: 2 }],
  ),
);

check('aggregate `$group` + `$sum` with `$cond`', (db) =>
  aggregateCheck(
    db,
    'agg',
    [{ $match: { u: 'a' } }, { $group: { _id: '$u', earned: { $sum: { $cond: [{ $eq: ['$kind', 'earn'] }, '$pts', 0] } } } }],
    [{ _id: 'a', earned: 10 }],
  ),
);

check('aggregate `$group` + `$sum` of `$multiply`', (db) =>
  aggregateCheck(
    db,
    'agg',
    [{ $match: { u: 'a' } }, { $group: { _id: '$u', neg: { $sum: { $multiply: ['$pts', -1] } } } }],
    [{ _id: 'a', neg: -13 }],
  ),
);

check('aggregate `$unwind` + `$match` + `$count`', async (db) => {
  const c = col(db, 'agg_unwind');
  await c.insertMany([
    {
      _id: 1 as never,
      lots: [
        { id: 'a', r: 1 },
        { id: 'b', r: 3 },
      ],
    },
    { _id: 2 as never, lots: [{ id: 'c', r: 5 }] },
  ]);
  try {
    const rows = await c.aggregate([{ $unwind: '$lots' }, { $match: { 'lots.r': { $gt: 2 } } }, { $count: 'c' }]).toArray();
    return verdict(json(rows) === json([{ c: 2 }]), json(rows));
  } catch (err) {
    return fail(describeError(err));
  }
});

check('`countDocuments` (with and without filter)', async (db) => {
  const c = col(db, 'count');
  await c.insertMany([{ k: 1 }, { k: 2 }, { k: 2 }]);
  const all = await c.countDocuments();
  const some = await c.countDocuments({ k: 2 });
  return verdict(all === 3 && some === 2, `all=${all}, {k:2}=${some}`);
});

check('`find({_id:{$gt:cursor}}).sort({_id:1}).limit(n)` pagination', async (db) => {
  const c = col(db, 'page');
  await c.insertMany(Array.from({ length: 10 }, (_, i) => ({ _id: `id${String(i).padStart(2, '0')}` as never })));
  const page1 = (await c.find({}).sort({ _id: 1 }).limit(4).toArray()).map((d) => d._id);
  const page2 = (
    await c
      .find({ _id: { $gt: page1[3] as never } })
      .sort({ _id: 1 })
      .limit(4)
      .toArray()
  ).map((d) => d._id);
  return verdict(json(page2) === json(['id04', 'id05', 'id06', 'id07']), `page1 ${json(page1)}, page2 ${json(page2)}`);
});

check('arrays of sub-documents containing arrays (round-trip + dotted query)', async (db) => {
  const c = col(db, 'lots');
  const doc = {
    _id: 'w' as never,
    lots: [
      { id: 'a', remaining: 5, allocs: [{ lot: 'x', points: 1 }] },
      { id: 'b', remaining: 0, allocs: [] },
    ],
  };
  await c.insertOne(doc);
  const back = await c.findOne({ _id: 'w' as never });
  const byDotted = await c.countDocuments({ 'lots.allocs.lot': 'x' });
  return verdict(
    json(back) === json(doc) && byDotted === 1,
    `round-trip ${json(back) === json(doc) ? 'equal' : `differs: ${json(back)}`}; {'lots.allocs.lot':'x'} matches ${byDotted}`,
  );
});

check('`$elemMatch` query', async (db) => {
  const c = col(db, 'elem');
  await c.insertMany([
    {
      _id: 1 as never,
      n: [1, 9],
      lots: [
        { id: 'a', remaining: 0 },
        { id: 'b', remaining: 3 },
      ],
    },
    { _id: 2 as never, n: [1, 2], lots: [{ id: 'a', remaining: 3 }] },
  ]);
  const results: string[] = [];
  let allGood = true;
  for (const [label, filter, want] of [
    ['scalars {n:{$elemMatch:{$gt:4}}}', { n: { $elemMatch: { $gt: 4 } } }, [1]],
    ["one field {lots:{$elemMatch:{id:'b'}}}", { lots: { $elemMatch: { id: 'b' } } }, [1]],
    ["two fields {lots:{$elemMatch:{id:'a', remaining:{$gt:0}}}}", { lots: { $elemMatch: { id: 'a', remaining: { $gt: 0 } } } }, [2]],
  ] as const) {
    try {
      const ids = (
        await c
          .find(filter as never)
          .sort({ _id: 1 })
          .toArray()
      ).map((d) => d._id);
      const good = json(ids) === json(want);
      allGood &&= good;
      results.push(`${label} → ${good ? 'ok' : `WRONG ${json(ids)} (want ${json(want)}), no error`}`);
    } catch (err) {
      allGood = false;
      results.push(`${label} → ${describeError(err)}`);
    }
  }
  const anyGood = results.some((r) => r.endsWith('→ ok'));
  return { verdict: allGood ? 'works' : anyGood ? 'partial' : 'fails', detail: results.join('; ') };
});

check('transactions (`session.withTransaction`)', async (db, client) => {
  const c = col(db, 'txn');
  const session = client.startSession();
  try {
    const e = await expectError(() =>
      session.withTransaction(async () => {
        await c.insertOne({ _id: 1 as never }, { session });
        await c.insertOne({ _id: 2 as never }, { session });
      }),
    );
    const count = await c.countDocuments();
    return noError(e) ? ok(`committed; ${count} docs`) : fail(`${describeError(e)}; docs written: ${count}`);
  } finally {
    await session.endSession();
  }
});

// --- main ------------------------------------------------------------------

async function main(): Promise<void> {
  const fromEnv = process.env['MONGODB_URI'];
  const server = fromEnv ? undefined : await startFerretDb();
  const uri = fromEnv ?? server!.uri;
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5_000 });
  const dbName = `probe_${randomBytes(4).toString('hex')}`;
  const tally: Record<Verdict, number> = { works: 0, partial: 0, fails: 0 };
  try {
    await client.connect();
    const build = await client.db('admin').command({ buildInfo: 1 });
    const target = fromEnv
      ? `MONGODB_URI (${build['ferretdbVersion'] ? `FerretDB ${String(build['ferretdbVersion'])}` : `MongoDB ${String(build['version'])}`})`
      : `FerretDB ${FERRETDB_VERSION}, SQLite backend (started by the probe)`;
    const db = client.db(dbName);
    console.log(`Target: ${target}; reports MongoDB version ${String(build['version'])}`);
    console.log('');
    console.log('| Feature | Result | Details |');
    console.log('| --- | --- | --- |');
    for (const { name, run } of checks) {
      let outcome: Outcome;
      try {
        outcome = await run(db, client);
      } catch (err) {
        outcome = fail(`threw ${describeError(err)}`);
      }
      tally[outcome.verdict]++;
      const detail = outcome.detail.replaceAll('|', '\\|').replaceAll('\n', ' ');
      const shown = outcome.verdict === 'works' ? 'works' : `**${outcome.verdict}**`;
      console.log(`| ${name} | ${shown} | ${detail} |`);
    }
    console.log('');
    console.log(`${checks.length} checks: ${tally.works} work, ${tally.partial} partial, ${tally.fails} fail`);
  } finally {
    await client
      .db(dbName)
      .dropDatabase()
      .catch(() => undefined);
    await client.close();
    await server?.stop();
  }
}

await main();
