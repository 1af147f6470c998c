import { parseSoloInput, type SoloInput } from '../../engine/solo/index.ts';
import { PLAY_LIMITS } from './play-limits.ts';

/** One batch of a solo play, decoded: POST /api/stories/:id/plays. */
export interface PlayBatch {
  play: string;
  from: number;
  inputs: SoloInput[];
  storyVersion: string;
}

export type PlayBatchProblem = { status: 400 | 413; code: string; message: string; index?: number };

/**
 * Decodes a batch body totally: any bytes give a batch built from checked
 * fields, or a typed problem (400, or 413 for a batch over the input limit).
 * Every input is decoded, including ones the store may already hold.
 */
export function parsePlayBatch(body: Buffer): PlayBatch | PlayBatchProblem {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    return invalid('the body must be JSON: {"play", "from", "inputs", "storyVersion"}');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return invalid('the body must be a JSON object {"play", "from", "inputs", "storyVersion"}');
  const { play, from, inputs, storyVersion } = value as Record<string, unknown>;
  if (typeof play !== 'string' || !PLAY_LIMITS.playId.test(play)) return invalid('play must be 8-64 letters, digits, _ or -');
  if (typeof from !== 'number' || !Number.isSafeInteger(from) || from < 0) return invalid('from must be the index (a non-negative integer) of the batch\'s first input');
  if (typeof storyVersion !== 'string' || storyVersion.length === 0 || storyVersion.length > PLAY_LIMITS.maxStoryVersionLength) return invalid(`storyVersion must be a string of 1-${PLAY_LIMITS.maxStoryVersionLength} characters`);
  if (!Array.isArray(inputs)) return invalid('inputs must be an array of inputs');
  if (inputs.length > PLAY_LIMITS.maxBatchInputs) return { status: 413, code: 'batch-too-large', message: `at most ${PLAY_LIMITS.maxBatchInputs} inputs per batch` };
  const decoded: SoloInput[] = [];
  for (const [index, raw] of inputs.entries()) {
    const input = parseSoloInput(raw);
    if (typeof input === 'string') return { status: 400, code: 'invalid-input', message: `inputs[${index}]: ${input}`, index };
    decoded.push(input);
  }
  return { play, from, inputs: decoded, storyVersion };
}

function invalid(message: string): PlayBatchProblem {
  return { status: 400, code: 'invalid', message };
}
