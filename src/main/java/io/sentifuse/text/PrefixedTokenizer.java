package io.sentifuse.text;

/**
 * A tokenizer that reads {@code prefix + text}: some embedding models were trained with an instruction before
 * each input (e5: "query: ") and give weaker vectors without it. Kept outside the tokenizer file so the file, and
 * HuggingFace parity, stay the model's own.
 */
record PrefixedTokenizer(Tokenizer inner, String prefix) implements Tokenizer {

    @Override
    public Encoding encode(String text, int maxLength) {
        return inner.encode(prefix + text, maxLength);
    }

    @Override
    public int vocabularySize() {
        return inner.vocabularySize();
    }

    @Override
    public long padId() {
        return inner.padId();
    }

    @Override
    public String description() {
        return inner.description() + " with prefix '" + prefix + "'";
    }
}
