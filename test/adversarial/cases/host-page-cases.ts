/**
 * Host pages that are careless or hostile to the code they embed, run in real
 * Chromium with the built script-tag bundle (`host-page.browser.test.ts`). Each case
 * says what the page does before and after the bundle loads, which bot it uses, and
 * what must hold besides the common checks (the widget opens, a message goes through
 * or fails visibly, the human control is visible and makes one request, no page
 * error, no unexpected request, no script from the widget's data).
 */

export type HostBot = 'memory' | 'rest' | 'sse' | 'websocket';

export interface HostPageCase {
  id: string;
  name: string;
  /** HTML at the top of <head>, before anything else (a <base>, a CSP meta, a script). */
  head?: string;
  /** How many times the bundle's <script> tag is on the page. Default 1. */
  bundles?: number;
  bot: HostBot;
  /** The Content-Security-Policy header: the one SECURITY.md gives for `bot` (`documented`), that one without the bot's origin (`missing-origin`), or none. */
  csp?: 'documented' | 'missing-origin';
  /** Whether the customer's message must reach the bot (else it must show as not sent, with a retry). */
  delivered: boolean;
  /**
   * A failure this suite found and cannot fix in its own area: the case runs as
   * `it.fails` until it is fixed (then vitest reports it, and this field goes).
   */
  knownIssue?: string;
  /** What else is checked, by name (see the test). */
  extra?: 'fetch-seen' | 'amd-untouched' | 'one-element' | 'spa-removal' | 'mount-50' | 'violation' | 'ime' | 'base-links';
}

const FREEZE_OTHERS = `<script>Object.freeze(Array.prototype); Object.freeze(Function.prototype); Object.freeze(String.prototype); Object.freeze(Promise.prototype); Object.freeze(Element.prototype); Object.freeze(EventTarget.prototype);</script>`;
const FREEZE_OBJECT = `<script>Object.freeze(Object.prototype);</script>`;
const POLLUTE = `<script>
  Object.prototype.evil = '<img src=x onerror="window.__pwned=1">';
  Object.prototype.extend = function () { window.__pwned = 'extend'; };
  Array.prototype.each = function () { window.__pwned = 'each'; };
  Array.prototype.include = function () { return false; };
  String.prototype.evil = 'x';
</script>`;
const WRAP_FETCH = `<script>
  window.__fetches = [];
  const realFetch = window.fetch;
  window.fetch = function (input, init) { window.__fetches.push(String(input && input.url ? input.url : input)); return realFetch.apply(this, arguments); };
</script>`;
const THROWING_FETCH = `<script>window.fetch = function () { throw new TypeError('Blocked by an extension'); };</script>`;
const LYING_FETCH = `<script>window.fetch = function () { return Promise.resolve({ ok: true, status: 200, headers: {}, body: null, text: function () { return Promise.resolve('<html>'); } }); };</script>`;
const AMD = `<script>window.__amdCalls = 0; window.define = function () { window.__amdCalls++; }; window.define.amd = { jQuery: true };</script>`;
const BASE = `<base href="https://evil.example/base/">`;

export const HOST_PAGE_CASES: readonly HostPageCase[] = [
  { id: 'frozen', name: 'Array, Function, String, Promise, Element and EventTarget prototypes frozen before the bundle loads', head: FREEZE_OTHERS, bot: 'rest', delivered: true },
  {
    id: 'frozen-object',
    name: 'Object.prototype frozen before the bundle loads (SES lockdown, LavaMoat)',
    head: FREEZE_OBJECT,
    bot: 'rest',
    // Works because the script-tag build patches Preact's assign() (rollup.config.mjs, frozenPrototypeSafePreact).
    delivered: true,
  },
  { id: 'polluted', name: 'enumerable properties and methods added to Object, Array and String prototypes', head: POLLUTE, bot: 'rest', delivered: true },
  { id: 'fetch-wrapped', name: 'fetch wrapped by an analytics script', head: WRAP_FETCH, bot: 'rest', delivered: true, extra: 'fetch-seen' },
  { id: 'fetch-throws', name: 'fetch replaced by one that throws', head: THROWING_FETCH, bot: 'rest', delivered: false },
  { id: 'fetch-lies', name: 'fetch replaced by one that returns something that is not a Response', head: LYING_FETCH, bot: 'rest', delivered: false },
  { id: 'amd', name: 'an AMD loader\'s define() on the page', head: AMD, bot: 'memory', delivered: true, extra: 'amd-untouched' },
  { id: 'base-href', name: 'a <base href> pointing at another site', head: BASE, bot: 'memory', delivered: true, extra: 'base-links' },
  { id: 'twice', name: 'the script tag included twice', bundles: 2, bot: 'memory', delivered: true, extra: 'one-element' },
  { id: 'spa', name: 'a single-page app that removes the widget\'s node, then mounts it again', bot: 'memory', delivered: true, extra: 'spa-removal' },
  { id: 'mount-50', name: 'init() and destroy() 50 times', bot: 'memory', delivered: true, extra: 'mount-50' },
  { id: 'csp-rest', name: 'the documented CSP for the REST transport, with Trusted Types enforced', bot: 'rest', csp: 'documented', delivered: true },
  { id: 'csp-sse', name: 'the documented CSP for the SSE transport, with Trusted Types enforced', bot: 'sse', csp: 'documented', delivered: true },
  { id: 'csp-websocket', name: 'the documented CSP for the WebSocket transport, with Trusted Types enforced', bot: 'websocket', csp: 'documented', delivered: true },
  { id: 'csp-missing', name: 'a CSP without the bot\'s origin is reported, and the message shows as not sent', bot: 'rest', csp: 'missing-origin', delivered: false, extra: 'violation' },
  { id: 'ime', name: 'real IME composition (Chromium\'s own): Enter that commits never sends', bot: 'memory', delivered: true, extra: 'ime' },
];
