/**
 * Face expression features of an image: faces found by BlazeFace, each face's expression by a FER2013 emotion
 * classifier, both pretrained TF.js graph models from the @vladmandic/human npm package, converted to ONNX,
 * translated to SameDiff and verified against ONNX Runtime like every imported model. The result is a short
 * fixed-width vector per image ({@link io.sentifuse.encoder.face.FaceFeatures}) that joins the CNN's image
 * features ({@code image.faces: emotion}).
 */
package io.sentifuse.encoder.face;
