package org.rpmpipeline.processor.rules;

/** A clinical rule from the rules file: an id stable across edits and a version bumped on every change. */
public sealed interface Rule permits ThresholdRule, SustainedRule, News2Rule, TrendRule, NoDataRule, AdherenceRule {
    String id();

    int version();

    String description();
}
