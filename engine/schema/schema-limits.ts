/**
 * Size limits of a story that the schema check enforces outside ajv (see
 * schema-check.ts), shared with the generator of the precompiled validator
 * (scripts/schema-validator-source.ts), which bakes MAX_NODES into it.
 */

/** Largest array and object (other than `nodes`) the schema allows anywhere. */
export const MAX_ITEMS = 256;
/** Most nodes a story may have. */
export const MAX_NODES = 10_000;
