package io.sentifuse.data;

import io.sentifuse.config.DataConfig.SplitProtocol;
import io.sentifuse.seeds.Seeds;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The split protocols. Both start from the usable pairs in natural id order (so the result does not depend
 * on the order of lines in the label file) and shuffle with the {@code "split"} stream of the seed.
 * <ul>
 *   <li>{@code paper}: random 80/20 into {@value Split#TRAIN} / {@value Split#VAL} (the seed paper's);</li>
 *   <li>{@code standard}: stratified 8:1:1 into {@value Split#TRAIN} / {@value Split#DEV} /
 *       {@value Split#TEST}: each label's pairs are cut 80/10/10 separately, so each part keeps the
 *       label shares (within a rounding of one pair per label).</li>
 * </ul>
 */
final class SplitMaker {

    /** The seed stream the split shuffles with. */
    static final String STREAM = "split";

    /** Numeric ids by value, before any other id; others by their characters. */
    static final Comparator<String> NATURAL = (a, b) -> {
        boolean na = isNumber(a);
        boolean nb = isNumber(b);
        if (na != nb) {
            return na ? -1 : 1;
        }
        if (na) {
            String sa = stripZeros(a);
            String sb = stripZeros(b);
            int c = Integer.compare(sa.length(), sb.length());
            if (c != 0) {
                return c;
            }
            c = sa.compareTo(sb);
            return c != 0 ? c : a.compareTo(b);
        }
        return a.compareTo(b);
    };

    private SplitMaker() {
    }

    static Map<String, List<String>> make(List<Pair> items, SplitProtocol protocol, long seed) {
        Random random = Seeds.of(seed).random(STREAM);
        Map<String, List<String>> parts = new LinkedHashMap<>();
        if (protocol == SplitProtocol.PAPER) {
            List<String> ids = sortedIds(items);
            Collections.shuffle(ids, random);
            int train = (int) Math.round(ids.size() * 0.8);
            parts.put(Split.TRAIN, sorted(ids.subList(0, train)));
            parts.put(Split.VAL, sorted(ids.subList(train, ids.size())));
            return parts;
        }
        List<String> train = new ArrayList<>();
        List<String> dev = new ArrayList<>();
        List<String> test = new ArrayList<>();
        for (Label label : Label.values()) {
            List<String> ids = sortedIds(items.stream().filter(p -> p.label() == label).toList());
            Collections.shuffle(ids, random);
            int nTrain = (int) Math.round(ids.size() * 0.8);
            int nDev = (int) Math.round(ids.size() * 0.1);
            train.addAll(ids.subList(0, nTrain));
            dev.addAll(ids.subList(nTrain, nTrain + nDev));
            test.addAll(ids.subList(nTrain + nDev, ids.size()));
        }
        parts.put(Split.TRAIN, sorted(train));
        parts.put(Split.DEV, sorted(dev));
        parts.put(Split.TEST, sorted(test));
        return parts;
    }

    private static List<String> sortedIds(List<Pair> items) {
        List<String> ids = new ArrayList<>(items.stream().map(Pair::id).toList());
        ids.sort(NATURAL);
        return ids;
    }

    private static List<String> sorted(List<String> ids) {
        List<String> copy = new ArrayList<>(ids);
        copy.sort(NATURAL);
        return List.copyOf(copy);
    }

    private static boolean isNumber(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static String stripZeros(String s) {
        int i = 0;
        while (i < s.length() - 1 && s.charAt(i) == '0') {
            i++;
        }
        return s.substring(i);
    }
}
