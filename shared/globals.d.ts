// shared/ compiles without DOM or Node typings on purpose (it must stay portable).
// The one host facility it relies on is Web Crypto's randomUUID, present in every
// modern browser, in Electron and in Node >= 19 as a global.
declare const crypto: { randomUUID?(): string; getRandomValues<T extends Uint8Array>(array: T): T };
// And the structured clone algorithm, global in browsers, workers, Electron and Node >= 17:
// Repair copies a stored document that may hold values JSON cannot (a Map written by a bug).
declare function structuredClone<T>(value: T): T;
