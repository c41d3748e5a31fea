// Reference outputs of nsfwjs 4.4.0 (MobileNetV2, bundled weights) on the committed PPM images, computed with
// pure-JS TensorFlow.js on the CPU backend (deterministic to the bit). The Java port of the model is checked
// against these numbers; both sides read the same RGB pixels from the PPM files (made by make-images.js:
// `node make-images.js ../../main/resources/io/sentifuse/encoder/image/nsfwjs-reference`).
//
// InceptionV3 (299 x 299, ~20x the work) runs on the first INCEPTION_IMAGES images only.
//
// Regenerate (from the repository root; about 3 minutes):
//   (cd src/test/node && npm ci && node nsfwjs-reference.js \
//      ../../main/resources/io/sentifuse/encoder/image/nsfwjs-reference \
//      ../resources/io/sentifuse/encoder/image)
'use strict';
const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');
const { readPpm } = require('./ppm');
const nsfwjs = require('nsfwjs');

const COMMAND = 'cd src/test/node && npm ci && node nsfwjs-reference.js '
  + '../../main/resources/io/sentifuse/encoder/image/nsfwjs-reference '
  + '../resources/io/sentifuse/encoder/image';
const INCEPTION_IMAGES = 4;
const CLASSES = ['Drawing', 'Hentai', 'Neutral', 'Porn', 'Sexy'];


const round = (v) => Number(v.toPrecision(8));

async function main() {
  const [imageDir, testDir] = process.argv.slice(2);
  if (!imageDir || !testDir) {
    console.error('usage: node nsfwjs-reference.js <image dir> <test resources dir>');
    process.exit(2);
  }
  await tf.setBackend('cpu');
  const model = await nsfwjs.load('MobileNetV2');
  const files = fs.readdirSync(imageDir).filter((f) => f.endsWith('.ppm')).sort();
  const probabilities = [];
  const features = [];
  for (const file of files) {
    const img = readPpm(path.join(imageDir, file));
    const pixels = tf.tensor3d(new Int32Array(img.rgb), [img.height, img.width, 3], 'int32');
    const probs = await model.infer(pixels).data();
    const feats = await model.infer(pixels, 'flatten_1').data();
    pixels.dispose();
    const entry = { file, width: img.width, height: img.height, sha256: img.sha256 };
    probabilities.push({ ...entry, probabilities: Array.from(probs, round) });
    features.push({ file, sha256: img.sha256, features: Array.from(feats, round) });
    console.error(file, Array.from(probs, (p) => p.toFixed(4)).join(' '));
  }
  const inception = await nsfwjs.load('InceptionV3', { size: 299 });
  const inceptionProbabilities = [];
  for (const file of files.slice(0, INCEPTION_IMAGES)) {
    const img = readPpm(path.join(imageDir, file));
    const pixels = tf.tensor3d(new Int32Array(img.rgb), [img.height, img.width, 3], 'int32');
    const probs = await inception.infer(pixels).data();
    pixels.dispose();
    inceptionProbabilities.push({ file, sha256: img.sha256, probabilities: Array.from(probs, round) });
    console.error('InceptionV3', file, Array.from(probs, (p) => p.toFixed(4)).join(' '));
  }
  const header = {
    generated_by: 'src/test/node/nsfwjs-reference.js', command: COMMAND,
    nsfwjs: JSON.parse(fs.readFileSync(path.join(__dirname, 'node_modules/nsfwjs/package.json'), 'utf8')).version, tfjs: tf.version.tfjs, backend: tf.getBackend(),
    model: 'MobileNetV2 (bundled weights)', preprocessing: 'x / 255, then resizeBilinear to 224x224 with alignCorners=true',
  };
  fs.writeFileSync(path.join(imageDir, 'probabilities.json'),
    JSON.stringify({ ...header, classes: CLASSES, images: probabilities }, null, 1) + '\n');
  fs.mkdirSync(testDir, { recursive: true });
  fs.writeFileSync(path.join(testDir, 'nsfwjs-features.json'),
    JSON.stringify({ ...header, endpoint: 'flatten_1', images: features }) + '\n');
  fs.writeFileSync(path.join(testDir, 'nsfwjs-inception-v3.json'), JSON.stringify({
    ...header, model: 'InceptionV3 (bundled weights)', preprocessing: header.preprocessing.replace('224x224', '299x299'),
    classes: CLASSES, images: inceptionProbabilities,
  }, null, 1) + '\n');
}

main().catch((e) => { console.error(e); process.exit(1); });
