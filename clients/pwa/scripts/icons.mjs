// Draws the app's icons (run once; the PNGs are committed): two overlapping rings, the "tandem", with a check mark,
// on a teal square. Plain Node: the PNG is written with zlib, each pixel supersampled 4x4 for smooth edges.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const TEAL = [15, 118, 110];
const WHITE = [255, 255, 255];

function crc32(buffer) {
  let crc = ~0;
  for (const byte of buffer) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function png(size, paint) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  const n = 4;
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const [cr, cg, cb, ca] = paint((x + (sx + 0.5) / n) / size, (y + (sy + 0.5) / n) / size);
          r += cr * ca; g += cg * ca; b += cb * ca; a += ca;
        }
      }
      const o = y * (size * 4 + 1) + 1 + x * 4;
      raw[o] = a ? Math.round(r / a) : 0;
      raw[o + 1] = a ? Math.round(g / a) : 0;
      raw[o + 2] = a ? Math.round(b / a) : 0;
      raw[o + 3] = Math.round((a / (n * n)) * 255);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8;
  header[9] = 6;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function distanceToSegment(px, py, ax, ay, bx, by) {
  const dx = bx - ax, dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** `inset` shrinks the drawing towards the centre (maskable icons keep their content in the middle 80%). */
function painter({ rounded, inset }) {
  return (u, v) => {
    const x = 0.5 + (u - 0.5) / inset;
    const y = 0.5 + (v - 0.5) / inset;
    const corner = rounded ? 0.22 : 0;
    const cx = Math.min(Math.max(u, corner), 1 - corner);
    const cy = Math.min(Math.max(v, corner), 1 - corner);
    if (rounded && Math.hypot(u - cx, v - cy) > corner) return [0, 0, 0, 0];
    const ring = (ox, oy) => Math.abs(Math.hypot(x - ox, y - oy) - 0.2) < 0.035;
    const check = distanceToSegment(x, y, 0.37, 0.52, 0.46, 0.61) < 0.04 || distanceToSegment(x, y, 0.46, 0.61, 0.64, 0.41) < 0.04;
    if (ring(0.4, 0.5) || ring(0.6, 0.5) || check) return [...WHITE, 1];
    return [...TEAL, 1];
  };
}

const out = new URL('../public/icons/', import.meta.url);
writeFileSync(new URL('icon-192.png', out), png(192, painter({ rounded: true, inset: 1 })));
writeFileSync(new URL('icon-512.png', out), png(512, painter({ rounded: true, inset: 1 })));
writeFileSync(new URL('maskable-512.png', out), png(512, painter({ rounded: false, inset: 0.8 })));
writeFileSync(new URL('apple-touch-icon.png', out), png(180, painter({ rounded: false, inset: 0.9 })));
writeFileSync(new URL('icon.svg', out), `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">
<rect width="100" height="100" rx="22" fill="rgb(${TEAL.join(',')})"/>
<g fill="none" stroke="#fff" stroke-width="7" stroke-linecap="round" stroke-linejoin="round">
<circle cx="40" cy="50" r="20"/><circle cx="60" cy="50" r="20"/><path d="M37 52l9 9 18-20"/></g></svg>
`);
