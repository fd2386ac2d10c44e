/**
 * Where the local trace backend keeps what it received beyond its in-memory window: an embedded
 * DuckDB file (`@duckdb/node-api`), the small twin of the columnar store Langfuse uses at scale.
 * - Writes are batched (every `flushIntervalMs` or `batchRows` rows) through DuckDB's appender,
 *   one batch at a time; rows waiting are bounded (`maxPendingRows`) and rows dropped beyond
 *   that are counted, never silent.
 * - Retention follows the contract: rows older than `hot_days` for their environment are deleted
 *   on open and then every `retentionEveryMs`.
 * - Reads are plain SQL (`query()`), used for counts, trace trees and the five metrics.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from "@duckdb/node-api";
import type { Environment } from "../schema";

/** Hot-storage days per environment (the contract's `retention.<env>.hot_days`). */
export type RetentionDays = Record<Environment, number>;

export interface PersistenceStats {
  rows_written: number;
  rows_dropped: number;
  write_errors: number;
  rows_pending: number;
  rows_deleted_by_retention: number;
  last_error?: string;
}

export interface DuckDbPersistenceOptions {
  /** The database file; created with its folder. */
  path: string;
  retention: RetentionDays;
  flushIntervalMs?: number;
  batchRows?: number;
  maxPendingRows?: number;
  retentionEveryMs?: number;
  /** DuckDB's `memory_limit` (default 32MB). */
  memoryLimit?: string;
  log?: (line: string) => void;
}

/** One table: column -> DuckDB type, in order (the DDL and the appender's value order both come from it). */
interface TableSpec {
  columns: Record<string, string>;
}

export const TABLES: Record<"requests" | "events" | "traces", TableSpec> = {
  requests: {
    columns: {
      seq: "BIGINT",
      run: "VARCHAR",
      received_at: "TIMESTAMPTZ",
      method: "VARCHAR",
      path: "VARCHAR",
      content_type: "VARCHAR",
      content_encoding: "VARCHAR",
      bytes: "BIGINT",
      status: "INTEGER",
      error: "VARCHAR",
      environment: "VARCHAR",
    },
  },
  events: {
    columns: {
      seq: "BIGINT",
      run: "VARCHAR",
      request_seq: "BIGINT",
      received_at: "TIMESTAMPTZ",
      protocol: "VARCHAR",
      kind: "VARCHAR",
      id: "VARCHAR",
      trace_id: "VARCHAR",
      timestamp: "VARCHAR",
      environment: "VARCHAR",
      payload: "JSON",
    },
  },
  // One row per redacted trace the service answered: the schema's metric fields (the five metrics
  // as SQL) and the whole trace (what `npm run eval -- --promote` reads back). New columns go last:
  // files written by an older version gain them on open (ALTER TABLE ... ADD COLUMN).
  traces: {
    columns: {
      trace_id: "VARCHAR",
      received_at: "TIMESTAMPTZ",
      timestamp: "VARCHAR",
      environment: "VARCHAR",
      model_name: "VARCHAR",
      latency_ms: "DOUBLE",
      error: "VARCHAR",
      tool_calls: "INTEGER",
      tool_successes: "INTEGER",
      total_tokens: "BIGINT",
      prompt_tokens: "BIGINT",
      completion_tokens: "BIGINT",
      quality_score: "DOUBLE",
      run: "VARCHAR",
      trace: "JSON",
    },
  },
};
export type TableName = keyof typeof TABLES;
export type Row = Record<string, unknown>;

/** One DuckDB instance per file in this process, shared by every store that persists to it. */
const OPENED = new Map<
  string,
  { ready: Promise<{ instance: DuckDBInstance; path: string }>; users: number }
>();

export class DuckDbPersistence {
  /** The file in use (another process holding `options.path` makes this a per-process sibling). */
  path: string;
  private readonly pending: { table: TableName; row: Row }[] = [];
  private readonly stats_: PersistenceStats = {
    rows_written: 0,
    rows_dropped: 0,
    write_errors: 0,
    rows_pending: 0,
    rows_deleted_by_retention: 0,
  };
  private connection?: Promise<DuckDBConnection>;
  private writing?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private retentionTimer?: NodeJS.Timeout;
  private closed = false;
  private release?: () => void;
  private loggedDrop = false;
  private readonly log: (line: string) => void;
  private readonly flushIntervalMs: number;
  private readonly batchRows: number;
  private readonly maxPendingRows: number;

  constructor(private readonly options: DuckDbPersistenceOptions) {
    this.path = options.path;
    this.log = options.log ?? ((line) => console.warn(line));
    this.flushIntervalMs = options.flushIntervalMs ?? 250;
    this.batchRows = options.batchRows ?? 500;
    this.maxPendingRows = options.maxPendingRows ?? 10_000;
    this.connection = this.open();
    // An unopenable file is reported once; rows are then counted as dropped, never thrown.
    this.connection.catch((error) => {
      this.stats_.last_error = (error as Error).message;
      this.log(
        `[trace-backend] cannot open DuckDB file ${this.path} (${(error as Error).message}); keeping the in-memory window only.`,
      );
    });
  }

  private async open(): Promise<DuckDBConnection> {
    const requested = this.path;
    let shared = OPENED.get(requested);
    if (!shared) {
      // Creating the file, its tables and applying retention happen once per file per process:
      // concurrent CREATE TABLEs on one instance conflict.
      const entry = { ready: this.create(), users: 0 };
      OPENED.set(requested, entry);
      entry.ready.catch(() => OPENED.delete(requested));
      shared = entry;
    }
    shared.users += 1;
    this.release = () => {
      shared.users -= 1;
      if (shared.users > 0) return;
      OPENED.delete(requested);
      void shared.ready.then(({ instance }) => instance.closeSync()).catch(() => undefined);
    };
    const { instance, path } = await shared.ready;
    this.path = path;
    this.retentionTimer = setInterval(
      () =>
        void instance
          .connect()
          .then((c) => this.applyRetention(c).finally(() => c.closeSync()))
          .catch(() => undefined),
      this.options.retentionEveryMs ?? 3_600_000,
    );
    this.retentionTimer.unref();
    return instance.connect();
  }

  private async create(): Promise<{ instance: DuckDBInstance; path: string }> {
    let path = this.path;
    mkdirSync(dirname(path), { recursive: true });
    // DuckDB's defaults are a buffer pool of 80% of RAM and a thread per core: bounded here,
    // because it shares the process (and its RSS) with the service.
    const settings = {
      memory_limit: this.options.memoryLimit ?? "32MB",
      threads: "1",
      preserve_insertion_order: "false",
    };
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path, settings);
    } catch (error) {
      // DuckDB allows one writing process per file: a second process (a test worker, another
      // notebook kernel) writes its own file beside it rather than failing.
      if (!/lock/i.test((error as Error).message)) throw error;
      path = path.replace(/\.duckdb$/, `-${process.pid}.duckdb`);
      instance = await DuckDBInstance.create(path, settings);
    }
    const connection = await instance.connect();
    for (const [name, spec] of Object.entries(TABLES)) {
      const ddl = Object.entries(spec.columns)
        .map(([column, type]) => `${column} ${type}`)
        .join(", ");
      await connection.run(`CREATE TABLE IF NOT EXISTS ${name} (${ddl})`);
      for (const [column, type] of Object.entries(spec.columns))
        await connection.run(`ALTER TABLE ${name} ADD COLUMN IF NOT EXISTS ${column} ${type}`);
    }
    await this.applyRetention(connection);
    connection.closeSync();
    return { instance, path };
  }

  /** Queues a row; written within `flushIntervalMs`. Beyond `maxPendingRows` the row is dropped and counted. */
  add(table: TableName, row: Row): void {
    if (this.closed || this.pending.length >= this.maxPendingRows) {
      this.stats_.rows_dropped += 1;
      if (!this.loggedDrop) {
        this.loggedDrop = true;
        this.log(
          `[trace-backend] DuckDB ${this.closed ? "is closed" : `is ${this.pending.length} rows behind`}; dropping rows (counted in rows_dropped).`,
        );
      }
      return;
    }
    this.pending.push({ table, row });
    if (this.pending.length >= this.batchRows) this.kick();
    else if (!this.timer) {
      this.timer = setTimeout(() => this.kick(), this.flushIntervalMs);
      this.timer.unref();
    }
  }

  /** Resolves when every row queued so far is written (or counted as failed). */
  async flush(): Promise<void> {
    while (this.pending.length || this.writing) {
      this.kick();
      await this.writing;
    }
  }

  async query(sql: string, values?: DuckDBValue[]): Promise<Row[]> {
    await this.flush();
    const connection = await this.connection!;
    const reader = await connection.runAndReadAll(sql, values);
    return reader.getRowObjectsJson() as Row[];
  }

  stats(): PersistenceStats {
    return { ...this.stats_, rows_pending: this.pending.length };
  }

  async close(): Promise<void> {
    await this.flush().catch(() => undefined);
    this.closed = true;
    clearInterval(this.retentionTimer);
    clearTimeout(this.timer);
    const connection = await this.connection!.catch(() => undefined);
    connection?.closeSync();
    // The instance is shared by the stores of this process: the last one to close closes it.
    this.release?.();
    this.release = undefined;
  }

  private kick(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.writing || this.pending.length === 0) return;
    const batch = this.pending.splice(0, this.batchRows);
    this.writing = this.write(batch).finally(() => {
      this.writing = undefined;
      if (this.pending.length) this.kick();
    });
  }

  private async write(batch: { table: TableName; row: Row }[]): Promise<void> {
    let connection: DuckDBConnection;
    try {
      connection = await this.connection!;
    } catch {
      this.stats_.rows_dropped += batch.length;
      return;
    }
    const byTable = new Map<TableName, Row[]>();
    for (const { table, row } of batch) {
      const rows = byTable.get(table);
      if (rows) rows.push(row);
      else byTable.set(table, [row]);
    }
    for (const [table, rows] of byTable) {
      try {
        // DuckDB's appender: values go in as text and DuckDB casts them to each column's type.
        // Measured cheaper than one INSERT of a JSON document, whose parse fell behind under load.
        const appender = await connection.createAppender(table);
        const columns = Object.keys(TABLES[table].columns);
        for (const row of rows) {
          for (const column of columns) {
            const value = row[column];
            if (value === null || value === undefined) appender.appendNull();
            else appender.appendVarchar(typeof value === "string" ? value : JSON.stringify(value));
          }
          appender.endRow();
        }
        appender.closeSync();
        this.stats_.rows_written += rows.length;
      } catch (error) {
        this.stats_.write_errors += 1;
        this.stats_.rows_dropped += rows.length;
        this.stats_.last_error = (error as Error).message;
        if (this.stats_.write_errors === 1)
          this.log(
            `[trace-backend] writing ${rows.length} row(s) to DuckDB failed (${(error as Error).message}); further failures are counted.`,
          );
      }
      // Yield between tables so a large batch never holds the event loop for long.
      await new Promise((r) => setImmediate(r));
    }
  }

  /** Deletes rows older than their environment's `hot_days` (unknown environments keep dev's window). */
  private async applyRetention(connection: DuckDBConnection): Promise<void> {
    const { retention } = this.options;
    const days = `CASE environment ${Object.entries(retention)
      .map(([env, d]) => `WHEN '${env.replace(/'/g, "")}' THEN ${Number(d)}`)
      .join(" ")} ELSE ${Number(retention.dev)} END`;
    for (const table of Object.keys(TABLES)) {
      const result = await connection.run(
        `DELETE FROM ${table} WHERE received_at < now() - to_days(CAST(${days} AS INTEGER))`,
      );
      this.stats_.rows_deleted_by_retention += Number(result.rowsChanged);
    }
  }
}
