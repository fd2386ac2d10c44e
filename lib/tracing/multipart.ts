/**
 * A multipart/form-data reader for what LangSmith's `/runs/multipart` receives. Node has no
 * built-in parser for request bodies, and the format the SDK writes is small and regular:
 * `--boundary`, `Content-Disposition: form-data; name="post.<id>.inputs"`, a content type,
 * a blank line, the bytes, CRLF. Malformed input is a value (`ok: false`), never a throw.
 */

export interface MultipartPart {
  name: string;
  contentType?: string;
  data: Buffer;
}

export type MultipartResult = { ok: true; parts: MultipartPart[] } | { ok: false; error: string };

/** The boundary from a `multipart/form-data; boundary=...` content type, or undefined. */
export function boundaryOf(contentType: string | undefined): string | undefined {
  const match = /boundary=(?:"([^"]+)"|([^;,\s]+))/i.exec(contentType ?? "");
  return match ? match[1] ?? match[2] : undefined;
}

export function parseMultipart(body: Buffer, boundary: string): MultipartResult {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: MultipartPart[] = [];
  let at = body.indexOf(delimiter);
  if (at < 0) return { ok: false, error: `body does not contain the boundary "${boundary}"` };
  for (;;) {
    const afterDelimiter = at + delimiter.length;
    // "--" right after a delimiter closes the body.
    if (body[afterDelimiter] === 0x2d && body[afterDelimiter + 1] === 0x2d) return { ok: true, parts };
    const headerStart = skipCrlf(body, afterDelimiter);
    const headerEnd = body.indexOf("\r\n\r\n", headerStart);
    if (headerEnd < 0) return { ok: false, error: `part ${parts.length + 1}: headers are not terminated by a blank line` };
    const headers = body.subarray(headerStart, headerEnd).toString("utf8").split("\r\n");
    const dataStart = headerEnd + 4;
    const next = body.indexOf(Buffer.concat([Buffer.from("\r\n"), delimiter]), dataStart);
    if (next < 0) return { ok: false, error: `part ${parts.length + 1}: no closing boundary` };
    const disposition = headers.find((h) => /^content-disposition:/i.test(h));
    const name = disposition ? /name="([^"]*)"/i.exec(disposition)?.[1] : undefined;
    if (!name) return { ok: false, error: `part ${parts.length + 1}: Content-Disposition has no name` };
    const contentType = headers.find((h) => /^content-type:/i.test(h))?.replace(/^content-type:\s*/i, "");
    parts.push({ name, contentType, data: body.subarray(dataStart, next) });
    at = next + 2;
  }
}

const skipCrlf = (body: Buffer, at: number) => (body[at] === 0x0d && body[at + 1] === 0x0a ? at + 2 : at);
