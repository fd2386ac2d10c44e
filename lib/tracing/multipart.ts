/**
 * Reads what LangSmith's `/runs/multipart` receives with the platform's own multipart parser
 * (`Response.formData()`, undici's implementation of the Fetch standard), rather than a
 * hand-written one. Malformed input is a value (`ok: false`), never a throw.
 */

export interface MultipartPart {
  name: string;
  contentType?: string;
  data: Buffer;
}

export type MultipartResult = { ok: true; parts: MultipartPart[] } | { ok: false; error: string };

export async function readMultipart(
  body: Uint8Array,
  contentType: string | undefined,
): Promise<MultipartResult> {
  if (!/^multipart\/form-data\s*;.*boundary=/i.test(contentType ?? "")) {
    return {
      ok: false,
      error: `content-type: expected multipart/form-data with a boundary (got ${contentType ?? "none"})`,
    };
  }
  let form: FormData;
  try {
    // A copy in a fresh ArrayBuffer: what Blob accepts under every TypeScript lib the project compiles with.
    form = await new Response(new Blob([new Uint8Array(body).buffer as ArrayBuffer]), {
      headers: { "content-type": contentType! },
    }).formData();
  } catch (error) {
    return { ok: false, error: `multipart body could not be parsed (${(error as Error).message})` };
  }
  const parts: MultipartPart[] = [];
  const entries: [string, string | Blob][] = [];
  form.forEach((value, name) => entries.push([name, value]));
  for (const [name, value] of entries) {
    // A part without a filename arrives as a string, one with a filename as a File.
    if (typeof value === "string") parts.push({ name, data: Buffer.from(value, "utf8") });
    else
      parts.push({
        name,
        contentType: value.type || undefined,
        data: Buffer.from(await value.arrayBuffer()),
      });
  }
  return { ok: true, parts };
}
