/**
 * The script-tag bundle: defines `window.HandoffChat`.
 */
export * from '../index.js';
