import { describe, expect, it } from "vitest";
import { readMultipart } from "./multipart";

const part = (name: string, body: string, type = "application/json", filename?: string) =>
  `Content-Disposition: form-data; name="${name}"${filename ? `; filename="${filename}"` : ""}\r\nContent-Type: ${type}\r\n\r\n${body}\r\n`;
const form = (b: string, parts: string[]) =>
  Buffer.from(parts.map((p) => `--${b}\r\n${p}`).join("") + `--${b}--\r\n`);

describe("readMultipart (Response.formData)", () => {
  it("reads names and exact bytes, including CRLF and unicode inside a part", async () => {
    const result = await readMultipart(
      form("b", [
        part("post.1", '{"a":"x\\r\\ny"}'),
        part("post.1.inputs", '{"q":"返金 ✓"}'),
        part("attachment.1.img", "\x01\x02", "image/png", "img.png"),
      ]),
      "multipart/form-data; boundary=b",
    );
    expect(result.ok).toBe(true);
    if (result.ok !== true) return;
    expect(result.parts.map((p) => p.name)).toEqual(["post.1", "post.1.inputs", "attachment.1.img"]);
    expect(JSON.parse(result.parts[1].data.toString("utf8"))).toEqual({ q: "返金 ✓" });
    expect(result.parts[2]).toMatchObject({ contentType: "image/png" });
    expect([...result.parts[2].data]).toEqual([1, 2]);
  });

  it.each([
    [
      "no boundary in the content type",
      "multipart/form-data",
      /expected multipart\/form-data with a boundary/,
    ],
    ["not multipart", "application/json", /expected multipart\/form-data/],
    ["a boundary the body does not use", "multipart/form-data; boundary=other", /could not be parsed/],
  ])("%s is a value, not a throw", async (_label, contentType, message) => {
    const result = await readMultipart(form("b", [part("post.1", "{}")]), contentType);
    expect(result.ok).toBe(false);
    if (result.ok === false) expect(result.error).toMatch(message);
  });
});
