/**
 * Text to token ids, with HuggingFace's ids: the {@link io.sentifuse.text.Tokenizer} interface the data pipeline
 * plugs in, {@link io.sentifuse.text.Tokenizers} to load one (tokenizer.json, BERT vocab.txt, or the default
 * all-MiniLM-L6-v2 tokenizer from its jar), {@link io.sentifuse.text.HfTokenizer}, a plain-Java port of the
 * HuggingFace {@code tokenizers} pipeline (added tokens, normalizer, pre-tokenizer, WordPiece or BPE model,
 * truncation, post-processor), and {@link io.sentifuse.text.TokenBatch} for dynamic padding.
 *
 * <p>Parity with the Rust library is the contract: the tests compare every id with it (through DJL) on a golden
 * file, on the real MVSA-Single texts, on random texts, and on every Unicode code point. HuggingFace's character
 * classes are not the JDK's (they come from older and newer Unicode versions), so they ship as data:
 * {@code hf-unicode-classes.txt}, read off the library by {@code UnicodeTablesGenerator}.
 */
package io.sentifuse.text;
