/**
 * HTTP client of a published dataset file: one conditional GET. The caller keeps the validators of
 * the last body and sends them back (If-None-Match / If-Modified-Since); a 304 means "unchanged".
 */
import type { Got } from 'got';
import type { CallContext } from '../connector.js';
import { callPartner } from '../http.js';

/** Validators of a body already held. */
export interface Validators {
  readonly etag: string | null;
  readonly lastModified: string | null;
}

/** A fresh body with its validators, or "not modified". */
export type FileFetch = ({ readonly status: 200; readonly body: string } & Validators) | { readonly status: 304 };

/** What the connector needs from the server. */
export interface FileClient {
  fetch(path: string, held: Validators | null, ctx?: CallContext): Promise<FileFetch>;
}

const header = (v: string | string[] | undefined): string | null => (Array.isArray(v) ? (v[0] ?? null) : (v ?? null));

/** Builds the client over a got instance made by createHttpClient. */
export function createFileClient(http: Got, partner: string): FileClient {
  return {
    fetch: (path, held, ctx) =>
      callPartner(partner, async () => {
        const headers: Record<string, string> = {};
        if (held?.etag) headers['if-none-match'] = held.etag;
        if (held?.lastModified) headers['if-modified-since'] = held.lastModified;
        if (ctx?.requestId) headers['x-request-id'] = ctx.requestId;
        // got treats 304 as a success; the body is read as text whatever the format.
        const res = await http.get(path, { headers, responseType: 'text', signal: ctx?.signal });
        if (res.statusCode === 304) return { status: 304 } as const;
        return {
          status: 200,
          body: res.body,
          etag: header(res.headers.etag),
          lastModified: header(res.headers['last-modified']),
        } as const;
      }),
  };
}
