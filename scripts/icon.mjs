// Draws media/icon.png, the 128 px Marketplace icon, from the same figure as media/icon.svg (a
// loss curve falling to its floor, the ball that descends it) on the gallery banner's colour.
// Pure node (zlib for the PNG's deflate) so the PNG is the same bytes on every machine:
//   node scripts/icon.mjs          writes media/icon.png
//   node scripts/icon.mjs --check  exits 1 when media/icon.png differs from what this draws
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(repo, 'media', 'icon.png');
const SIZE = 128;
/** Samples per pixel side: 4 × 4 coverage samples give the edges their anti-aliasing. */
const SS = 4;
const BACKGROUND = [0x1b, 0x26, 0x31];
const CURVE = [0xc5, 0xc5, 0xc5];
const BALL = [0x37, 0x94, 0xff];

// media/icon.svg's 16-unit figure, scaled to the icon with an 8 px margin.
const SCALE = 7;
const OFFSET = (SIZE - 16 * SCALE) / 2;
const at = (x, y) => [OFFSET + x * SCALE, OFFSET + y * SCALE];
/** The curve "M1.5 2.5 c1.5 8 4 11 13 11" as a polyline of 256 segments. */
const curve = Array.from({ length: 257 }, (_, i) => {
  const t = i / 256;
  const u = 1 - t;
  const p0 = [1.5, 2.5], p1 = [3, 10.5], p2 = [5.5, 13.5], p3 = [14.5, 13.5];
  const c = (k) => u * u * u * p0[k] + 3 * u * u * t * p1[k] + 3 * u * t * t * p2[k] + t * t * t * p3[k];
  return at(c(0), c(1));
});
const HALF_STROKE = (1.5 * SCALE) / 2;
const [ballX, ballY] = at(4.2, 8.2);
const BALL_R = 1.6 * SCALE;
const CORNER = 20;

function distanceToSegment(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax, dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}
const onCurve = (x, y) => curve.some((p, i) => i > 0 && distanceToSegment(x, y, curve[i - 1], p) <= HALF_STROKE);
function inRoundedSquare(x, y) {
  const cx = Math.min(Math.max(x, CORNER), SIZE - CORNER), cy = Math.min(Math.max(y, CORNER), SIZE - CORNER);
  return Math.hypot(x - cx, y - cy) <= CORNER;
}

/** The icon's RGBA pixels, row by row. */
export function drawIcon() {
  const rgba = Buffer.alloc(SIZE * SIZE * 4);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          const px = x + (sx + 0.5) / SS, py = y + (sy + 0.5) / SS;
          if (!inRoundedSquare(px, py)) continue;
          const colour = Math.hypot(px - ballX, py - ballY) <= BALL_R ? BALL : onCurve(px, py) ? CURVE : BACKGROUND;
          for (let k = 0; k < 3; k++) sum[k] += colour[k];
          sum[3] += 1;
        }
      }
      const i = (y * SIZE + x) * 4;
      // Colour averaged over the covered samples, alpha = the coverage (straight alpha, as PNG wants).
      for (let k = 0; k < 3; k++) rgba[i + k] = sum[3] ? Math.round(sum[k] / sum[3]) : 0;
      rgba[i + 3] = Math.round((255 * sum[3]) / (SS * SS));
    }
  }
  return rgba;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([head, body, crc]);
}

/** A PNG file of RGBA pixels: 8 bits per channel, colour type 6, no filtering. */
export function encodePng(rgba, width, height) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const rows = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) rgba.copy(rows, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(rows, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

const png = encodePng(drawIcon(), SIZE, SIZE);
if (process.argv.includes('--check')) {
  const same = fs.existsSync(OUT) && fs.readFileSync(OUT).equals(png);
  console.log(same ? `${path.relative(repo, OUT)} is up to date` : `${path.relative(repo, OUT)} differs from what scripts/icon.mjs draws: run node scripts/icon.mjs`);
  process.exit(same ? 0 : 1);
}
fs.writeFileSync(OUT, png);
console.log(`wrote ${path.relative(repo, OUT)} (${SIZE}×${SIZE}, ${png.length} bytes)`);
