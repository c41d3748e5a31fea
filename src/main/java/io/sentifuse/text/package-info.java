/**
 * Text to token ids: the {@link io.sentifuse.text.Tokenizer} interface the data pipeline plugs in, and
 * the HuggingFace-compatible WordPiece tokenizer that the BERT-family encoders use.
 */
package io.sentifuse.text;
