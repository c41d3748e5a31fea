// Reference outputs of two TF.js graph models of @vladmandic/human 3.3.6 (BlazeFace, the FER2013 emotion
// classifier), computed with pure-JS TensorFlow.js on the CPU backend. The Java conversion (TfjsGraphToOnnx,
// translated to SameDiff) is checked against them. Inputs are made by formulas both sides compute the same way:
// a smooth synthetic pattern, and the first committed reference PPM resized by nearest neighbour (source index
// floor(i * size / out)), so no resampling convention enters the comparison.
//
// Regenerate (from the repository root; seconds):
//   npm pack @vladmandic/human@3.3.6 && mkdir -p /tmp/human && tar xzf vladmandic-human-3.3.6.tgz -C /tmp/human
//   (cd src/test/node && npm ci && node human-reference.js /tmp/human/package/models \
//      ../../main/resources/io/sentifuse/encoder/image/nsfwjs-reference ../resources/io/sentifuse/encoder/tfjs)
'use strict';
const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');
const { readPpm } = require('./ppm');


// NHWC input of side s with c channels: pattern 0 is synthetic, pattern 1 the PPM (grey for c = 1).
function input(pattern, s, c, ppm) {
  const x = new Float32Array(s * s * c);
  for (let h = 0; h < s; h++) {
    for (let w = 0; w < s; w++) {
      for (let k = 0; k < c; k++) {
        let v;
        if (pattern === 0) {
          v = 0.9 * Math.sin(0.031 * h * (k + 1) + 0.017 * w) * Math.cos(0.023 * w * (2 - k) - 0.011 * h);
        } else {
          const sy = Math.floor(h * ppm.height / s);
          const sx = Math.floor(w * ppm.width / s);
          const at = (sy * ppm.width + sx) * 3;
          const unit = c === 1
            ? (0.2989 * ppm.rgb[at] + 0.587 * ppm.rgb[at + 1] + 0.114 * ppm.rgb[at + 2]) / 255
            : ppm.rgb[at + k] / 255;
          v = unit * 2 - 1;
        }
        x[(h * s + w) * c + k] = v;
      }
    }
  }
  return x;
}

async function load(dir, name) {
  const json = JSON.parse(fs.readFileSync(path.join(dir, name + '.json')));
  const bin = fs.readFileSync(path.join(dir, name + '.bin'));
  const weightData = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength);
  const weightSpecs = json.weightsManifest.flatMap((g) => g.weights);
  return tf.loadGraphModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs, weightData }));
}

const round = (v) => Number(v.toPrecision(7));

async function main() {
  const [modelDir, ppmDir, outDir] = process.argv.slice(2);
  await tf.setBackend('cpu');
  const ppmFile = fs.readdirSync(ppmDir).filter((f) => f.endsWith('.ppm')).sort()[0];
  const ppm = readPpm(path.join(ppmDir, ppmFile));
  const out = { ppm: ppmFile, models: {} };
  for (const [name, s, c] of [['blazeface', 256, 3], ['emotion', 64, 1]]) {
    const model = await load(modelDir, name);
    const cases = [];
    for (const pattern of [0, 1]) {
      const x = tf.tensor4d(input(pattern, s, c, ppm), [1, s, s, c]);
      let res = model.execute(x);
      if (!Array.isArray(res)) res = [res];
      const names = model.outputs.map((o) => o.name.replace(/:0$/, ''));
      const outputs = {};
      for (let i = 0; i < res.length; i++) {
        outputs[names[i]] = { shape: res[i].shape, values: Array.from(await res[i].data(), round) };
      }
      cases.push({ pattern, outputs });
      tf.dispose(res);
      x.dispose();
    }
    out.models[name] = cases;
  }
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'human-reference.json'), JSON.stringify(out));
  console.log('wrote', path.join(outDir, 'human-reference.json'));
}

main().catch((e) => { console.error(e); process.exit(1); });
