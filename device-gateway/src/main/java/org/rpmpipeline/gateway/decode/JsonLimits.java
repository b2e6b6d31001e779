package org.rpmpipeline.gateway.decode;

/**
 * Bounds on device JSON, enforced while it is parsed (Jackson's stream read constraints) and on the numbers it
 * holds. Hitting one rejects the message as {@code MALFORMED_JSON} (or {@code IMPLAUSIBLE_VALUE} for a value's
 * digits); it never costs more than parsing up to the bound.
 *
 * @param maxDocumentChars the longest document (characters; the payload size limit is checked before)
 * @param maxNestingDepth the deepest nesting of arrays and objects
 * @param maxNumberLength the longest number, in characters as written
 * @param maxStringLength the longest string value or field name, in characters
 * @param maxValueDigits the most digits a measured value may have before, and after, its decimal point
 */
public record JsonLimits(int maxDocumentChars, int maxNestingDepth, int maxNumberLength, int maxStringLength,
        int maxValueDigits) {

    /** The defaults of the gateway's configuration, for tests and tools. */
    public static JsonLimits defaults() {
        return new JsonLimits(256 * 1024, 32, 32, 4096, 15);
    }
}
