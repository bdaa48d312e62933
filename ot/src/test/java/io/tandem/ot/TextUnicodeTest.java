package io.tandem.ot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TextUnicodeTest {

    @Test
    void applyCountsCodePoints() {
        TextOp op = TextOp.fromTree(List.of(3, Map.of("d", 5), "🤖👻💃"));

        assertThat(TextUnicode.apply("hi there", op)).isEqualTo("hi 🤖👻💃");
        assertThat(TextUnicode.apply("😅😅x", TextOp.fromTree(List.of(1, Map.of("d", "😅"), "y"))))
                .isEqualTo("😅yx");
    }

    @Test
    void applyMaySkipToTheVeryEnd() {
        assertThat(TextUnicode.apply("ab😅", TextOp.insert(3, "!"))).isEqualTo("ab😅!");
        assertThat(TextUnicode.apply("", TextOp.insert(0, "new"))).isEqualTo("new");
    }

    @Test
    void applyRejectsASkipPastTheEnd() {
        assertThatThrownBy(() -> TextUnicode.apply("ab😅", TextOp.insert(4, "!")))
                .isInstanceOf(InvalidOpException.class)
                .hasMessage("the operation skips past the end of the text: it needs at least 4 code points, "
                        + "the text has 3");
    }

    @Test
    void applyRejectsADeletePastTheEnd() {
        assertThatThrownBy(() -> TextUnicode.apply("abc", TextOp.delete(1, 3)))
                .isInstanceOf(InvalidOpException.class)
                .hasMessage("the operation deletes past the end of the text: it needs at least 4 code points, "
                        + "the text has 3");
    }

    @Test
    void applyRejectsADeleteOfTextThatIsNotThere() {
        assertThatThrownBy(() -> TextUnicode.apply("abc", TextOp.delete(1, "bd")))
                .isInstanceOf(InvalidOpException.class)
                .hasMessage("the operation deletes text that is not there at code point 1");
    }

    @Test
    void insertingThenDeletingTheSameTextComposesToTheNoop() {
        TextOp composed = TextUnicode.compose(TextOp.insert(2, "hi there"), TextOp.delete(2, "hi there"));

        assertThat(composed).isEqualTo(TextOp.noop());
    }

    @Test
    void composeKeepsTheDeletedTextWhereBothOperationsCarryIt() {
        TextOp first = TextOp.delete(0, "ab");
        TextOp second = TextOp.fromTree(List.of(Map.of("d", "cd"), "x"));

        assertThat(TextUnicode.compose(first, second).toTree()).isEqualTo(List.of(Map.of("d", "abcd"), "x"));
        assertThat(TextUnicode.compose(TextOp.delete(0, 2), second).toTree())
                .isEqualTo(List.of(Map.of("d", 4), "x"));
    }

    @Test
    void anOperationThatWouldRunPastTheLargestIntIsRejected() {
        TextOp huge = TextOp.insert(Integer.MAX_VALUE, "x");

        assertThatThrownBy(() -> TextUnicode.transform(huge, TextOp.insert(0, "abc"), Side.LEFT))
                .isInstanceOf(InvalidOpException.class)
                .hasMessage("the operation runs past 2147483647 code points");
    }

    @Test
    void theLeftInsertGoesFirstAtTheSamePlace() {
        TextOp mine = TextOp.insert(1, "M");
        TextOp theirs = TextOp.insert(1, "T");

        assertThat(TextUnicode.apply("ab", TextUnicode.compose(theirs, TextUnicode.transform(mine, theirs,
                Side.LEFT)))).isEqualTo("aMTb");
        assertThat(TextUnicode.apply("ab", TextUnicode.compose(theirs, TextUnicode.transform(mine, theirs,
                Side.RIGHT)))).isEqualTo("aTMb");
    }

    @Test
    void aDeleteOfTextDeletedMeanwhileIsDropped() {
        TextOp mine = TextOp.delete(1, "bc");
        TextOp theirs = TextOp.delete(2, "cd");

        assertThat(TextUnicode.transform(mine, theirs, Side.LEFT).toTree()).isEqualTo(List.of(1, Map.of("d", "b")));
    }

    @Test
    void transformKeepsTheReferencesResultForAdjacentInserts() {
        // The reference lets only the first of two adjacent inserts go first, which breaks convergence; ShareDB
        // clients never send such an operation because they normalize.
        TextOp adjacent = TextOp.fromTree(List.of("a", "b"));

        assertThat(TextUnicode.transform(adjacent, TextOp.insert(0, "x"), Side.LEFT).toTree())
                .isEqualTo(List.of("a", 1, "b"));
        assertThat(TextUnicode.transform(TextUnicode.normalize(adjacent), TextOp.insert(0, "x"), Side.LEFT)
                .toTree()).isEqualTo(List.of("ab"));
    }

    @Test
    void aCursorStaysBeforeAnInsertAtItsPlaceAndMovesWithOneBefore() {
        assertThat(TextUnicode.transformPosition(2, TextOp.insert(2, "😅😅"))).isEqualTo(2);
        assertThat(TextUnicode.transformPosition(3, TextOp.insert(2, "😅😅"))).isEqualTo(5);
    }

    @Test
    void aCursorInADeletedRangeMovesToItsStart() {
        assertThat(TextUnicode.transformPosition(4, TextOp.delete(2, 5))).isEqualTo(2);
        assertThat(TextUnicode.transformPosition(9, TextOp.delete(2, 5))).isEqualTo(4);
        assertThat(TextUnicode.transformPosition(-1, TextOp.delete(0, 5))).isEqualTo(-1);
    }

    @Test
    void aSelectionMovesEndByEnd() {
        assertThat(TextUnicode.transformSelection(new Selection(5, 1), TextOp.insert(0, "ab")))
                .isEqualTo(new Selection(7, 3));
        assertThat(Selection.cursor(3)).isEqualTo(new Selection(3, 3));
    }

    @Test
    void diffKeepsTheCommonStartAndEnd() {
        assertThat(TextUnicode.diff("hello world", "hello brave world").toTree())
                .isEqualTo(List.of(6, "brave "));
        assertThat(TextUnicode.diff("abc", "").toTree()).isEqualTo(List.of(Map.of("d", 3)));
        assertThat(TextUnicode.diff("", "abc").toTree()).isEqualTo(List.of("abc"));
        assertThat(TextUnicode.diff("aaa", "aa").toTree()).isEqualTo(List.of(2, Map.of("d", 1)));
        assertThat(TextUnicode.diff("same", "same")).isEqualTo(TextOp.noop());
        assertThat(TextUnicode.diff("one two", "one 2 two").toTree()).isEqualTo(List.of(4, "2 "));
    }

    @Test
    void diffNeverSplitsACodePoint() {
        // U+1F600 and U+1F603 share their high surrogate.
        assertThat(TextUnicode.diff("😀a", "😃a").toTree()).isEqualTo(List.of(Map.of("d", 1), "😃"));
        assertThat(TextUnicode.diff("x😀", "x😃").toTree()).isEqualTo(List.of(1, Map.of("d", 1), "😃"));
    }

    @Test
    void normalizeTakesWhatOnlyTheReferencesNormalizeTakes() {
        List<Object> loose = List.of(0, "", 1, 2, Map.of("d", 0), Map.of("d", ""), Map.of("d", "ab"),
                Map.of("d", "c"), Map.of("d", 2), 3);

        assertThat(TextUnicode.normalize(loose).toTree()).isEqualTo(List.of(3, Map.of("d", 5)));
        assertThatThrownBy(() -> TextUnicode.normalize(List.of(-1, "a")))
                .isInstanceOf(InvalidOpException.class)
                .hasMessage("component 0: a skip must be zero or more, not -1");
    }

    @Test
    void sidesHaveTheReferencesNames() {
        assertThat(Side.fromWireName("left")).isEqualTo(Side.LEFT);
        assertThat(Side.RIGHT.wireName()).isEqualTo("right");
        assertThatThrownBy(() -> Side.fromWireName("middle")).isInstanceOf(IllegalArgumentException.class);
    }
}
