import type { Collection, Db, Document } from 'mongodb';
import { ContentionError } from '../../core/result.js';
import { isDuplicateKey, isUniqueViolation } from './documents.js';
import { retryingWriteConflicts } from './write-conflict.js';

/** A value whose every change is its next version. */
export interface Versioned {
  version: number;
}

/** How a versioned collection reads its values back and writes their heads. */
export interface VersionedCodec<T extends Versioned> {
  /** The value in a head or version document; drops `_id` and derived fields. */
  parse(doc: Document): T;
  /** The head document of a value, derived query fields included, without `_id`. */
  head(value: T): Document;
}

/** What a head write found: it wrote, a head as new was there already, or there is no head (and none may be created). */
export type HeadOutcome = 'written' | 'newer' | 'missing';

/** The outcome of {@link VersionedCollection.change}. */
export interface ChangeOutcome<T> {
  /** The value after the change, or as it stands when the change left it alone. */
  value: T | null;
  changed: boolean;
}

/** A head document as stored: the value's fields, `_id` and derived fields. */
export type HeadDocument = Document & { _id: string; version: number };
type VersionDoc = Document & { _id: string };

const maxAttempts = 40;

/** The `_id` of version `version` of `id` in a versions collection: `<id>#<version, 12 digits>`. */
export function versionId(id: string, version: number): string {
  return `${id}#${String(version).padStart(12, '0')}`;
}

/**
 * Documents kept as a readable head (`<name>`, `_id` = id, with `version` and the fields
 * queries need) plus every committed version (`<name>_versions`, `_id` = {@link versionId}).
 *
 * Committing version v+1 is one insert into the versions collection: of concurrent changes from
 * version v exactly one commits, on any MongoDB-wire server, because only the unique `_id`
 * decides (FerretDB v1 runs updates as "query, then write" without isolation; its inserts are
 * atomic). The head is then replaced, guarded by `version < v+1`. A writer whose commit
 * conflicts reads the newer versions and decides again from the newest; when it then leaves the
 * value alone it writes that newest version as the head, so a version whose writer died before
 * writing the head is published by the next writer that meets it. Versions are never deleted
 * here except a commit taken back for a value that turned out not to exist, and, with
 * `keepVersions`, the one that many behind each new version.
 *
 * Where the server does not isolate the guard (`isolatedUpdates: false`), an older head write
 * can land over a newer one, and stay. So every head write there is followed by a look for the
 * next version, and the newest found is written again: the last writer to look leaves the newest
 * committed version as the head.
 */
export class VersionedCollection<T extends Versioned> {
  readonly heads: Collection<HeadDocument>;
  readonly #versions: Collection<VersionDoc>;
  readonly #codec: VersionedCodec<T>;
  readonly #isolatedUpdates: boolean;
  readonly #name: string;

  readonly #keepVersions: number | null;

  /**
   * `keepVersions`: after each change, the version that many behind is deleted, so a value that
   * changes often (a customer) keeps a constant number of versions, never its whole history.
   */
  constructor(db: Db, name: string, codec: VersionedCodec<T>, options: { isolatedUpdates: boolean; keepVersions?: number }) {
    this.#keepVersions = options.keepVersions ?? null;
    this.heads = db.collection<HeadDocument>(name, { ignoreUndefined: true });
    this.#versions = db.collection<VersionDoc>(`${name}_versions`, { ignoreUndefined: true });
    this.#codec = codec;
    this.#isolatedUpdates = options.isolatedUpdates;
    this.#name = name;
  }

  /** The head, or null when there is none. */
  async readHead(id: string): Promise<T | null> {
    const doc = await this.heads.findOne({ _id: id });
    return doc ? this.#codec.parse(doc) : null;
  }

  /** A committed version, or null when it was never committed. */
  async readVersion(id: string, version: number): Promise<T | null> {
    const doc = await this.#versions.findOne({ _id: versionId(id, version) });
    return doc ? this.#codec.parse(doc) : null;
  }

  /** The newest committed version after `version`, or null when there is none. */
  async newestAfter(id: string, version: number): Promise<T | null> {
    let newest: T | null = null;
    for (let v = version + 1; ; v += 1) {
      const found = await this.readVersion(id, v);
      if (!found) return newest;
      newest = found;
    }
  }

  /** Commits `value` as its version; false when another change committed that version first. */
  async commit(id: string, value: T): Promise<boolean> {
    try {
      await retryingWriteConflicts(() => this.#versions.insertOne({ _id: versionId(id, value.version), ...value }));
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  /** Takes back a commit of a value that turned out not to exist (no head, none may be created). */
  async uncommit(id: string, version: number): Promise<void> {
    await this.#versions.deleteOne({ _id: versionId(id, version) });
  }

  /**
   * Sets `fields` in every kept version of `id` (erasure of personal data, docs/rules.md §7):
   * one update over the range of its version ids; `match` tells its versions from those of an id
   * that merely starts like it (`a#1` sorts among the versions of `a`).
   */
  async eraseFromVersions(id: string, match: Document, fields: Document): Promise<void> {
    await this.#versions.updateMany({ _id: { $gte: versionId(id, 0), $lte: versionId(id, 999_999_999_999) }, ...match }, { $set: fields });
  }

  /**
   * Replaces the head with `value` unless the head is as new; creates it when `create` allows.
   * One write; no look for newer versions (see {@link publish}).
   */
  async writeHead(id: string, value: T, options: { create: boolean }): Promise<HeadOutcome> {
    const filter = { _id: id, version: { $lt: value.version } };
    const head = this.#codec.head(value);
    try {
      const r = await this.heads.replaceOne(filter, head, { upsert: options.create });
      if (r.matchedCount > 0 || r.upsertedCount > 0) return 'written';
    } catch (err) {
      // An upsert that meets an existing head (as new, or inserted meanwhile) fails on `_id`:
      // replace again, without creating.
      if (options.create && isDuplicateKey(err)) return this.writeHead(id, value, { create: false });
      // A stale write that would take back a unique value a newer version gave up.
      if (isUniqueViolation(err)) return 'newer';
      throw err;
    }
    return (await this.heads.countDocuments({ _id: id }, { limit: 1 })) > 0 ? 'newer' : 'missing';
  }

  /** Writes the head, then, on a server without isolated updates, makes sure no older write is left over a newer one. */
  async publish(id: string, value: T, options: { create: boolean }): Promise<HeadOutcome> {
    const outcome = await this.writeHead(id, value, options);
    if (this.#isolatedUpdates || outcome === 'missing') return outcome;
    let version = value.version;
    for (let attempt = 0; attempt < maxAttempts; attempt += 1) {
      const newer = await this.newestAfter(id, version);
      if (!newer) return outcome;
      await this.writeHead(id, newer, options);
      version = newer.version;
    }
    throw new ContentionError(`Head of ${this.#name} ${id} stayed contended for ${maxAttempts} attempts`);
  }

  /**
   * Reads the head (or starts from `start`, a version the caller read), lets `decide` make the
   * next value from it, commits that as the next version and publishes it. On a conflict it
   * reads the newest committed version and decides again. `decide` returning null leaves the
   * value as it is (a head found behind the versions is brought up to date first).
   */
  async change(
    id: string,
    start: T | null | undefined,
    decide: (current: T | null) => T | null,
    options: { create: boolean },
  ): Promise<ChangeOutcome<T>> {
    let current = start === undefined ? await this.readHead(id) : start;
    let headBehind = false;
    for (let attempt = 0; attempt < maxAttempts; attempt += 1) {
      const decided = decide(current);
      if (decided === null) {
        if (headBehind && current) await this.publish(id, current, options);
        return { value: current, changed: false };
      }
      const next = { ...decided, version: (current?.version ?? 0) + 1 };
      if (await this.commit(id, next)) {
        if ((await this.publish(id, next, options)) !== 'missing') {
          await this.#prune(id, next.version);
          return { value: next, changed: true };
        }
        await this.uncommit(id, next.version);
        return { value: null, changed: false };
      }
      ({ current, headBehind } = await this.#catchUp(id, next.version));
      await backoff(attempt);
    }
    throw new ContentionError(`${this.#name} ${id} stayed contended for ${maxAttempts} attempts`);
  }

  /** Deletes the version `keepVersions` behind `version` (one delete by `_id`); the newer ones stay for racing writers. */
  async #prune(id: string, version: number): Promise<void> {
    if (this.#keepVersions === null || version <= this.#keepVersions) return;
    await this.#versions.deleteOne({ _id: versionId(id, version - this.#keepVersions) });
  }

  /** After a conflict on `conflicted`: the head if it has caught up, else the newest committed version. */
  async #catchUp(id: string, conflicted: number): Promise<{ current: T | null; headBehind: boolean }> {
    const [head, committed] = await Promise.all([this.readHead(id), this.readVersion(id, conflicted)]);
    if (!committed || (head && head.version >= conflicted)) return { current: head, headBehind: false };
    return { current: (await this.newestAfter(id, conflicted)) ?? committed, headBehind: true };
  }
}

function backoff(attempt: number): Promise<void> {
  const ms = Math.min(50, 2 ** Math.min(attempt, 5)) * Math.random();
  return new Promise((resolve) => setTimeout(resolve, ms));
}
