/**
 * The Lua script of the Redis coupon ledger (server/audience/redis-coupon-ledger.ts):
 * one claim, decided atomically, in the campaign hash `keys.couponCodes(campaign)`.
 */
import { createHash } from 'node:crypto';

/**
 * KEYS[1] the campaign hash; ARGV[1] sub, ARGV[2] limit ('' = unlimited),
 * ARGV[3] candidate code. Replies {'held', code} | {'sold-out'} |
 * {'collision'} | {'fresh', code}. The held check comes first: a viewer who
 * has a code keeps getting it after the campaign sold out.
 */
export const CLAIM_SCRIPT = `
local held = redis.call('HGET', KEYS[1], 's:' .. ARGV[1])
if held then return {'held', held} end
if ARGV[2] ~= '' and redis.call('HLEN', KEYS[1]) >= 2 * tonumber(ARGV[2]) then return {'sold-out'} end
if redis.call('HSETNX', KEYS[1], 'c:' .. ARGV[3], ARGV[1]) == 0 then return {'collision'} end
redis.call('HSET', KEYS[1], 's:' .. ARGV[1], ARGV[3])
return {'fresh', ARGV[3]}
`;
/** Sent as EVALSHA first; EVAL only when Redis does not know the script yet. */
export const CLAIM_SHA = createHash('sha1').update(CLAIM_SCRIPT).digest('hex');
