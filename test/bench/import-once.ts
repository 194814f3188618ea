/**
 * One cold import for the benchmark: reads a session file, then times `JSON.parse` +
 * `loadSessionDocument` once in this fresh process and prints the wall and CPU milliseconds.
 * Usage: node --import tsx test/bench/import-once.ts FILE
 */
import { readFileSync } from 'node:fs';
import { loadSessionDocument } from '../../shared/migrations.ts';

const file = process.argv[2];
if (!file) throw new Error('usage: import-once.ts FILE');
const text = readFileSync(file, 'utf8');
const cpuStart = process.cpuUsage();
const start = performance.now();
const result = loadSessionDocument(JSON.parse(text) as unknown);
const elapsed = performance.now() - start;
const cpu = process.cpuUsage(cpuStart);
if (!result.ok) throw new Error(`did not load: ${result.error}`);
console.log(`${elapsed.toFixed(2)} ${((cpu.user + cpu.system) / 1000).toFixed(2)}`);
