import { activeHotspot, type CommandActor, type CommandResult, type RoomCommand, type RoomFold } from '../../engine/index.ts';
import type { CouponIssuer } from './room-deps.ts';

/**
 * A coupon claim on the owner: the room checks the hotspot is a coupon on
 * screen, the campaign ledger issues (or re-issues) the viewer's code
 * durably, and `apply` logs the claim with that code.
 */
export async function claimCoupon(
  room: { fold: RoomFold; coupons: CouponIssuer | undefined; now: number },
  actor: CommandActor,
  id: string,
  hotspotId: string,
  apply: (command: Extract<RoomCommand, { type: 'claim' }>) => Promise<CommandResult>,
): Promise<CommandResult> {
  const { logic, state } = room.fold;
  const previous = Object.hasOwn(state.recent, actor.sub) ? state.recent[actor.sub]?.find(([seen]) => seen === id) : undefined;
  if (previous) return previous[1];
  // The error rule (engine/room/command-checks.ts): "not now" before "no such hotspot here".
  // Checked before the ledger, too: a closed room must not use up a code of the campaign.
  if (state.closed) return { ok: false, code: 'bad-state', message: 'the room is closed' };
  if (!room.coupons) return { ok: false, code: 'bad-state', message: 'coupons are not available on this server' };
  const hotspot = activeHotspot(logic, state, room.now, hotspotId);
  if (typeof hotspot === 'string') return { ok: false, code: 'invalid', message: hotspot };
  if (hotspot.kind !== 'coupon') return { ok: false, code: 'invalid', message: `hotspot '${hotspotId}' is not a coupon` };
  const issued = await room.coupons.claim(hotspot.campaign, actor.sub, hotspot.limit);
  if (!issued.ok) return { ok: false, code: 'bad-state', message: `campaign '${hotspot.campaign}' has no codes left` };
  return apply({ type: 'claim', hotspot: hotspotId, code: issued.code });
}
