// Draws the extension icon, images/icon.png (128x128 RGBA): three stacked containers on a rounded
// square over a disk platter (ZFS). Plain node, no dependencies: `node scripts/make-icon.mjs`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const N = 128;
const SS = 4; // supersampling per axis, for smooth edges

const inRoundRect = (x, y, x0, y0, x1, y1, r) => {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
const inEllipse = (x, y, cx, cy, rx, ry) => ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1;

// Layers from back to front: [test, [r, g, b]].
const layers = [
  [(x, y) => inRoundRect(x, y, 4, 4, 124, 124, 22), [0x1f, 0x2a, 0x44]],
  // the pool: a flat disk under the stack
  [(x, y) => inEllipse(x, y, 64, 100, 46, 14), [0x3b, 0x82, 0xc4]],
  [(x, y) => inEllipse(x, y, 64, 96, 46, 14), [0x5f, 0xa8, 0xe8]],
  // three containers
  ...[0, 1, 2].flatMap((i) => {
    const y0 = 22 + i * 24;
    return [
      [(x, y) => inRoundRect(x, y, 30, y0, 98, y0 + 19, 4), [0xf0, 0x8a, 0x24]],
      [(x, y) => inRoundRect(x, y, 36, y0 + 7, 84, y0 + 12, 2), [0xff, 0xd3, 0x9a]],
      [(x, y) => inEllipse(x, y, 90, y0 + 9.5, 3, 3), [0x1f, 0x2a, 0x44]],
    ];
  }),
];

const rows = [];
for (let py = 0; py < N; py++) {
  const row = Buffer.alloc(1 + N * 4); // filter byte 0, then RGBA
  for (let px = 0; px < N; px++) {
    let r = 0,
      g = 0,
      b = 0,
      a = 0;
    for (let sy = 0; sy < SS; sy++) {
      for (let sx = 0; sx < SS; sx++) {
        const x = px + (sx + 0.5) / SS,
          y = py + (sy + 0.5) / SS;
        let c;
        for (const [test, color] of layers) if (test(x, y)) c = color;
        if (c) {
          r += c[0];
          g += c[1];
          b += c[2];
          a += 1;
        }
      }
    }
    if (a)
      row.set(
        [Math.round(r / a), Math.round(g / a), Math.round(b / a), Math.round((255 * a) / (SS * SS))],
        1 + px * 4,
      );
  }
  rows.push(row);
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(N, 0);
ihdr.writeUInt32BE(N, 4);
ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
mkdirSync('images', { recursive: true });
writeFileSync('images/icon.png', png);
console.log(`images/icon.png: ${N}x${N}, ${png.length} bytes`);
