// Types for scripts/sizes.mjs, so the size-budget test can import it under `tsc`.
export interface SizeRow {
  entry: string;
  kind: 'file' | 'npm';
  raw: number;
  gzip: number;
  brotli: number;
  budget?: number;
  target?: number;
  beyondCore?: boolean;
}
export const TARGETS: { loader: number; widget: number; core: number; transportBeyondCore: number };
export const BUDGETS: Record<string, number>;
export const TRANSPORT_FACTORIES: readonly string[];
export function gzipBytes(buf: Uint8Array): number;
export function brotliBytes(buf: Uint8Array): number;
export function sizeTable(): Promise<SizeRow[]>;
export function sizeMarkdown(rows: SizeRow[]): string;
export interface FloorRow {
  entry: string;
  gzip: number;
  target: number;
  targetName: string;
}
export function floorTable(): Promise<FloorRow[]>;
export function floorMarkdown(rows: FloorRow[]): string;
export function fromSources(): import('rollup').Plugin;
