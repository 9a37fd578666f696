/** The few better-sqlite3 methods tests use (its types are not installed). */
export interface DemoDatabase {
  prepare(sql: string): {
    get(...params: unknown[]): Record<string, unknown> | undefined;
    all(...params: unknown[]): Array<Record<string, unknown>>;
  };
}

/** Options of {@link createDemoServer}; every one has a default. */
export interface DemoServerOptions {
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /** Port; 0 (default) picks a free one. */
  port?: number;
  /** SQLite file; `:memory:` (default) keeps nothing after close. */
  dataFile?: string;
  /** Clock in ms since the epoch, for tests. */
  now?: () => number;
  /** Id factory for server ids (`cm_…`, `am_…`), for tests. */
  newId?: (prefix: string) => string;
  /** How often the hub applies queue time limits, in ms; 0 turns the timer off (call `hub.tick()`). Default 1000. */
  tickMs?: number;
  /** Pause between streamed words of the SSE bot, in ms. Default 45. */
  streamDelayMs?: number;
  /** Heartbeat interval told to clients and used for WebSocket pings. Default 25 000. */
  heartbeatMs?: number;
  /** How long a request may wait in the queue. Default 15 minutes. */
  queueTimeoutMs?: number;
  /** How long requests keep waiting while nobody at all is online. Default 2 minutes. */
  noAgentGraceMs?: number;
  /** Typical wait before there is history to measure, in seconds. Default 60. */
  defaultWaitSeconds?: number;
  /** Time a WebSocket has to send `hello`. Default 10 000 ms. */
  helloTimeoutMs?: number;
  /** Interval of `: ping` comments on event streams. Default 15 000 ms. */
  pingMs?: number;
  /** Business-hours text sent with availability. */
  hoursMessage?: string;
  /** Extra origins allowed to open WebSockets (the server's own origin always is). */
  allowedOrigins?: string[];
  /** Folder with index.html, console.html and their assets. */
  publicDir?: string;
  /** The repository's dist/ folder, served at /dist/. */
  distDir?: string;
  /** The repository's examples/ folder, served under /examples/ (except server/). */
  examplesDir?: string;
  /** The built agent console, served at /console/console.js. */
  consoleScript?: string;
  /** Where unexpected failures are reported. Default: stderr. */
  log?: (message: string, error: unknown) => void;
}

/** The hub's public surface, for tests. */
export interface DemoHub {
  /** Applies queue time limits now (the server does it every `tickMs`). */
  tick(): void;
  /** People counted as available. */
  agentsOnline(): number;
  /** Connections, streams and parked long-polls listening to a conversation right now. */
  listeners(conversationId: string): number;
}

/** A running demo backend. */
export interface DemoServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  hub: DemoHub;
  /** The open SQLite database, for assertions in tests. */
  db: DemoDatabase;
  /** Closes connections (WebSockets with 1001), timers and the database. */
  close(): Promise<void>;
}

/** Where the demo's files live in the repository. */
export declare const PATHS: { publicDir: string; distDir: string; examplesDir: string; consoleScript: string; dataFile: string };

/**
 * Starts the reference backend: FAQ bot (`/bot/rest`, `/bot/sse`), handoff hub
 * (`/hub`, `/hub/frames`, `/hub/events`), agent channel (`/agent`), agent console
 * (`/console/`) and demo shop (`/`).
 *
 * @example
 * const demo = await createDemoServer({ dataFile: 'demo.sqlite' })
 * await demo.close()
 */
export declare function createDemoServer(options?: DemoServerOptions): Promise<DemoServer>;
