import { createServer, connect, type Server, type Socket } from 'node:net';
import { BSON } from 'mongodb';

/**
 * A loopback TCP proxy in front of a MongoDB-wire server that counts the commands clients send,
 * by name, as the server sees them: every OP_MSG on every connection, the driver's own (its
 * handshakes, heartbeats, round-trip pings, session ends) included. What a command monitor inside
 * the process counts is what the code asks for; this is what an outside observer counts.
 */
export interface WireCounter {
  /** `mongodb://` URI of the proxy (same credentials and options as the server's). */
  uri: string;
  /** Commands by name since the last reset. */
  counts(): Map<string, number>;
  reset(): void;
  close(): Promise<void>;
}

const OP_MSG = 2013;

/** The command name of each complete OP_MSG in `buffer`; returns the unread rest. */
function readMessages(buffer: Buffer, onCommand: (name: string) => void): Buffer {
  let rest = buffer;
  while (rest.length >= 16) {
    const length = rest.readInt32LE(0);
    if (rest.length < length) break;
    if (rest.readInt32LE(12) === OP_MSG && rest[20] === 0) {
      // flagBits (4 bytes) after the 16-byte header, then section kind 0 and its document.
      const size = rest.readInt32LE(21);
      const doc = BSON.deserialize(rest.subarray(21, 21 + size));
      const name = Object.keys(doc)[0];
      if (name) onCommand(name);
    }
    rest = rest.subarray(length);
  }
  return rest;
}

export async function startWireCounter(uri: string): Promise<WireCounter> {
  const target = new URL(uri);
  const counts = new Map<string, number>();
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    sockets.add(client).add(upstream);
    let pending: Buffer = Buffer.alloc(0);
    client.on('data', (chunk: Buffer) => {
      pending = readMessages(Buffer.concat([pending, chunk]), (name) => counts.set(name, (counts.get(name) ?? 0) + 1));
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => client.write(chunk));
    const end = (): void => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('wire counter: no port');
  const proxied = new URL(uri);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(address.port);
  return {
    uri: proxied.toString(),
    counts: () => new Map(counts),
    reset: () => counts.clear(),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((res) => server.close(() => res()));
    },
  };
}
