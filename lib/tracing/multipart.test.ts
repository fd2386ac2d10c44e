import { describe, expect, it } from "vitest";
import { boundaryOf, parseMultipart } from "./multipart";

const part = (name: string, body: string, type = "application/json") => `Content-Disposition: form-data; name="${name}"\r\nContent-Type: ${type}\r\n\r\n${body}\r\n`;
const form = (b: string, parts: string[]) => Buffer.from(parts.map((p) => `--${b}\r\n${p}`).join("") + `--${b}--\r\n`);

describe("multipart", () => {
  it.each([
    ["multipart/form-data; boundary=----LangSmithFormBoundaryabc", "----LangSmithFormBoundaryabc"],
    ['multipart/form-data; boundary="quoted value"', "quoted value"],
    ["multipart/form-data; charset=utf-8; boundary=x1", "x1"],
    ["application/json", undefined],
    [undefined, undefined],
  ])("boundaryOf(%j) is %j", (contentType, expected) => {
    expect(boundaryOf(contentType)).toBe(expected);
  });

  it("reads names, content types and exact bytes, including CRLF and unicode inside a part", () => {
    const result = parseMultipart(form("b", [part("post.1", '{"a":"x\\r\\ny"}'), part("post.1.inputs", '{"q":"返金 ✓"}'), part("attachment.1.img", "\x00\x01", "image/png")]), "b");
    expect(result.ok).toBe(true);
    if (result.ok !== true) return;
    expect(result.parts.map((p) => [p.name, p.contentType, p.data.toString("utf8")])).toEqual([
      ["post.1", "application/json", '{"a":"x\\r\\ny"}'],
      ["post.1.inputs", "application/json", '{"q":"返金 ✓"}'],
      ["attachment.1.img", "image/png", "\x00\x01"],
    ]);
  });

  it("accepts an empty form", () => {
    expect(parseMultipart(Buffer.from("--b--\r\n"), "b")).toEqual({ ok: true, parts: [] });
  });

  it.each([
    ["no boundary at all", "hello", /does not contain the boundary/],
    ["headers never end", "--b\r\nContent-Disposition: form-data; name=\"x\"\r\n", /not terminated/],
    ["no closing boundary", "--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n{}", /no closing boundary/],
    ["part without a name", "--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--\r\n", /has no name/],
  ])("reports %s as a value, not a throw", (_label, body, message) => {
    const result = parseMultipart(Buffer.from(body), "b");
    expect(result.ok).toBe(false);
    if (result.ok === false) expect(result.error).toMatch(message);
  });
});
