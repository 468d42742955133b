/**
 * Fetches one URL for the link-card script, treating the other end as hostile: only http(s) at every
 * hop, redirects followed by hand (at most 5, loops caught), no private, loopback or link-local
 * address unless allowed (checked on the address actually connected to, so a DNS answer that changes
 * between two lookups cannot slip through), one time limit for the whole fetch, and a byte cap that
 * stops reading (and drops the connection) instead of taking a large body whole.
 *
 * Builds never call this: only `npm run cards` does.
 */
import { lookup as dnsLookup } from 'node:dns';
import type { IncomingMessage } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip } from 'node:zlib';
import { httpUrl } from '../markdown/link-card-store.ts';
import { isPrivateAddress } from './private-address.ts';

/** Sent with every request, so site owners can tell what fetched their page. */
export const LINK_CARDS_USER_AGENT = 'astro-ja-blog-link-cards/1.0';

/** The most of an HTML page read: the tags a card needs are in its head. */
export const MAX_PAGE_BYTES = 1024 * 1024;
/** The largest image or icon taken. */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

/** Why a fetch gave up, in a few words fit for the store's `failed` entries and the script's output. */
export class FetchFailure extends Error {
  readonly reason: string;
  constructor(reason: string) {
    super(reason);
    this.reason = reason;
    this.name = 'FetchFailure';
  }
}

export interface FetchOptions {
  /**
   * Lets requests reach private, loopback and link-local addresses. Off by default (a post could
   * otherwise make the script probe the author's network); `LINK_CARDS_ALLOW_PRIVATE=1` turns it on,
   * for tests against a local server.
   */
  allowPrivate?: boolean;
  /** The whole fetch, redirects and body included. */
  timeoutMs?: number;
  maxRedirects?: number;
  userAgent?: string;
  /** Aborts the fetch from outside (the dev server shutting down). */
  signal?: AbortSignal;
}

interface BodyLimits {
  maxBytes: number;
  /** Past `maxBytes`: keep what was read (an HTML page's head comes first) or give up (an image). */
  overflow: 'truncate' | 'fail';
  accept: string;
  /** Checks the final response's media type (lower case, no parameters; '' when absent). */
  acceptType: (mediaType: string) => boolean;
  /** The reason recorded when `acceptType` says no. */
  wrongTypeReason: string;
}

/** A fetched body: the URL it came from after redirects, its Content-Type and at most the capped bytes. */
export interface FetchedBody {
  url: string;
  contentType: string;
  body: Uint8Array;
  /** The body was longer than the cap and was cut there. */
  truncated: boolean;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function mediaTypeOf(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

/** Fetches an HTML page: at most {@link MAX_PAGE_BYTES}, cut there; anything but HTML fails. */
export function fetchPage(url: string, options: FetchOptions = {}): Promise<FetchedBody> {
  return fetchLimited(
    url,
    {
      maxBytes: MAX_PAGE_BYTES,
      overflow: 'truncate',
      accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.1',
      // A missing type is allowed: the parser copes with whatever comes, and the caps still hold.
      acceptType: (type) => type === '' || type === 'text/html' || type === 'application/xhtml+xml',
      wrongTypeReason: 'not HTML',
    },
    options,
  );
}

/** Fetches an image or icon: at most {@link MAX_IMAGE_BYTES}, larger ones fail. Its bytes are not trusted yet. */
export function fetchImage(url: string, options: FetchOptions = {}): Promise<FetchedBody> {
  return fetchLimited(
    url,
    {
      maxBytes: MAX_IMAGE_BYTES,
      overflow: 'fail',
      accept: 'image/avif,image/webp,image/png,image/svg+xml,image/*;q=0.8,*/*;q=0.1',
      // Servers label favicons every way (text/plain, application/octet-stream): the decoder decides,
      // except for pages, which are never images.
      acceptType: (type) => !type.startsWith('text/html') && type !== 'application/xhtml+xml',
      wrongTypeReason: 'not an image',
    },
    options,
  );
}

/** Fetches a text file (a GitHub raw file): at most `maxBytes`, cut there. */
export function fetchText(url: string, maxBytes: number, options: FetchOptions = {}): Promise<FetchedBody> {
  return fetchLimited(
    url,
    {
      maxBytes,
      overflow: 'truncate',
      accept: 'text/plain,*/*;q=0.1',
      acceptType: (type) => !type.startsWith('image/') && !type.startsWith('video/') && !type.startsWith('audio/'),
      wrongTypeReason: 'not text',
    },
    options,
  );
}

function allowPrivateFromEnv(options: FetchOptions): boolean {
  return options.allowPrivate ?? process.env['LINK_CARDS_ALLOW_PRIVATE'] === '1';
}

/** The host of a URL as an address, when it is one: `[::1]` becomes `::1`. */
function literalAddress(url: URL): string | undefined {
  const host = url.hostname.replace(/^\[|\]$/gu, '');
  return isIP(host) ? host : undefined;
}

/**
 * Fetches `url` within the limits. Throws a {@link FetchFailure} whose reason says what went wrong;
 * never anything else.
 */
export async function fetchLimited(url: string, limits: BodyLimits, options: FetchOptions = {}): Promise<FetchedBody> {
  const allowPrivate = allowPrivateFromEnv(options);
  const maxRedirects = options.maxRedirects ?? 5;
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 5000);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;

  let current = httpUrl(url);
  if (!current) throw new FetchFailure('not an http(s) URL');
  const visited = new Set<string>();
  try {
    for (let hop = 0; ; hop++) {
      if (current.username || current.password) throw new FetchFailure('URL with credentials');
      const address = literalAddress(current);
      if (address && !allowPrivate && isPrivateAddress(address)) throw new FetchFailure('private address');
      visited.add(current.href);

      const res = await requestOnce(current, limits.accept, options.userAgent ?? LINK_CARDS_USER_AGENT, allowPrivate, signal);
      const status = res.statusCode ?? 0;
      if (REDIRECTS.has(status)) {
        res.destroy();
        const location = res.headers.location;
        if (!location) throw new FetchFailure(`HTTP ${status} without Location`);
        const next = httpUrl(location, current);
        if (!next) throw new FetchFailure('redirect to a non-http URL');
        if (visited.has(next.href)) throw new FetchFailure('redirect loop');
        if (hop >= maxRedirects) throw new FetchFailure('too many redirects');
        current = next;
        continue;
      }
      if (status < 200 || status > 299) {
        res.destroy();
        throw new FetchFailure(`HTTP ${status}`);
      }
      const contentType = String(res.headers['content-type'] ?? '');
      if (!limits.acceptType(mediaTypeOf(contentType))) {
        res.destroy();
        throw new FetchFailure(limits.wrongTypeReason);
      }
      const length = Number(res.headers['content-length']);
      if (limits.overflow === 'fail' && Number.isFinite(length) && length > limits.maxBytes) {
        res.destroy();
        throw new FetchFailure('too large');
      }
      const { body, truncated } = await readCapped(res, limits, signal);
      return { url: current.href, contentType, body, truncated };
    }
  } catch (error) {
    throw toFailure(error, signal);
  }
}

/** A DNS lookup that refuses names resolving to any private address (checked where the socket connects). */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, options, (error, address, family) => {
    if (error) return callback(error, address as string, family);
    const all = Array.isArray(address) ? address : [{ address, family }];
    if (all.some((a) => isPrivateAddress(a.address))) {
      const refused = Object.assign(new Error(`${hostname} resolves to a private address`), { code: 'EPRIVATE' });
      return callback(refused, address as string, family);
    }
    callback(null, address as string, family);
  });
};

function requestOnce(
  url: URL,
  accept: string,
  userAgent: string,
  allowPrivate: boolean,
  signal: AbortSignal,
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = request(url, {
      method: 'GET',
      headers: {
        'user-agent': userAgent,
        accept,
        'accept-language': 'ja,en;q=0.8',
        'accept-encoding': 'gzip, br',
      },
      signal,
      // One connection per request: nothing stays open once the script is done.
      agent: false,
      ...(allowPrivate ? {} : { lookup: publicOnlyLookup }),
    });
    req.once('response', resolve);
    req.once('error', reject);
    req.end();
  });
}

/** Reads a response body, decompressed, up to the cap; drops the connection once past it. */
async function readCapped(
  res: IncomingMessage,
  limits: BodyLimits,
  signal: AbortSignal,
): Promise<{ body: Uint8Array; truncated: boolean }> {
  const encoding = String(res.headers['content-encoding'] ?? '').trim().toLowerCase();
  let stream: Readable = res;
  if (encoding === 'gzip' || encoding === 'x-gzip') stream = res.pipe(createGunzip());
  else if (encoding === 'br') stream = res.pipe(createBrotliDecompress());
  else if (encoding !== '' && encoding !== 'identity') {
    res.destroy();
    throw new FetchFailure('unsupported content encoding');
  }
  // The request's signal ends the socket; the decompressor must stop too.
  const onAbort = () => stream.destroy(signal.reason as Error);
  signal.addEventListener('abort', onAbort, { once: true });
  res.once('aborted', () => stream.destroy(new FetchFailure('connection closed early')));
  const chunks: Buffer[] = [];
  let total = 0;
  let truncated = false;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const room = limits.maxBytes - total;
      if (chunk.length > room) {
        if (limits.overflow === 'fail') throw new FetchFailure('too large');
        chunks.push(chunk.subarray(0, room));
        total += room;
        truncated = true;
        break;
      }
      chunks.push(chunk);
      total += chunk.length;
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    stream.destroy();
    res.destroy();
  }
  return { body: new Uint8Array(Buffer.concat(chunks, total)), truncated };
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

/** Turns whatever a fetch threw into a short reason. */
function toFailure(error: unknown, signal: AbortSignal): FetchFailure {
  if (error instanceof FetchFailure) return error;
  if (signal.aborted) {
    const reason = signal.reason as { name?: string } | undefined;
    return new FetchFailure(reason?.name === 'TimeoutError' ? 'timeout' : 'aborted');
  }
  const code = errorCode(error) || errorCode((error as { cause?: unknown } | null)?.cause);
  if (code === 'EPRIVATE') return new FetchFailure('private address');
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NODATA') return new FetchFailure('host not found');
  if (code === 'ECONNREFUSED') return new FetchFailure('connection refused');
  if (code === 'ECONNRESET' || code === 'EPIPE') return new FetchFailure('connection reset');
  if (code === 'ETIMEDOUT') return new FetchFailure('timeout');
  if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR' || code.startsWith('ERR__')) {
    return new FetchFailure('corrupt compressed body');
  }
  if (/CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO/u.test(code)) return new FetchFailure(`TLS error (${code})`);
  if (code.startsWith('HPE_')) return new FetchFailure('malformed HTTP response');
  if (code) return new FetchFailure(code);
  return new FetchFailure('fetch failed');
}
