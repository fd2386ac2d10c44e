/**
 * The contract a support tool implements. A tool failure is a value (`ok: false`), never a
 * throw: the pipeline records it on the trace and answers without the tool's data.
 */
export interface ToolResult {
  ok: boolean;
  output: unknown;
  error?: string;
  started_at: string;
  latency_ms: number;
}

export interface SupportTool {
  readonly name: string;
  readonly description: string;
  run(input: Record<string, unknown>, signal?: AbortSignal): Promise<ToolResult>;
}
