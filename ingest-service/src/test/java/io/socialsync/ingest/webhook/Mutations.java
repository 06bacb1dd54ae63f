package io.socialsync.ingest.webhook;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Mutated versions of real deliveries: broken bytes, and valid JSON with values of the wrong kind or absurd size. */
final class Mutations {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Random random;

    Mutations(long seed) {
        this.random = new Random(seed);
    }

    byte[] mutate(String fixture) {
        return random.nextInt(4) == 0 ? mutateBytes(fixture.getBytes(StandardCharsets.UTF_8)) : mutateTree(fixture);
    }

    /** Byte-level damage: flips, cuts, insertions, invalid UTF-8. */
    private byte[] mutateBytes(byte[] body) {
        byte[] out = body.clone();
        switch (random.nextInt(4)) {
            case 0 -> {
                for (int i = 0; i < 1 + random.nextInt(5); i++) {
                    out[random.nextInt(out.length)] = (byte) random.nextInt(256);
                }
            }
            case 1 -> out = java.util.Arrays.copyOf(out, random.nextInt(out.length));
            case 2 -> {
                int at = random.nextInt(out.length);
                out[at] = (byte) "{}[],:\"\\0".charAt(random.nextInt(9));
            }
            default -> {
                int at = random.nextInt(out.length);
                out[at] = (byte) 0xC3;
            }
        }
        return out;
    }

    /** Valid JSON, wrong content: a few values replaced by values of another kind, or arrays multiplied. */
    private byte[] mutateTree(String fixture) {
        try {
            JsonNode root = JSON.readTree(fixture);
            List<JsonNode> containers = new ArrayList<>();
            collect(root, containers);
            for (int i = 0; i < 1 + random.nextInt(3); i++) {
                JsonNode container = containers.get(random.nextInt(containers.size()));
                if (container instanceof ObjectNode object && object.size() > 0) {
                    List<String> names = new ArrayList<>();
                    object.fieldNames().forEachRemaining(names::add);
                    String name = names.get(random.nextInt(names.size()));
                    if (random.nextInt(6) == 0) {
                        object.remove(name);
                    } else {
                        object.set(name, nasty());
                    }
                } else if (container instanceof ArrayNode array && array.size() > 0) {
                    if (random.nextBoolean()) {
                        // Several copies of an element: several messages, entries or statuses in one delivery.
                        JsonNode element = array.get(random.nextInt(array.size()));
                        for (int copy = 0; copy < 1 + random.nextInt(3); copy++) {
                            array.add(element.deepCopy());
                        }
                    } else {
                        array.set(random.nextInt(array.size()), nasty());
                    }
                }
            }
            return JSON.writeValueAsBytes(root);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void collect(JsonNode node, List<JsonNode> containers) {
        if (node.isContainerNode()) {
            containers.add(node);
            if (node.isObject()) {
                Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
                fields.forEachRemaining(field -> collect(field.getValue(), containers));
            } else {
                node.forEach(child -> collect(child, containers));
            }
        }
    }

    private JsonNode nasty() {
        return switch (random.nextInt(16)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.numberNode(Long.MAX_VALUE);
            case 3 -> NODES.numberNode(-1);
            case 4 -> NODES.numberNode(1e308);
            case 5 -> NODES.textNode("");
            case 6 -> NODES.textNode("a\u0000b");
            case 7 -> NODES.textNode("x".repeat(600 + random.nextInt(3000)));
            case 8 -> NODES.textNode("99999999999999999999999999");
            case 9 -> NODES.textNode("😊 \\u0000 \\ud800");
            case 10 -> NODES.arrayNode();
            case 11 -> NODES.objectNode();
            case 12 -> NODES.objectNode().set("id", NODES.arrayNode().add(1));
            case 13 -> NODES.textNode("unknown_type_" + random.nextInt(100));
            case 14 -> {
                JsonNode deep = NODES.textNode("bottom");
                for (int i = 0; i < 200; i++) {
                    deep = NODES.arrayNode().add(deep);
                }
                yield deep;
            }
            default -> NODES.textNode(String.valueOf(random.nextLong()));
        };
    }
}
