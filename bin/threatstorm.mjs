#!/usr/bin/env node
// The `threatstorm` command. The CLI is TypeScript (tools/cli.ts) sharing shared/ with the app;
// tsx's loader (already a devDependency) runs it in this process, so there is no build step
// and no second copy of the code to keep in sync.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../tools/cli.ts');
process.exitCode = await main(process.argv.slice(2));
