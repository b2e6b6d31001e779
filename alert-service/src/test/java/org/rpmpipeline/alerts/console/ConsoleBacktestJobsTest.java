package org.rpmpipeline.alerts.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The console's backtests: how many reports are kept, failures, an audit that fails, and clean-up on close. */
@Timeout(60)
class ConsoleBacktestJobsTest {

    @Test
    void onlyTheLastFewReportsAreKept_andCloseDeletesThemAll() {
        BacktestJobs jobs = new BacktestJobs(Optional.empty(), Clock.systemUTC());
        List<BacktestJobs.Job> started = new ArrayList<>();
        for (int i = 0; i < BacktestJobs.KEPT + 2; i++) {
            BacktestJobs.Job job = jobs.start(writing("report " + i), "admin-a", () -> { });
            started.add(job);
            await().atMost(Duration.ofSeconds(10)).until(() -> jobs.running().isEmpty());
        }

        assertThat(jobs.jobs()).hasSize(BacktestJobs.KEPT);
        assertThat(jobs.jobs().get(0).id()).isEqualTo(started.get(started.size() - 1).id());
        assertThat(started.get(0).dir()).doesNotExist();
        assertThat(started.get(1).dir()).doesNotExist();
        Path newest = started.get(started.size() - 1).dir();
        assertThat(jobs.report(started.get(started.size() - 1).id(), BacktestRunner.HTML_FILE))
                .hasValueSatisfying(p -> assertThat(p).hasContent("report " + (BacktestJobs.KEPT + 1)));
        assertThat(jobs.report(started.get(0).id(), BacktestRunner.HTML_FILE)).isEmpty();

        jobs.close();
        assertThat(newest).doesNotExist();
        assertThat(newest.getParent()).doesNotExist();
    }

    @Test
    void aFailingRun_isShownAsFailed_withoutAReport() {
        try (BacktestJobs jobs = new BacktestJobs(Optional.empty(), Clock.systemUTC())) {
            BacktestJobs.Job job = jobs.start(failing(), "admin-a", () -> { });
            await().atMost(Duration.ofSeconds(10)).until(() -> jobs.running().isEmpty());

            BacktestJobs.Job done = jobs.job(job.id()).orElseThrow();
            assertThat(done.state()).isEqualTo(BacktestJobs.State.FAILED);
            assertThat(done.message()).isEqualTo("the backtest failed: Kafka did not answer in 60 s");
            assertThat(jobs.report(job.id(), BacktestRunner.HTML_FILE)).isEmpty();
        }
    }

    @Test
    void whenTheAuditRecordFails_nothingStarts() {
        try (BacktestJobs jobs = new BacktestJobs(Optional.empty(), Clock.systemUTC())) {
            assertThatThrownBy(() -> jobs.start(writing("x"), "admin-a", () -> {
                throw new IllegalStateException("audit not confirmed");
            })).hasMessage("audit not confirmed");

            assertThat(jobs.jobs()).isEmpty();
            assertThat(jobs.running()).isEmpty();
        }
    }

    @Test
    void uploadedFileNames_areReducedToSafeCharacters() {
        assertThat(BacktestPages.fileName("C:\\Users\\x\\my rules<1>.yaml")).isEqualTo("my_rules_1_.yaml");
        assertThat(BacktestPages.fileName("../../etc/passwd")).isEqualTo("passwd");
        assertThat(BacktestPages.fileName("..")).isEqualTo("uploaded-rules.yaml");
        assertThat(BacktestPages.fileName(null)).isEqualTo("uploaded-rules.yaml");
    }

    private static BacktestRunner.Prepared writing(String html) {
        return prepared(dir -> {
            Files.writeString(dir.resolve(BacktestRunner.HTML_FILE), html);
            Files.writeString(dir.resolve(BacktestRunner.JSON_FILE), "{}");
            return new BacktestRunner.Written("done");
        });
    }

    private static BacktestRunner.Prepared failing() {
        return prepared(dir -> {
            throw new IllegalStateException("Kafka did not answer in 60 s\nsecond line");
        });
    }

    interface Body {
        BacktestRunner.Outcome run(Path dir) throws Exception;
    }

    private static BacktestRunner.Prepared prepared(Body body) {
        return new BacktestRunner.Prepared() {
            @Override
            public String candidate() {
                return "candidate.yaml";
            }

            @Override
            public String sha256() {
                return "00";
            }

            @Override
            public String scope() {
                return "from 1d";
            }

            @Override
            public BacktestRunner.Outcome run(Path outDir) throws Exception {
                return body.run(outDir);
            }
        };
    }
}
