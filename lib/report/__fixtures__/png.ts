/** A tiny PNG encoder for test fixtures: a bar chart drawn into an RGB raster, no browser needed. */
import { deflateSync } from "node:zlib";

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A width×height PNG with vertical bars of the given heights (0..1). */
export function barChartPng(bars: number[], width = 480, height = 300): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height, 255);
  const barWidth = Math.floor(width / (bars.length * 1.5 + 0.5));
  for (let y = 0; y < height; y++) {
    raw[y * (width * 3 + 1)] = 0; // filter: none
    bars.forEach((h, i) => {
      if (height - y > h * (height - 20)) return;
      const x0 = Math.floor(barWidth * 0.5 + i * barWidth * 1.5);
      for (let x = x0; x < x0 + barWidth && x < width; x++)
        raw.set([47, 93, 143], y * (width * 3 + 1) + 1 + x * 3);
    });
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** The same chart as a small SVG, like the notebooks' Chromium exports. */
export function barChartSvg(title: string, bars: number[]): string {
  const rects = bars
    .map(
      (h, i) =>
        `<rect x="${40 + i * 60}" y="${260 - h * 220}" width="40" height="${h * 220}" fill="#2f5d8f"/>`,
    )
    .join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="300" viewBox="0 0 480 300"><rect width="480" height="300" fill="#fff"/><text x="240" y="24" text-anchor="middle" font-size="16">${title}</text>${rects}<line x1="30" y1="260" x2="460" y2="260" stroke="#333"/></svg>`;
}
