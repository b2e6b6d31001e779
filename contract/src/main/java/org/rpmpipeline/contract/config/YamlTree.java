package org.rpmpipeline.contract.config;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A YAML document read with SnakeYAML's safe constructor (plain maps, lists and scalars, no arbitrary types) that
 * remembers where each mapping and list came from, so a file's reader can name the line of every problem it finds
 * ({@code rules.yaml:14: ...}) and report them all at once.
 */
public final class YamlTree {
    private final Object root;
    private final Map<Object, Node> nodes;

    private YamlTree(Object root, Map<Object, Node> nodes) {
        this.root = root;
        this.nodes = nodes;
    }

    /**
     * Parses {@code text}.
     *
     * @throws org.yaml.snakeyaml.error.YAMLException if it is not YAML; its message names the line
     */
    public static YamlTree parse(String text) {
        Tracking constructor = new Tracking();
        Object root = new Yaml(constructor).load(text);
        return new YamlTree(root, constructor.nodes);
    }

    /** A tree built in code (no file): every line is unknown. */
    public static YamlTree of(Object root) {
        return new YamlTree(root, Map.of());
    }

    /** The document: a {@code Map}, a {@code List}, a scalar or {@code null}. */
    public Object root() {
        return root;
    }

    /**
     * The 1-based line of {@code key} in the mapping {@code map}, or of item {@code key} (an {@code Integer}) of the
     * list {@code list}; the line where the container starts if it has no such key or item; 0 if the container is
     * not from this document.
     */
    public int line(Object container, Object key) {
        Node node = nodes.get(container);
        if (node == null) {
            return 0;
        }
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode scalar
                        && Objects.equals(scalar.getValue(), String.valueOf(key))) {
                    return lineOf(scalar);
                }
            }
        } else if (node instanceof SequenceNode sequence && key instanceof Integer index
                && index >= 0 && index < sequence.getValue().size()) {
            return lineOf(sequence.getValue().get(index));
        }
        return lineOf(node);
    }

    /** The 1-based line where {@code container} starts, 0 if it is not from this document. */
    public int line(Object container) {
        Node node = nodes.get(container);
        return node == null ? 0 : lineOf(node);
    }

    private static int lineOf(Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    /** The safe constructor, noting which node each mapping and list was built from. */
    private static final class Tracking extends SafeConstructor {
        private final Map<Object, Node> nodes = new IdentityHashMap<>();

        Tracking() {
            super(new LoaderOptions());
        }

        @Override
        protected Object constructObject(Node node) {
            Object value = super.constructObject(node);
            if (value instanceof Map<?, ?> || value instanceof List<?>) {
                nodes.putIfAbsent(value, node);
            }
            return value;
        }
    }
}
