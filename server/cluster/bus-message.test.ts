/** The node bus carries every answer the room core can give, refusals included, unchanged. */
import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../engine/index.ts';
import { decodeBusMessage, encodeBusMessage } from './bus-message.ts';

describe('bus replies', () => {
  const codes: ErrorCode[] = ['not-allowed', 'bad-state', 'rate-limited', 'invalid', 'internal', 'muted'];
  it.each(codes)('a %s refusal crosses the bus as itself', (code) => {
    const reply = { k: 'reply' as const, corr: 1, result: { ok: false as const, code, message: `refused: ${code}` } };
    expect(decodeBusMessage(encodeBusMessage(reply))).toEqual(reply);
  });

  it('drops a reply with a code the room core never gives', () => {
    const forged = encodeBusMessage({ k: 'reply', corr: 1, result: { ok: false, code: 'made-up' as ErrorCode, message: 'x' } });
    expect(decodeBusMessage(forged)).toBeUndefined();
  });
});
