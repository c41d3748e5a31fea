// Binary 8-bit PPM (P6) reading shared by the reference scripts.
'use strict';
const fs = require('fs');
const crypto = require('crypto');

// Header: "P6", width, height, maxval, each followed by whitespace; no comments in our files.
function readPpm(file) {
  const bytes = fs.readFileSync(file);
  const fields = [];
  let i = 0;
  while (fields.length < 4) {
    while (/\s/.test(String.fromCharCode(bytes[i]))) i++;
    const start = i;
    while (!/\s/.test(String.fromCharCode(bytes[i]))) i++;
    fields.push(bytes.toString('ascii', start, i));
  }
  i++;
  const [magic, w, h, max] = [fields[0], +fields[1], +fields[2], +fields[3]];
  if (magic !== 'P6' || max !== 255) throw new Error(`${file}: expected a binary 8-bit PPM (P6, maxval 255)`);
  return { width: w, height: h, rgb: bytes.subarray(i, i + w * h * 3), sha256: crypto.createHash('sha256').update(bytes).digest('hex') };
}

module.exports = { readPpm };
