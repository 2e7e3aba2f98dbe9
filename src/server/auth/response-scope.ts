/** The part of a consumer's scopes that changes answers, as the one string both response-cache paths key by. */
import type { Consumer, Scope } from '../request-scope.js';
import { PUBLIC_SCOPE } from '../plugins/response-cache.js';

/** Scopes that change what a query answers, in key order. */
const ANSWER_SCOPES: readonly Scope[] = ['contacts', 'restricted-sources'];

/** `public`, `contacts`, `restricted-sources` or `contacts+restricted-sources`; no consumer is public. */
export function responseScopeOf(consumer: Consumer | undefined): string {
  const held = ANSWER_SCOPES.filter((s) => consumer?.scopes.has(s) === true);
  return held.length === 0 ? PUBLIC_SCOPE : held.join('+');
}
