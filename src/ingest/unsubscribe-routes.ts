import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { describeError } from '../errors/describe';
import { MAX_TOKEN_CHARS } from '../unsubscribe/token';
import { unsubscribe, verifyToken, type UnsubscribeDeps } from '../unsubscribe/request';
import { confirmPage, donePage, failedPage, refusedPage } from './unsubscribe-pages';

/** A one-click body is 26 bytes (a few hundred as multipart): anything over this is not one (413). */
const MAX_FORM_BYTES = 4096;
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];

class Refusal extends Error {}

function html(reply: FastifyReply, status: number, body: string) {
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    // The token is in the URL: no page it links to may see it.
    .header('referrer-policy', 'no-referrer')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'")
    .send(body);
}

function tokenOf(request: FastifyRequest): string {
  const token = (request.query as Record<string, unknown>).token;
  if (typeof token !== 'string' || token === '') throw new Refusal('The link has no token.');
  if (token.length > MAX_TOKEN_CHARS) throw new Refusal(`The link's token is longer than ${MAX_TOKEN_CHARS} characters.`);
  return token;
}

/** Whether a form body says `List-Unsubscribe=One-Click` (RFC 8058 allows either form encoding). */
function saysOneClick(contentType: string, body: string): boolean {
  if (contentType.startsWith('application/x-www-form-urlencoded')) return new URLSearchParams(body).getAll('List-Unsubscribe').includes('One-Click');
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const marker = boundary?.[1] ?? boundary?.[2];
  if (!marker) return false;
  return body.split(`--${marker}`).some((part) => {
    const split = part.search(/\r?\n\r?\n/);
    if (split < 0) return false;
    const headers = part.slice(0, split);
    return /content-disposition:\s*form-data;[^\r\n]*\bname="List-Unsubscribe"/i.test(headers) && part.slice(split).trim() === 'One-Click';
  });
}

/**
 * `GET /unsubscribe?token=` shows a page with a button and changes nothing (link scanners fetch links);
 * `POST` with `List-Unsubscribe=One-Click`, from a mail client (RFC 8058) or the button, unsubscribes at once.
 * A token we did not make is a 400 with nothing done. One log line per request, ids only.
 */
export function unsubscribeRoutes(deps: UnsubscribeDeps) {
  return async (scope: FastifyInstance) => {
    for (const type of FORM_TYPES) {
      scope.addContentTypeParser(type, { parseAs: 'string', bodyLimit: MAX_FORM_BYTES }, (_request, body, done) => done(null, body));
    }
    scope.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
      const status = error.statusCode ?? 500;
      if (status < 500) {
        deps.log('INFO', { message: 'unsubscribe refused', method: request.method, status, reason: error.message.slice(0, 200) });
        return html(reply, status, refusedPage(status === 413 ? `The request is larger than ${MAX_FORM_BYTES} bytes.` : 'The request is not an unsubscribe form.'));
      }
      deps.log('ERROR', { message: 'unsubscribe failed', method: request.method, error: describeError(error).message });
      return html(reply, 503, failedPage());
    });

    async function verified(request: FastifyRequest, reply: FastifyReply) {
      try {
        const target = await verifyToken(deps, tokenOf(request));
        if (target) return target;
        throw new Refusal('The link was not made by us, or it has been altered.');
      } catch (error) {
        if (!(error instanceof Refusal)) throw error;
        deps.log('INFO', { message: 'unsubscribe refused', method: request.method, status: 400, reason: error.message });
        await html(reply, 400, refusedPage(error.message));
        return undefined;
      }
    }

    scope.get('/unsubscribe', async (request, reply) => {
      const target = await verified(request, reply);
      if (!target) return reply;
      deps.log('INFO', { message: 'unsubscribe page shown', format: target.format, senderAccountId: target.senderAccountId, sequenceVersionId: target.sequenceVersionId ?? null });
      return html(reply, 200, confirmPage(tokenOf(request)));
    });

    scope.post('/unsubscribe', async (request, reply) => {
      const body = typeof request.body === 'string' ? request.body : '';
      if (!saysOneClick(String(request.headers['content-type'] ?? ''), body)) {
        deps.log('INFO', { message: 'unsubscribe refused', method: 'POST', status: 400, reason: 'body is not List-Unsubscribe=One-Click' });
        return html(reply, 400, refusedPage('The request does not say List-Unsubscribe=One-Click.'));
      }
      const target = await verified(request, reply);
      if (!target) return reply;
      const outcome = await unsubscribe(deps, target, 'unsubscribe-link');
      deps.log('INFO', {
        message: 'unsubscribed',
        via: 'link',
        format: target.format,
        senderAccountId: target.senderAccountId,
        sequenceVersionId: target.sequenceVersionId ?? null,
        suppressionsAdded: outcome.added,
        journeysEnded: outcome.ended,
      });
      return html(reply, 200, donePage());
    });
  };
}
