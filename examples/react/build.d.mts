/**
 * Builds the React example into examples/react/build/app.js. Resolves with the file.
 *
 * @example
 * await buildReactExample()
 */
export declare function buildReactExample(): Promise<string>;
