/**
 * Scripts the benchmark runs inside the page. Kept as plain JavaScript text: functions written
 * in TypeScript and serialized by playwright would carry the transpiler's helpers with them.
 */

/**
 * Init script (runs before any page script): records, on the page's clock (ms since navigation
 * start), when each `.react-flow__node` first becomes visible (React Flow keeps a node at
 * `visibility: hidden` until it is measured), when the viewport transform last changed, when the
 * DOM last changed and every long task. `window.__bench.stop()` disconnects the observers so
 * they cost nothing during the drag.
 */
export const LOAD_PROBE = `(() => {
  const state = { firstNode: -1, seen: new Map(), lastViewportChange: -1, lastMutation: 0, longTasks: [], stopped: false };
  const nodes = document.getElementsByClassName('react-flow__node');
  const check = (records) => {
    const now = performance.now();
    state.lastMutation = now;
    for (const record of records) {
      const target = record.target;
      if (record.type === 'attributes' && target.classList && target.classList.contains('react-flow__viewport')) state.lastViewportChange = now;
    }
    for (let i = 0; i < nodes.length; i++) {
      const el = nodes[i];
      const id = el.getAttribute('data-id');
      if (!id || state.seen.has(id) || el.style.visibility === 'hidden') continue;
      state.seen.set(id, now);
      if (state.firstNode < 0) {
        state.firstNode = now;
        performance.mark('bench:first-node');
      }
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['style', 'class'] });
  let longTaskObserver = null;
  try {
    longTaskObserver = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) state.longTasks.push([entry.startTime, entry.startTime + entry.duration]);
    });
    longTaskObserver.observe({ type: 'longtask', buffered: true });
  } catch {}
  state.stop = () => {
    observer.disconnect();
    if (longTaskObserver) longTaskObserver.disconnect();
    state.stopped = true;
  };
  window.__bench = state;
})();`;

/** True once the page has shown a node and has been quiet (no DOM change, no long task) for `quietMs`. */
export const SETTLED = `(quietMs) => {
  const s = window.__bench;
  if (!s || s.firstNode < 0) return false;
  const now = performance.now();
  const lastLong = s.longTasks.length ? s.longTasks[s.longTasks.length - 1][1] : 0;
  return now - s.lastMutation > quietMs && now - lastLong > quietMs;
}`;

/**
 * After settling: the nodes now inside the pane, and when the last of them (or the viewport
 * transform that brought them into view) appeared. Stops the load probe.
 */
export const LOAD_RESULT = `() => {
  const s = window.__bench;
  s.stop();
  const panes = [...document.querySelectorAll('.react-flow')];
  const pane = panes.find((p) => p.querySelector('.react-flow__node')) || panes[0];
  const box = pane.getBoundingClientRect();
  let inView = 0;
  let allInView = s.firstNode;
  let rendered = 0;
  for (const el of pane.querySelectorAll('.react-flow__node')) {
    rendered++;
    const r = el.getBoundingClientRect();
    if (r.right <= box.left || r.left >= box.right || r.bottom <= box.top || r.top >= box.bottom || el.style.visibility === 'hidden') continue;
    inView++;
    const t = s.seen.get(el.getAttribute('data-id'));
    if (t !== undefined && t > allInView) allInView = t;
  }
  if (s.lastViewportChange > allInView) allInView = s.lastViewportChange;
  const lastLong = s.longTasks.length ? s.longTasks[s.longTasks.length - 1][1] : s.firstNode;
  const nav = performance.getEntriesByType('navigation')[0];
  return {
    firstNode: s.firstNode,
    allInView,
    lastLongTaskEnd: Math.max(lastLong, s.firstNode),
    longTaskMs: s.longTasks.reduce((sum, t) => sum + (t[1] - t[0]), 0),
    domContentLoaded: nav ? nav.domContentLoadedEventEnd : -1,
    inView,
    rendered,
  };
}`;

/**
 * The node to drag: fully inside the pane, not covered by anything else, closest to the pane's
 * centre. Returns its centre in page coordinates and room to move right and down.
 */
export const PICK_DRAG_NODE = `() => {
  const panes = [...document.querySelectorAll('.react-flow')];
  const pane = panes.find((p) => p.querySelector('.react-flow__node')) || panes[0];
  const box = pane.getBoundingClientRect();
  const cx = box.left + box.width / 2;
  const cy = box.top + box.height / 2;
  let best = null;
  for (const el of pane.querySelectorAll('.react-flow__node')) {
    const r = el.getBoundingClientRect();
    if (r.left < box.left || r.right > box.right || r.top < box.top || r.bottom > box.bottom || r.width === 0) continue;
    const x = r.left + r.width / 2;
    const y = r.top + Math.min(r.height / 2, 24);
    const hit = document.elementFromPoint(x, y);
    if (!hit || hit.closest('.react-flow__node') !== el || hit.closest('input, button, .react-flow__handle')) continue;
    const d = (x - cx) ** 2 + (y - cy) ** 2;
    if (!best || d < best.d) best = { id: el.getAttribute('data-id'), x, y, d, roomX: box.right - r.right, roomY: box.bottom - r.bottom };
  }
  return best;
}`;

/** Resolves after two animation frames: whatever the last input scheduled has rendered. */
export const TWO_FRAMES = `() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(true))))`;

/**
 * Seeds the app's database (created by the app on its first load, so opened here at its
 * current version) with one session: the document and its index row, in one transaction.
 */
export const SEED_SESSION = `(payload) => new Promise((resolve, reject) => {
  const { json, summary } = payload;
  const { row, blocks } = JSON.parse(json);
  const open = indexedDB.open('threatstorm');
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const db = open.result;
    const tx = db.transaction(['documents', 'blocks', 'sessions'], 'readwrite');
    tx.objectStore('documents').put(row);
    for (const block of blocks) tx.objectStore('blocks').put(block);
    tx.objectStore('sessions').put(summary);
    tx.oncomplete = () => { db.close(); resolve(true); };
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error || new Error('aborted'));
  };
})`;

/**
 * Autosave probe: marks every change of the save indicator with a User Timing mark
 * (`bench-save:<text>`) that shows up in the Chromium trace, counts the saves (IDBObjectStore.put
 * on the `documents` store: one per save) and times every put of a save (documents and blocks).
 */
export const SAVE_PROBE = `() => {
  if (window.__saveProbe) return true;
  const el = document.querySelector('[aria-label="Save state"]');
  if (!el) return false;
  const probe = { puts: 0, putMs: 0, texts: [] };
  const put = IDBObjectStore.prototype.put;
  IDBObjectStore.prototype.put = function (...args) {
    if (this.name !== 'documents' && this.name !== 'blocks') return put.apply(this, args);
    const start = performance.now();
    try {
      return put.apply(this, args);
    } finally {
      if (this.name === 'documents') probe.puts++;
      probe.putMs += performance.now() - start;
    }
  };
  new MutationObserver(() => {
    const text = el.textContent;
    probe.texts.push([performance.now(), text]);
    performance.mark('bench-save:' + text);
  }).observe(el, { subtree: true, childList: true, characterData: true });
  window.__saveProbe = probe;
  return true;
}`;
