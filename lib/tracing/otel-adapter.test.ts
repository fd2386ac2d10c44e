import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { healthyRecord } from "./__fixtures__/answer-records";
import { createOtelAdapter } from "./otel-adapter";
import { tracingSink } from "./tracing-sink";
import { loadContract } from "../contract";

const contract = loadContract();

describe("createOtelAdapter", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("leaves OTEL_EXPORTER_OTLP_HEADERS to the OTLP exporter, which reads it itself", async () => {
    vi.stubEnv("OTEL_EXPORTER_OTLP_HEADERS", "x-workbook-test=from-env,authorization=Bearer%20t0k");
    const seen: IncomingHttpHeaders[] = [];
    const server = createServer((req, res) => {
      seen.push(req.headers);
      req.resume();
      req.on("end", () => res.writeHead(200, { "content-type": "application/json" }).end("{}"));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`;
      const sink = tracingSink(createOtelAdapter({ url, log: () => undefined }), {
        contract,
        log: () => undefined,
      });
      sink.record(healthyRecord());
      expect(await sink.shutdown!(5_000)).toEqual({ code: "SUCCESS" });
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatchObject({
        "x-workbook-test": "from-env",
        authorization: "Bearer t0k",
        "content-type": "application/json",
      });
    } finally {
      server.close();
    }
  });
});
