/**
 * Entry of the agent console bundle (built by examples/server/rollup.config.mjs
 * into build/console.js, served at /console/console.js).
 */
import { render } from 'preact';
import { App } from './App.js';

const root = document.getElementById('app');
if (root) {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const presetName = new URLSearchParams(location.search).get('agent')?.trim().slice(0, 200) || undefined;
  render(<App hubUrl={`${scheme}//${location.host}/agent`} storage={localStorage} presetName={presetName} />, root);
}
