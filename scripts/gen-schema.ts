/** `npm run gen:schema`: writes the precompiled story-schema validator (see schema-validator-source.ts). */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { GENERATED_DTS, GENERATED_JS, schemaValidatorSource } from './schema-validator-source.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const { js, dts } = schemaValidatorSource();
await writeFile(`${root}${GENERATED_JS}`, js);
await writeFile(`${root}${GENERATED_DTS}`, dts);
process.stdout.write(`branchcast: wrote ${GENERATED_JS} (${Math.round(js.length / 1024)} KiB) and ${GENERATED_DTS}\n`);
