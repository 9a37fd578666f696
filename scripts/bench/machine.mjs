// What the figures were measured on: they mean little without it.
import { cpus, release, totalmem } from 'node:os';
import { chromiumVersion } from './chromium.mjs';

/** CPU model and cores, RAM, OS, Node and Chromium versions. */
export function machine() {
  const cores = cpus();
  return {
    cpu: cores[0]?.model?.trim() ?? 'unknown',
    cores: cores.length,
    ramBytes: totalmem(),
    os: `${process.platform} ${release()}`,
    node: process.version,
    chromium: chromiumVersion(),
  };
}
