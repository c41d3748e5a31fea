// Writes the synthetic PPM (P6) images that both nsfwjs (nsfwjs-reference.js) and the Java port read, so
// both sides see identical RGB pixels (no JPEG decoder in between). Deterministic: rerunning rewrites the same
// bytes. Usage: node make-images.js <output dir>
'use strict';
const fs = require('fs');
const path = require('path');

function mulberry32(seed) {
  return function () {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const clamp = (v) => Math.max(0, Math.min(255, Math.round(v)));

function image(w, h, pixel) {
  const data = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const [r, g, b] = pixel(x, y);
      const i = (y * w + x) * 3;
      data[i] = clamp(r); data[i + 1] = clamp(g); data[i + 2] = clamp(b);
    }
  }
  return { w, h, data };
}

// Value noise: a coarse random grid, bilinearly interpolated (smooth blobs).
function valueNoise(rand, cells) {
  const grid = [];
  for (let i = 0; i < (cells + 1) * (cells + 1); i++) grid.push(rand());
  return (u, v) => {
    const x = u * cells, y = v * cells;
    const x0 = Math.min(cells - 1, Math.floor(x)), y0 = Math.min(cells - 1, Math.floor(y));
    const fx = x - x0, fy = y - y0;
    const g = (i, j) => grid[j * (cells + 1) + i];
    const top = g(x0, y0) * (1 - fx) + g(x0 + 1, y0) * fx;
    const bot = g(x0, y0 + 1) * (1 - fx) + g(x0 + 1, y0 + 1) * fx;
    return top * (1 - fy) + bot * fy;
  };
}

const images = {
  // 224x224: the size nsfwjs feeds without resizing.
  'gradient-224x224': () => image(224, 224, (x, y) => [x * 255 / 223, y * 255 / 223, 255 - (x + y) * 255 / 446]),
  'wide-gradient-160x90': () => image(160, 90, (x, y) => [200 - x, 40 + y * 2, 128 + 100 * Math.sin(x / 9)]),
  'tall-bands-60x150': () => image(60, 150, (x, y) => ((y >> 4) % 2 ? [230, 200, 40] : [30, 60, 170]).map((c) => c + x)),
  'checker-97x131': () => image(97, 131, (x, y) => (((x >> 3) + (y >> 3)) % 2 ? [250, 250, 250] : [10, 10, 10])),
  'noise-64x64': () => { const r = mulberry32(7); return image(64, 64, () => [r() * 255, r() * 255, r() * 255]); },
  'shapes-128x128': () => image(128, 128, (x, y) => {
    if ((x - 40) ** 2 + (y - 45) ** 2 < 25 ** 2) return [220, 40, 40];
    if (x > 70 && x < 115 && y > 60 && y < 110) return [40, 180, 60];
    if (y > x + 60) return [250, 220, 0];
    return [235, 235, 240];
  }),
  // Skin-like tones in soft blobs, so that not every image is classified as a drawing.
  'skin-blobs-100x75': () => {
    const n = valueNoise(mulberry32(11), 4);
    return image(100, 75, (x, y) => { const t = n(x / 99, y / 74); return [150 + 100 * t, 100 + 80 * t, 80 + 60 * t]; });
  },
  'smooth-noise-90x120': () => {
    const r = valueNoise(mulberry32(21), 6), g = valueNoise(mulberry32(22), 6), b = valueNoise(mulberry32(23), 6);
    return image(90, 120, (x, y) => [r(x / 89, y / 119) * 255, g(x / 89, y / 119) * 255, b(x / 89, y / 119) * 255]);
  },
  'diagonal-stripes-75x75': () => image(75, 75, (x, y) => (((x + y) >> 2) % 2 ? [90, 30, 120] : [240, 180, 200])),
  'tiny-7x5': () => { const r = mulberry32(5); return image(7, 5, () => [r() * 255, r() * 255, r() * 255]); },
  'flat-50x80': () => image(50, 80, () => [181, 140, 110]),
  'panorama-200x50': () => {
    const n = valueNoise(mulberry32(31), 8);
    return image(200, 50, (x, y) => (y > 30 + 10 * n(x / 199, 0.5) ? [60, 120 + 60 * n(x / 199, y / 49), 50] : [120, 170, 235 - y]));
  },
  'single-pixel-1x1': () => image(1, 1, () => [200, 120, 90]),
};

const out = process.argv[2];
if (!out) { console.error('usage: node make-images.js <output dir>'); process.exit(2); }
fs.mkdirSync(out, { recursive: true });
for (const [name, make] of Object.entries(images)) {
  const { w, h, data } = make();
  fs.writeFileSync(path.join(out, name + '.ppm'), Buffer.concat([Buffer.from(`P6\n${w} ${h}\n255\n`, 'ascii'), data]));
}
console.error(`wrote ${Object.keys(images).length} images to ${out}`);
