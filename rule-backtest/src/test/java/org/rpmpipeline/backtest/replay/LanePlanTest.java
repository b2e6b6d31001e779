package org.rpmpipeline.backtest.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rpmpipeline.contract.Schema;
import org.rpmpipeline.contract.finding.Finding;
import org.rpmpipeline.contract.finding.FindingStatus;
import org.rpmpipeline.contract.finding.Severity;
import org.rpmpipeline.contract.patient.BandOverride;
import org.rpmpipeline.contract.patient.PatientThresholds;
import org.rpmpipeline.contract.patient.ThresholdOverride;
import org.rpmpipeline.contract.topic.Topics;
import org.rpmpipeline.processor.rules.NoDataRule;
import org.rpmpipeline.processor.rules.Rule;
import org.rpmpipeline.processor.rules.RuleSet;
import org.rpmpipeline.processor.rules.RuleSetLoader;
import org.rpmpipeline.processor.rules.ThresholdRule;

class LanePlanTest {
    private static final RuleSet BASELINE = RuleSetLoader.loadDefault();

    private static RuleSet withSpo2At(int high) {
        List<Rule> rules = new ArrayList<>();
        for (Rule rule : BASELINE.rules()) {
            if (rule.id().equals("spo2-low")) {
                ThresholdRule spo2 = (ThresholdRule) rule;
                rules.add(new ThresholdRule(spo2.id(), 2, spo2.description(), spo2.vital(),
                        List.of(new org.rpmpipeline.processor.rules.Band(Severity.HIGH,
                                spo2.bands().get(0).comparison(), new BigDecimal(high), "test"))));
            } else {
                rules.add(rule);
            }
        }
        return new RuleSet(rules);
    }

    @Test
    void rulesBothSetsDefineAlikeRunOnceAndCountForBoth() {
        List<LanePlan.Lane> lanes = LanePlan.plan(BASELINE, withSpo2At(90), true);

        assertThat(lanes).singleElement().satisfies(lane -> {
            assertThat(lane.rules().rules()).hasSize(BASELINE.rules().size() + 1);
            assertThat(lane.targets().get("news2").sides()).containsExactlyInAnyOrder(LanePlan.Side.values());
            assertThat(lane.targets().get("spo2-low").sides()).containsExactly(LanePlan.Side.BASELINE);
            LanePlan.Target copy = lane.targets().get(LanePlan.CANDIDATE_PREFIX + "spo2-low");
            assertThat(copy.sides()).containsExactly(LanePlan.Side.CANDIDATE);
            assertThat(copy.ruleId()).isEqualTo("spo2-low");
            assertThat(lane.renamedThresholds()).containsExactly(Map.entry("spo2-low",
                    LanePlan.CANDIDATE_PREFIX + "spo2-low"));
        });
    }

    @Test
    void theCandidatesCopyHandsItsFindingsBackUnderItsOwnId() {
        LanePlan.Lane lane = LanePlan.plan(BASELINE, withSpo2At(90), true).get(0);
        Instant at = Instant.parse("2026-11-01T00:00:00Z");
        String internal = LanePlan.CANDIDATE_PREFIX + "spo2-low";
        Finding finding = new Finding(Schema.VERSION, Finding.idFor(internal, "pat-1", at, FindingStatus.ACTIVE),
                internal, 2, Severity.HIGH, FindingStatus.ACTIVE, "pat-1", List.of("ox-1"), at, at, List.of(),
                new BigDecimal(89), "low", at, false, Map.of());
        List<String> routed = new ArrayList<>();

        lane.route(finding, (side, f) -> routed.add(side + " " + f.ruleId() + " " + f.patientId()));

        assertThat(routed).containsExactly("CANDIDATE spo2-low pat-1");
    }

    @Test
    void withoutSharingEveryCandidateRuleRunsAsACopy() {
        List<LanePlan.Lane> lanes = LanePlan.plan(BASELINE, BASELINE, false);

        // at most one no-data rule per topology: the candidate's runs on its own
        assertThat(lanes).hasSize(2);
        assertThat(lanes.get(0).rules().rules()).hasSize(2 * BASELINE.rules().size() - 1);
        assertThat(lanes.get(1).rules().rules()).singleElement().isInstanceOf(NoDataRule.class);
        assertThat(lanes.get(1).targets().values()).singleElement()
                .satisfies(t -> assertThat(t.sides()).containsExactly(LanePlan.Side.CANDIDATE));
    }

    @Test
    void personalBandsOfARenamedRuleAreCopiedToItsInternalId() {
        PatientThresholds thresholds = new PatientThresholds(Schema.VERSION, "pat-1", 3,
                Instant.parse("2026-11-01T00:00:00Z"), 2, List.of(new ThresholdOverride("spo2-low",
                        List.of(new BandOverride(Severity.HIGH, "<=", new BigDecimal(88))))), "dr-1", null,
                new BigDecimal(2));
        byte[] value = Topics.PATIENT_THRESHOLDS.valueSerde().serializer().serialize("t", thresholds);

        byte[] copied = PersonalBands.forLane(value, Map.of("spo2-low", "internal-spo2"));

        PatientThresholds read = Topics.PATIENT_THRESHOLDS.valueSerde().deserializer().deserialize("t", copied);
        assertThat(read.thresholds()).extracting(ThresholdOverride::ruleId).containsExactly("spo2-low",
                "internal-spo2");
        assertThat(read.thresholds().get(1).bands()).isEqualTo(read.thresholds().get(0).bands());
        assertThat(read.spo2Scale()).isEqualTo(2);
        assertThat(read.homeOxygenFlow()).isEqualByComparingTo("2");
        assertThat(PersonalBands.forLane(value, Map.of("heart-rate-high", "x"))).isSameAs(value);
        assertThat(PersonalBands.forLane("not json".getBytes(), Map.of("spo2-low", "x"))).asString()
                .isEqualTo("not json");
    }
}
