import { Agent as HttpAgent } from 'node:http';
import { TwitterApi, type ITwitterApiClientPlugin, type TwitterApiTokens, type TwitterApiv2 } from 'twitter-api-v2';

/** Where twitter-api-v2 sends every v2 call. */
export const X_API_ROOT = 'https://api.x.com';
const LIBRARY_ROOT = 'https://api.x.com/';

export interface XClientOptions {
  /** Scheme and host (and port) that serve `/2/...`. */
  apiRoot: string;
  /** Per request; the library has no timeout of its own. */
  timeoutMs: number;
}

export type XClientFactory = (auth: string | TwitterApiTokens) => TwitterApiv2;

/**
 * A v2 client per call, signed for one sender account. The library hard-codes its host, so a plugin (the
 * library's hook for changing a request before it is signed and sent) moves each call under `apiRoot`,
 * and gives it a timeout. twitter-api-v2 sends through `https.request`; an `http:` root needs an HTTP agent.
 */
export function xClientFactory(options: XClientOptions): XClientFactory {
  const root = options.apiRoot.replace(/\/+$/, '') + '/';
  const plugin: ITwitterApiClientPlugin = {
    onBeforeRequestConfig({ params }) {
      if (root !== LIBRARY_ROOT && params.url.startsWith(LIBRARY_ROOT)) params.url = root + params.url.slice(LIBRARY_ROOT.length);
      params.timeout ??= options.timeoutMs;
    },
  };
  const httpAgent = new URL(root).protocol === 'http:' ? new HttpAgent({ keepAlive: true }) : undefined;
  const settings = { plugins: [plugin], ...(httpAgent ? { httpAgent } : {}) };
  return (auth) => (typeof auth === 'string' ? new TwitterApi(auth, settings) : new TwitterApi(auth, settings)).v2;
}
