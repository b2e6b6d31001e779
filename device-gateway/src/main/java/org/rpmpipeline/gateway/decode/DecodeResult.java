package org.rpmpipeline.gateway.decode;

import java.util.Objects;
import org.rpmpipeline.contract.reject.RejectReason;

/**
 * The result of one step of the pipeline for expected input: a value, or a rejection with a reason and a
 * detail naming the offending field. Expected bad input never throws.
 */
public sealed interface DecodeResult<T> permits DecodeResult.Accepted, DecodeResult.Rejected {

    static <T> DecodeResult<T> accepted(T value) {
        return new Accepted<>(value);
    }

    static <T> DecodeResult<T> rejected(RejectReason reason, String detail) {
        return new Rejected<>(reason, detail);
    }

    record Accepted<T>(T value) implements DecodeResult<T> {
        public Accepted {
            Objects.requireNonNull(value, "value");
        }
    }

    record Rejected<T>(RejectReason reason, String detail) implements DecodeResult<T> {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }

        /** The same rejection typed for another step. */
        public <U> Rejected<U> retyped() {
            return new Rejected<>(reason, detail);
        }

        /** The same rejection with {@code prefix: } before the detail, e.g. the batch index. */
        public Rejected<T> prefixed(String prefix) {
            return prefix == null ? this : new Rejected<>(reason, prefix + ": " + detail);
        }
    }
}
