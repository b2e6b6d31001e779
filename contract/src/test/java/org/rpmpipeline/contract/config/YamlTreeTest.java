package org.rpmpipeline.contract.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class YamlTreeTest {

    @Test
    void namesTheLineOfEachKeyAndListItem() {
        YamlTree tree = YamlTree.parse("""
                # a comment
                rules:
                  - id: a
                    kind: threshold
                  - {id: b, kind: trend,
                     window: 3d}
                """);

        Map<?, ?> top = (Map<?, ?>) tree.root();
        List<?> rules = (List<?>) top.get("rules");
        Map<?, ?> second = (Map<?, ?>) rules.get(1);

        assertThat(tree.line(top, "rules")).isEqualTo(2);
        assertThat(tree.line(rules, 0)).isEqualTo(3);
        assertThat(tree.line(rules.get(0), "kind")).isEqualTo(4);
        assertThat(tree.line(second, "window")).isEqualTo(6);
        assertThat(tree.line(second, "missing")).isEqualTo(5);
        assertThat(tree.line(Map.of(), "x")).isZero();
        assertThat(YamlTree.of(top).line(top, "rules")).isZero();
    }
}
