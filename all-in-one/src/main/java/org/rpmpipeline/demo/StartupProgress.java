package org.rpmpipeline.demo;

/** What the embedded stack reports while it starts, step by step, so a person at the terminal sees it move. */
public interface StartupProgress {
    /** Reports nothing: what tests use. */
    StartupProgress NONE = new StartupProgress() {
        @Override
        public void starting(String what) {
        }

        @Override
        public void ready(String what) {
        }
    };

    /** A step begins, e.g. {@code Kafka on localhost:9092}. */
    void starting(String what);

    /** A component is up, e.g. {@code Kafka} or {@code gateway}. */
    void ready(String what);
}
