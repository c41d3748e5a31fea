package io.sentifuse.encoder.tfjs;

import java.util.Map;
import java.util.TreeMap;

/** The registry of supported Keras layer classes: adding a layer is one converter plus one line here. */
final class LayerConverters {

    private static final Map<String, LayerConverter> BY_CLASS = new TreeMap<>();

    static {
        BY_CLASS.put("Conv2D", ConvLayers.CONV2D);
        BY_CLASS.put("DepthwiseConv2D", ConvLayers.DEPTHWISE);
        BY_CLASS.put("SeparableConv2D", ConvLayers.SEPARABLE);
        BY_CLASS.put("ZeroPadding2D", ConvLayers.ZERO_PADDING);
        BY_CLASS.put("BatchNormalization", NormalizationLayers.BATCH_NORM);
        BY_CLASS.put("Activation", ActivationLayers.ACTIVATION);
        BY_CLASS.put("ReLU", ActivationLayers.RELU);
        BY_CLASS.put("Softmax", ActivationLayers.SOFTMAX);
        BY_CLASS.put("MaxPooling2D", PoolingLayers.MAX);
        BY_CLASS.put("AveragePooling2D", PoolingLayers.AVERAGE);
        BY_CLASS.put("GlobalAveragePooling2D", PoolingLayers.GLOBAL_AVERAGE);
        BY_CLASS.put("GlobalMaxPooling2D", PoolingLayers.GLOBAL_MAX);
        BY_CLASS.put("Add", MergeLayers.ADD);
        BY_CLASS.put("Subtract", MergeLayers.SUBTRACT);
        BY_CLASS.put("Multiply", MergeLayers.MULTIPLY);
        BY_CLASS.put("Average", MergeLayers.AVERAGE);
        BY_CLASS.put("Maximum", MergeLayers.MAXIMUM);
        BY_CLASS.put("Minimum", MergeLayers.MINIMUM);
        BY_CLASS.put("Concatenate", MergeLayers.CONCATENATE);
        BY_CLASS.put("Dense", CoreLayers.DENSE);
        BY_CLASS.put("Flatten", CoreLayers.FLATTEN);
        BY_CLASS.put("Reshape", CoreLayers.RESHAPE);
        BY_CLASS.put("Rescaling", CoreLayers.RESCALING);
        BY_CLASS.put("Dropout", CoreLayers.IDENTITY);
        BY_CLASS.put("SpatialDropout2D", CoreLayers.IDENTITY);
        BY_CLASS.put("GaussianDropout", CoreLayers.IDENTITY);
        BY_CLASS.put("GaussianNoise", CoreLayers.IDENTITY);
        BY_CLASS.put("AlphaDropout", CoreLayers.IDENTITY);
    }

    private LayerConverters() {
    }

    /** The converter of Keras class {@code className}, or null. */
    static LayerConverter of(String className) {
        return BY_CLASS.get(className);
    }

    /** Supported class names (plus InputLayer, which the converter handles itself), sorted. */
    static String supported() {
        return "InputLayer, " + String.join(", ", BY_CLASS.keySet());
    }
}
