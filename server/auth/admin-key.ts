import { parseBearer } from './parse-bearer.ts';
import { safeEqual } from './safe-equal.ts';

/**
 * Whether an `Authorization` header carries the operator key, compared in
 * constant time. An empty configured key matches nothing, so a blank
 * `--admin-key` locks the admin API instead of opening it.
 */
export function checkAdminKey(authorization: string | undefined, adminKey: string): boolean {
  const presented = parseBearer(authorization);
  if (presented === undefined || adminKey === '') return false;
  return safeEqual(presented, adminKey);
}
