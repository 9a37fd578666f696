/** Whether build/console.js exists and is newer than everything it is built from. */
export declare function consoleIsFresh(): boolean;

/**
 * Builds the agent console with examples/server/rollup.config.mjs unless it is
 * fresh (or `force`). Resolves with whether it built.
 *
 * @example
 * await buildConsole()
 */
export declare function buildConsole(options?: { force?: boolean }): Promise<boolean>;
