/** Writes shared/threatstorm-session.schema.json from the zod schema (`npm run schema`). */
import { writeFileSync } from 'node:fs';
import { sessionJsonSchema } from '../shared/schema.ts';

const target = new URL('../shared/threatstorm-session.schema.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(sessionJsonSchema(), null, 2)}\n`);
console.log(`Wrote ${target.pathname}`);
