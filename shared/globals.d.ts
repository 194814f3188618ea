// shared/ compiles without DOM or Node typings on purpose (it must stay portable).
// The one host facility it relies on is Web Crypto's randomUUID, present in every
// modern browser, in Electron and in Node >= 19 as a global.
declare const crypto: { randomUUID(): string };
