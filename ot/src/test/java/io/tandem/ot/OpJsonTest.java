package io.tandem.ot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** OpJson reads what it writes, and reads JSON as a JSON library does. */
class OpJsonTest {

    private static final JsonMapper JACKSON = JsonMapper.builder().build();
    private static final String[] PIECES = {"a", "😀", "\"", "\\", "\n", "\t", "\u0001", "é", "/", "{\"d\":1}", "[", " "};

    @Test
    void operationsReadBackAsTheTreesTheyWereWrittenFrom() {
        Random random = new Random(3);
        for (int i = 0; i < 2000; i++) {
            List<Object> tree = randomOpTree(random);
            String json = OpJson.write(tree);
            assertThat(OpJson.parse(json)).as(json).isEqualTo(tree);
            assertThat(OpJson.parse(json)).as(json).isEqualTo(JACKSON.readValue(json, Object.class));
        }
    }

    @Test
    void escapesWhitespaceAndNumbersReadAsAJsonLibraryReadsThem() {
        List<String> texts = List.of(
                " [ 1 , \"a\\u00e9\\ud83d\\ude00\\/\\b\\f\\n\\r\\t\" , { \"d\" : 12 } ] ",
                "[2147483647,2147483648,-1,0,9223372036854775807,9223372036854775808]",
                "{\"a\":[true,false,null],\"b\":{}}", "[]", "\"\"", "0");
        for (String json : texts) {
            assertThat(OpJson.parse(json)).as(json).isEqualTo(JACKSON.readValue(json, Object.class));
        }
        assertThat(OpJson.parse("1.5")).isEqualTo(new java.math.BigDecimal("1.5"));
    }

    @Test
    void whatIsNotOneJsonValueIsRefused() {
        for (String bad : List.of("", " ", "[", "[1,]", "[1 2]", "{\"d\"}", "{\"d\":1,\"d\":2}", "\"open", "[\"\\x\"]",
                "[\"\\u12\"]", "01", "-", "1.", "1e", "tru", "[1]]", "{1:2}", "\"a\u0001\"", "[".repeat(100) + "]".repeat(100))) {
            assertThatThrownBy(() -> OpJson.parse(bad)).as(bad).isInstanceOf(InvalidOpException.class);
        }
        assertThatThrownBy(() -> OpJson.parse(null)).isInstanceOf(InvalidOpException.class);
    }

    private static List<Object> randomOpTree(Random random) {
        List<Object> tree = new ArrayList<>();
        for (int n = random.nextInt(6); n > 0; n--) {
            switch (random.nextInt(4)) {
                case 0 -> tree.add(1 + random.nextInt(1000));
                case 1 -> tree.add(randomText(random));
                case 2 -> tree.add(Map.of("d", 1 + random.nextInt(50)));
                default -> tree.add(Map.of("d", randomText(random)));
            }
        }
        return tree;
    }

    private static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        for (int n = 1 + random.nextInt(5); n > 0; n--) {
            text.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return text.toString();
    }
}
