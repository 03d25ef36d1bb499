import type { BigQuery, BigQueryOptions } from '@google-cloud/bigquery';

/**
 * A no-credentials auth client for an emulator endpoint. Without it the client library asks
 * Google's auth library for application default credentials, which probes the GCE metadata
 * server before giving up and sending the request unauthenticated anyway.
 */
const emulatorAuthClient = {
  getRequestHeaders: async (): Promise<Headers> => new Headers(),
} as unknown as NonNullable<BigQueryOptions['authClient']>;

/** Where a BigQuery client sends its jobs. */
export interface BigQueryClientOptions {
  projectId: string;
  apiEndpoint?: string | undefined;
  location?: string | undefined;
  /** A client made elsewhere (tests); no library is loaded then. */
  client?: BigQuery | undefined;
}

/**
 * The BigQuery client of an adapter, created (and its library loaded) on first use only, so cold
 * starts of functions that never query stay short. A failed load does not stick: the next call
 * tries again. An `http:` endpoint is an emulator and gets no credentials.
 */
export function lazyBigQueryClient(options: BigQueryClientOptions): () => Promise<BigQuery> {
  let client: Promise<BigQuery> | undefined = options.client ? Promise.resolve(options.client) : undefined;
  return () => {
    if (client) return client;
    const created = (async () => {
      const { BigQuery } = await import('@google-cloud/bigquery');
      const { projectId, apiEndpoint, location } = options;
      const emulator = apiEndpoint !== undefined && new URL(apiEndpoint).protocol === 'http:';
      return new BigQuery({
        projectId,
        ...(apiEndpoint !== undefined ? { apiEndpoint } : {}),
        ...(location !== undefined ? { location } : {}),
        ...(emulator ? { authClient: emulatorAuthClient } : {}),
      });
    })();
    created.catch(() => {
      if (client === created) client = undefined;
    });
    client = created;
    return created;
  };
}
