package org.rpmpipeline.contract;

import java.util.Arrays;
import java.util.function.Function;

/** Looks up an enum constant by its wire or file code, the one way every coded enum of the project does it. */
public final class Codes {
    private Codes() {
    }

    /**
     * The constant of {@code values} whose {@code code} is {@code text}; otherwise an
     * {@link IllegalArgumentException} saying {@code unknown <what> "<text>", expected one of [...]}.
     */
    public static <E> E byCode(E[] values, Function<E, String> code, String what, String text) {
        for (E value : values) {
            if (code.apply(value).equals(text)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown " + what + " \"" + text + "\", expected one of "
                + Arrays.stream(values).map(code).toList());
    }
}
