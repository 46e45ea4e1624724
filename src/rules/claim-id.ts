// Stable claim ids: the same person, rule and contact-quarter or period always give the same id.
// Keyed (HMAC) so an id cannot be traced back to the identity number it was made from.
import { createHmac } from 'node:crypto';
import type { Rule } from '../domain/types.js';

export type ClaimIdFactory = (personKey: string, claimKey: string) => string;

const PREFIX: Record<Rule, string> = { kostnadskravande: 'KV', varaktig: 'VV' };

export function claimIdFactory(secret: string): ClaimIdFactory {
  return (personKey, claimKey) => {
    const rule = claimKey.slice(0, claimKey.indexOf('|')) as Rule;
    const digest = createHmac('sha256', secret).update(`${personKey}\u0000${claimKey}`).digest('hex');
    return `${PREFIX[rule]}-${digest.slice(0, 16).toUpperCase()}`;
  };
}
