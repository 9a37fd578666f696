/**
 * Client ids: 128 random bits, base-36, prefixed by kind so logs are readable
 * (`msg_…`, `req_…`). Uses `crypto.getRandomValues` when there is one (it exists on
 * plain-http pages too, unlike `randomUUID`), else the injected `random`.
 */
export type IdFactory = (prefix: string) => string;

export function createIdFactory(random?: () => number): IdFactory {
  const cryptoObj = (globalThis as { crypto?: Crypto }).crypto;
  const words = (): number[] => {
    if (!random && cryptoObj?.getRandomValues) return Array.from(cryptoObj.getRandomValues(new Uint32Array(4)));
    const rnd = random ?? Math.random;
    return [0, 0, 0, 0].map(() => Math.floor(rnd() * 0x100000000) >>> 0);
  };
  return (prefix) => `${prefix}_${words().map((w) => w.toString(36).padStart(7, '0')).join('')}`;
}
