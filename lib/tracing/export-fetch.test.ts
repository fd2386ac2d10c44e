import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { countItems, createExportFetch, sleep } from "./export-fetch";

const URL_LF = "http://backend.test/api/public/ingestion";
const URL_LS = "http://backend.test/runs/multipart";
const lfBody = (n: number) =>
  JSON.stringify({
    batch: Array.from({ length: n }, (_, i) => ({ id: `e${i}`, type: "span-create", body: {} })),
  });

/** A fake transport answering from a script: a status, a JSON body, or a thrown network error. */
function scripted(steps: (number | Error | [number, unknown])[]) {
  const calls: { url: string; body: unknown }[] = [];
  const impl = (async (input: string, init?: RequestInit) => {
    calls.push({ url: String(input), body: init?.body });
    const step = steps[Math.min(calls.length - 1, steps.length - 1)];
    if (step instanceof Error) throw step;
    const [status, body] = Array.isArray(step) ? step : [step, {}];
    return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  }) as unknown as typeof fetch;
  return { impl, calls };
}

const refused = () => Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } });

describe("createExportFetch", () => {
  it.each<
    [
      string,
      (number | Error | [number, unknown])[],
      { status: number; calls: number; sent: number; failed: number; retries: number },
    ]
  >([
    ["200 first time", [200], { status: 200, calls: 1, sent: 3, failed: 0, retries: 0 }],
    ["500 then 200: retried", [500, 200], { status: 200, calls: 2, sent: 3, failed: 0, retries: 1 }],
    ["429 twice then 200", [429, 429, 200], { status: 200, calls: 3, sent: 3, failed: 0, retries: 2 }],
    ["401: not retried, dropped", [401], { status: 207, calls: 1, sent: 0, failed: 3, retries: 0 }],
    ["connection refused every time", [refused()], { status: 207, calls: 3, sent: 0, failed: 3, retries: 2 }],
    [
      "207 with one rejected event",
      [
        [
          207,
          { successes: [{ id: "e0" }, { id: "e1" }], errors: [{ id: "e2", status: 400, message: "bad" }] },
        ],
      ],
      { status: 207, calls: 1, sent: 2, failed: 1, retries: 0 },
    ],
  ])("%s", async (_label, script, expected) => {
    const { impl, calls } = scripted(script);
    const lines: string[] = [];
    const ex = createExportFetch({
      name: "langfuse",
      fetchImpl: impl,
      backoffMs: 1,
      log: (l) => lines.push(l),
    });
    const res = await ex.fetch(URL_LF, { method: "POST", body: lfBody(3) });
    expect(res.status).toBe(expected.status);
    expect(calls.length).toBe(expected.calls);
    expect(ex.stats()).toMatchObject({
      requests: 1,
      items_sent: expected.sent,
      items_failed: expected.failed,
      retries: expected.retries,
    });
    expect(lines.length).toBe(expected.failed ? 1 : 0);
    if (res.status === 207) expect(((await res.json()) as { errors: unknown[] }).errors).toEqual([]); // the SDK must not retry or log
  });

  it("logs the first failure only, then counts", async () => {
    const lines: string[] = [];
    const ex = createExportFetch({
      name: "langsmith",
      fetchImpl: scripted([refused()]).impl,
      retries: 0,
      log: (l) => lines.push(l),
    });
    for (let i = 0; i < 5; i++)
      await ex.fetch("http://backend.test/runs/batch", {
        method: "POST",
        body: JSON.stringify({ post: [{}, {}], patch: [{}] }),
      });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /\[tracing\] langsmith: POST \/runs\/batch to http:\/\/backend\.test failed \(ECONNREFUSED\) after 1 attempt/,
    );
    expect(ex.stats()).toMatchObject({ requests: 5, requests_failed: 5, items_failed: 15 });
    expect(ex.summary()).toMatch(/15 item\(s\) dropped, 5 of 5 request\(s\) failed/);
  });

  it("answers GET /info failures with an empty JSON object so LangSmith falls back to its defaults", async () => {
    const ex = createExportFetch({
      name: "langsmith",
      fetchImpl: scripted([503]).impl,
      retries: 0,
      log: () => undefined,
    });
    const res = await ex.fetch("http://backend.test/info", { method: "GET" });
    expect([res.status, await res.json()]).toEqual([200, {}]);
  });

  it("passes a multipart 404 through, so LangSmith can fall back to /runs/batch", async () => {
    const ex = createExportFetch({
      name: "langsmith",
      fetchImpl: scripted([404]).impl,
      log: () => undefined,
    });
    expect(
      (
        await ex.fetch(URL_LS, {
          method: "POST",
          body: "--b--\r\n",
          headers: { "content-type": "multipart/form-data; boundary=b" },
        })
      ).status,
    ).toBe(404);
  });

  it("sends a streamed body once as a stream, and retries it from the spare copy", async () => {
    const seen: string[] = [];
    let n = 0;
    const impl = (async (_u: string, init?: RequestInit) => {
      n += 1;
      const body = init?.body as ReadableStream<Uint8Array> | Uint8Array;
      seen.push(
        typeof (body as ReadableStream).getReader === "function"
          ? `stream:${await new Response(body as ReadableStream).text()}`
          : `bytes:${Buffer.from(body as Uint8Array).toString()}`,
      );
      return new Response("{}", { status: n === 1 ? 502 : 202 });
    }) as unknown as typeof fetch;
    const text = `--b\r\nContent-Disposition: form-data; name="post.r1"\r\n\r\n{}\r\n--b\r\nContent-Disposition: form-data; name="patch.r2"\r\n\r\n{}\r\n--b--\r\n`;
    const stream = new ReadableStream<Uint8Array>({
      start: (c) => (c.enqueue(new TextEncoder().encode(text)), c.close()),
    });
    const ex = createExportFetch({ name: "langsmith", fetchImpl: impl, backoffMs: 1, log: () => undefined });
    const res = await ex.fetch(URL_LS, {
      method: "POST",
      body: stream,
      headers: { "content-type": "multipart/form-data; boundary=b" },
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(202);
    expect(seen).toEqual([`stream:${text}`, `bytes:${text}`]);
    expect(ex.stats()).toMatchObject({ items_sent: 2, retries: 1 });
  });

  it("abort() cancels a request waiting out its backoff", async () => {
    const ex = createExportFetch({
      name: "langfuse",
      fetchImpl: scripted([500]).impl,
      backoffMs: 60_000,
      log: () => undefined,
    });
    const pending = ex.fetch(URL_LF, { method: "POST", body: lfBody(2) });
    await new Promise((r) => setTimeout(r, 20));
    expect(ex.inFlight()).toBe(1);
    ex.abort("deadline");
    const res = await pending;
    expect(res.status).toBe(207);
    expect(ex.stats()).toMatchObject({ requests_failed: 1, items_failed: 2, last_error: "deadline" });
    expect(ex.inFlight()).toBe(0);
  });
});

describe("createExportFetch: losses counted once, by cause", () => {
  it("retries a timed-out export on a fresh signal, not the SDK's already-aborted one, and counts it delivered when the retry lands", async () => {
    let n = 0;
    const seen: boolean[] = [];
    const impl = (async (_u: string, init?: RequestInit) => {
      n += 1;
      seen.push(init!.signal!.aborted);
      // First attempt: the server takes longer than the client waits (it may well have stored it).
      if (n === 1)
        await new Promise((_, reject) =>
          init!.signal!.addEventListener("abort", () =>
            reject(Object.assign(new Error("timed out"), { name: "TimeoutError" })),
          ),
        );
      return new Response("{}", { status: 200 });
    }) as unknown as typeof fetch;
    const ex = createExportFetch({
      name: "langfuse",
      fetchImpl: impl,
      timeoutMs: 30,
      backoffMs: 1,
      log: () => undefined,
    });
    // Langfuse passes AbortSignal.timeout(requestTimeout): by the retry it has fired.
    const res = await ex.fetch(URL_LF, { method: "POST", body: lfBody(4), signal: AbortSignal.timeout(30) });
    expect(res.status).toBe(200);
    expect(seen).toEqual([false, false]);
    expect(ex.stats()).toMatchObject({ items_sent: 4, items_failed: 0, retries: 1, items_dropped: {} });
  });

  it.each<[string, (number | Error)[], string]>([
    ["401", [401], "rejected"],
    ["503 after retries", [503], "server_error"],
    ["connection refused", [refused()], "network"],
  ])("%s is counted under %s", async (_l, script, reason) => {
    const ex = createExportFetch({
      name: "langfuse",
      fetchImpl: scripted(script).impl,
      backoffMs: 1,
      log: () => undefined,
    });
    await ex.fetch(URL_LF, { method: "POST", body: lfBody(3) });
    expect(ex.stats().items_dropped).toEqual({ [reason]: 3 });
  });

  it("bounds requests waiting for a connection slot and counts the overflow as queue_full", async () => {
    const release: (() => void)[] = [];
    const impl = (() =>
      new Promise<Response>((resolve) =>
        release.push(() => resolve(new Response("{}", { status: 200 }))),
      )) as unknown as typeof fetch;
    const ex = createExportFetch({
      name: "langfuse",
      fetchImpl: impl,
      maxConcurrent: 2,
      maxWaiting: 3,
      log: () => undefined,
    });
    const all = Array.from({ length: 8 }, () => ex.fetch(URL_LF, { method: "POST", body: lfBody(1) }));
    await new Promise((r) => setTimeout(r, 20));
    expect(release.length).toBe(2);
    expect(ex.stats().items_dropped).toEqual({ queue_full: 3 });
    while (release.length) {
      release.shift()!();
      await new Promise((r) => setTimeout(r, 5));
    }
    await Promise.all(all);
    expect(ex.stats()).toMatchObject({ items_sent: 5, items_failed: 3 });
  });

  it("sleep() leaves no abort listener behind on the shared signal", async () => {
    const controller = new AbortController();
    let listeners = 0;
    const add = controller.signal.addEventListener.bind(controller.signal);
    const remove = controller.signal.removeEventListener.bind(controller.signal);
    controller.signal.addEventListener = ((...args: Parameters<AbortSignal["addEventListener"]>) => (
      listeners++,
      add(...args)
    )) as never;
    controller.signal.removeEventListener = ((...args: Parameters<AbortSignal["removeEventListener"]>) => (
      listeners--,
      remove(...args)
    )) as never;
    for (let i = 0; i < 50; i++) await sleep(1, controller.signal);
    expect(listeners).toBe(0);
  });
});

describe("countItems", () => {
  const mp = `--b\r\nContent-Disposition: form-data; name="post.a"\r\n\r\n{}\r\n--b\r\nContent-Disposition: form-data; name="post.a.inputs"\r\n\r\n{}\r\n--b\r\nContent-Disposition: form-data; name="patch.c"\r\n\r\n{}\r\n--b--`;
  it.each<[string, string, string | Buffer, string | undefined, number]>([
    ["langfuse batch", "/api/public/ingestion", lfBody(4), undefined, 4],
    ["langsmith batch", "/runs/batch", JSON.stringify({ post: [{}], patch: [{}, {}] }), undefined, 3],
    ["multipart counts runs, not their field parts", "/runs/multipart", mp, undefined, 2],
    ["gzip multipart", "/runs/multipart", gzipSync(mp), "gzip", 2],
    ["single run PATCH", "/runs/abc", "{}", undefined, 1],
    ["unparseable body counts as one", "/runs/batch", "{oops", undefined, 1],
    ["GET /info carries none", "/info", "", undefined, 0],
  ])("%s", (_label, path, body, encoding, expected) => {
    const bytes = typeof body === "string" ? Buffer.from(body) : body;
    expect(countItems(path, path === "/runs/abc" ? "PATCH" : "POST", bytes, encoding)).toBe(expected);
  });
});
