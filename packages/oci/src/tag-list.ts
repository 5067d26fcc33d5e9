import { SigilError } from '@sigil/core';
import type { HttpResponse } from './transport.js';

/** The `tags` of a `/tags/list` page (null or absent means none). */
export function parseTagList(response: HttpResponse, what: string): string[] {
  try {
    const parsed = JSON.parse(Buffer.from(response.body).toString('utf8')) as { tags?: unknown };
    if (parsed.tags === null || parsed.tags === undefined) return [];
    if (Array.isArray(parsed.tags) && parsed.tags.every((t) => typeof t === 'string')) return parsed.tags;
  } catch {
    // fall through to the error
  }
  throw new SigilError('REGISTRY_PROTOCOL', `${what}: the registry sent an unreadable tag list`);
}

/** The `rel="next"` target of a `Link` header (RFC 8288), if any. */
export function nextLink(link: string | undefined): string | undefined {
  if (link === undefined) return undefined;
  for (const part of link.split(',')) {
    const match = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (match?.[1] !== undefined && /(^|;)\s*rel\s*=\s*"?next"?\s*(;|$)/i.test(match[2] ?? ''))
      return match[1];
  }
  return undefined;
}
