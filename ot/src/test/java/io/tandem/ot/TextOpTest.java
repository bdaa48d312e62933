package io.tandem.ot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TextOpTest {

    @Test
    void readsAndWritesTheJsonTree() {
        List<Object> tree = List.of(3, "hi", 5, Map.of("d", 8), "🤖", Map.of("d", "x😅"));

        TextOp op = TextOp.fromTree(tree);

        assertThat(op.components()).containsExactly(new Component.Skip(3), new Component.Insert("hi"),
                new Component.Skip(5), Component.Delete.of(8), new Component.Insert("🤖"),
                Component.Delete.of("x😅"));
        assertThat(op.toTree()).isEqualTo(tree);
        assertThat(op).hasToString("[3,\"hi\",5,{\"d\":8},\"🤖\",{\"d\":\"x😅\"}]");
    }

    @Test
    void aDeletedTextCountsItsCodePoints() {
        assertThat(Component.Delete.of("a😅e\u0301").count()).isEqualTo(4);
        assertThat(new Component.Insert("👩\u200D💻").length()).isEqualTo(3);
    }

    @Test
    void wholeNumbersOfAnyJsonLibrarysTypeAreSkipsAndDeletes() {
        TextOp op = TextOp.fromTree(List.of(2L, "a", BigInteger.valueOf(3), Map.of("d", 4.0),
                "b", Map.of("d", new BigDecimal("5.00"))));

        assertThat(op.toTree()).isEqualTo(List.of(2, "a", 3, Map.of("d", 4), "b", Map.of("d", 5)));
    }

    @Test
    void theEmptyListIsTheNoop() {
        assertThat(TextOp.fromTree(List.of())).isEqualTo(TextOp.noop());
        assertThat(TextOp.noop().isNoop()).isTrue();
    }

    @Test
    void adjacentInsertsOrDeletesAreValidButNotNormalized() {
        TextOp op = TextOp.fromTree(List.of("a", "b", 1, Map.of("d", 1), Map.of("d", "x")));

        assertThat(op.isNormalized()).isFalse();
        assertThat(TextUnicode.normalize(op).toTree()).isEqualTo(List.of("ab", 1, Map.of("d", 2)));
    }

    @Test
    void anOperationMustBeAList() {
        assertRejected(null, "an operation must be a list of components, not null");
        assertRejected("abc", "an operation must be a list");
        assertRejected(Map.of("d", 1), "an operation must be a list");
    }

    @Test
    void aSkipMustBeAPositiveWholeNumberThatFitsAnInt() {
        assertRejected(List.of(0, "a"), "component 0: a skip must be positive, not 0");
        assertRejected(List.of(-1, "a"), "component 0: a skip must be positive");
        assertRejected(List.of(1.5, "a"), "component 0: a skip must be a whole number, not 1.5");
        assertRejected(List.of(Double.NaN, "a"), "component 0: a skip must be a whole number");
        assertRejected(List.of(2_147_483_648L, "a"), "component 0: a skip must be at most 2147483647");
    }

    @Test
    void skipsMustBeCombinedAndMustNotEndTheOperation() {
        assertRejected(List.of("a", 1, 2, "b"), "component 2: adjacent skips must be combined");
        assertRejected(List.of("a", 3), "component 1: an operation must not end with a skip");
        assertRejected(List.of(3), "component 0: an operation must not end with a skip");
    }

    @Test
    void insertsAndDeletesMustNotBeEmpty() {
        assertRejected(List.of(""), "component 0: an insert must not be empty");
        assertRejected(List.of("a", Map.of("d", 0)), "component 1: a delete must be positive");
        assertRejected(List.of("a", Map.of("d", "")), "component 1: a delete must not be empty");
    }

    @Test
    void aDeleteIsAMapWithTheOneKeyD() {
        assertRejected(List.of(Map.of()), "component 0: a delete must be {\"d\": count} or {\"d\": \"text\"}");
        assertRejected(List.of(Map.of("d", 1, "i", "x")), "with no other key");
        assertRejected(List.of(Map.of("d", true)), "component 0: a delete's \"d\" must be a count or the text");
        Map<String, Object> nullDelete = new HashMap<>();
        nullDelete.put("d", null);
        assertRejected(List.of(nullDelete), "a delete's \"d\" must be a count or the text deleted, not null");
    }

    @Test
    void nothingElseIsAComponent() {
        assertRejected(List.of(true), "component 0: a component must be a number (skip), a string (insert)");
        assertRejected(Arrays.asList("a", null), "component 1: a component must be");
        assertRejected(List.of(List.of(1)), "component 0: a component must be");
    }

    @Test
    void textMustNotHoldAnUnpairedSurrogate() {
        assertRejected(List.of("a\uD83D"), "component 0: a string must not hold an unpaired surrogate");
        assertRejected(List.of(Map.of("d", "\uDE00b")), "component 0: a string must not hold an unpaired surrogate");
        assertThatThrownBy(() -> new Component.Insert("\uD83Dx")).isInstanceOf(InvalidOpException.class);
    }

    @Test
    void aDeletesTextMustBeAsLongAsItsCount() {
        assertThatThrownBy(() -> new Component.Delete(2, "abc"))
                .isInstanceOf(InvalidOpException.class)
                .hasMessage("a delete's text must be as long as its count");
    }

    @Test
    void theHelpersMakeTheReferencesInsertAndRemove() {
        assertThat(TextOp.insert(2, "hi there").toTree()).isEqualTo(List.of(2, "hi there"));
        assertThat(TextOp.insert(0, "hi").toTree()).isEqualTo(List.of("hi"));
        assertThat(TextOp.insert(4, "")).isEqualTo(TextOp.noop());
        assertThat(TextOp.delete(2, "hi there").toTree()).isEqualTo(List.of(2, Map.of("d", "hi there")));
        assertThat(TextOp.delete(0, 8).toTree()).isEqualTo(List.of(Map.of("d", 8)));
        assertThat(TextOp.delete(3, 0)).isEqualTo(TextOp.noop());
        assertThatThrownBy(() -> TextOp.insert(-1, "x")).isInstanceOf(InvalidOpException.class);
    }

    @Test
    void theTreeCannotBeChanged() {
        List<Object> tree = TextOp.insert(1, "x").toTree();

        assertThatThrownBy(() -> tree.add("y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void inputLengthIsWhatTheTextMustHoldAtLeast() {
        assertThat(TextOp.fromTree(List.of(3, "abc", Map.of("d", 2), "x")).inputLength()).isEqualTo(5);
        assertThat(TextOp.fromTree(List.of(Integer.MAX_VALUE, "x", Map.of("d", Integer.MAX_VALUE))).inputLength())
                .isEqualTo(2L * Integer.MAX_VALUE);
    }

    private static void assertRejected(Object tree, String message) {
        assertThatThrownBy(() -> TextOp.fromTree(tree))
                .isInstanceOf(InvalidOpException.class)
                .hasMessageContaining(message);
    }
}
