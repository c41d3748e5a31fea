package io.sentifuse.fusion;

import io.sentifuse.errors.UserInputException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The fusion heads by name. Adding a head: one class implementing {@link FusionHead}, one line here. */
public final class FusionHeads {

    private static final Map<String, FusionHead> HEADS = new LinkedHashMap<>();

    static {
        add(new NaiveCatHead());
        add(new NaiveCombineHead());
        add(new CmacHead());
        add(new HstecHead());
        add(new OteHead());
        add(new TextOnlyHead());
        add(new ImageOnlyHead());
        add(new LateAverageHead());
        add(new GmuHead());
        add(new TfnHead());
        add(new LinearHead());
    }

    private FusionHeads() {
    }

    private static void add(FusionHead head) {
        if (HEADS.putIfAbsent(head.name(), head) != null) {
            throw new IllegalStateException("two fusion heads are called " + head.name());
        }
    }

    /** The head called {@code name}; a {@link UserInputException} listing the known names otherwise. */
    public static FusionHead get(String name) {
        FusionHead head = HEADS.get(name);
        if (head == null) {
            throw new UserInputException("fusion.head: unknown head '" + name + "'; known heads: "
                    + String.join(", ", HEADS.keySet()));
        }
        return head;
    }

    /** Every registered name, in registration order. */
    public static Set<String> names() {
        return Collections.unmodifiableSet(HEADS.keySet());
    }
}
