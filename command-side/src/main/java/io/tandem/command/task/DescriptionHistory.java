package io.tandem.command.task;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.tandem.api.DomainException;
import io.tandem.api.ErrorCode;
import io.tandem.api.task.DescriptionOpJson;
import io.tandem.api.task.DescriptionOps;
import io.tandem.ot.Component;
import io.tandem.ot.InvalidOpException;
import io.tandem.ot.Side;
import io.tandem.ot.TextOp;
import io.tandem.ot.TextUnicode;

/**
 * What a task knows of its description's revisions: the current one, the last {@link #TRANSFORM_LIMIT} operations
 * (so an operation made on an older revision can be transformed to the current one) and which revision each
 * editing client's {@code (clientId, seq)} produced (so a resent operation changes nothing). Rebuilt from the task's
 * events, so it survives a crash and lives wherever the events do.
 */
final class DescriptionHistory {

    /** How many changes old a revision may be and still have an operation on it transformed; older answers 409. */
    static final int TRANSFORM_LIMIT = 1000;
    static final int MAX_LENGTH = 2000;

    private long revision;
    /** The operations that produced revisions {@code revision - recent.size() + 1 .. revision}; null where unknown. */
    private final ArrayDeque<TextOp> recent = new ArrayDeque<>();
    /** Parallel to {@link #recent}: each operation's inverse (from the text after it to the text before it). */
    private final ArrayDeque<TextOp> inverses = new ArrayDeque<>();
    /** Parallel to {@link #recent}: who made each operation, and when. */
    private final ArrayDeque<Author> authors = new ArrayDeque<>();
    private final Map<String, Long> revisionByClientSeq = new HashMap<>();

    long revision() {
        return revision;
    }

    /** An operation's stored form (its JSON tree as text), or the refusal of one that is no operation. */
    static TextOp parse(String json) {
        Object tree;
        try {
            tree = DescriptionOpJson.tree(json);
        } catch (IllegalArgumentException e) {
            throw new DomainException(ErrorCode.VALIDATION, "op", "The operation is not JSON");
        }
        return checked(tree);
    }

    /** An operation from its JSON tree, normalized, or the refusal naming what is wrong with it. */
    static TextOp checked(Object tree) {
        try {
            return TextUnicode.normalize(tree);
        } catch (InvalidOpException e) {
            throw new DomainException(ErrorCode.VALIDATION, "op", "Not a text-unicode operation: " + e.getMessage());
        }
    }

    /** The revision the client's operation {@code seq} produced, when it was applied before. */
    Optional<Long> revisionOf(UUID clientId, long seq) {
        return Optional.ofNullable(revisionByClientSeq.get(key(clientId, seq)));
    }

    /** The operation that produced {@code produced}, as applied, when it is still remembered. */
    Optional<TextOp> opThatProduced(long produced) {
        long first = revision - recent.size() + 1;
        if (produced < first || produced > revision) {
            return Optional.empty();
        }
        Iterator<TextOp> ops = recent.iterator();
        for (long r = first; r < produced; r++) {
            ops.next();
        }
        return Optional.ofNullable(ops.next());
    }

    /**
     * The operations applied after revision {@code base}, oldest first, as {@code DescriptionOps} pages show them:
     * what a client that made an edit on {@code base} has not seen. Empty when they are no longer all remembered.
     */
    List<DescriptionOps.Op> after(long base) {
        long behind = revision - base;
        if (base < 0 || behind <= 0 || behind > recent.size()) {
            return List.of();
        }
        List<DescriptionOps.Op> ops = new ArrayList<>((int) behind);
        Iterator<TextOp> op = recent.iterator();
        Iterator<Author> author = authors.iterator();
        long first = revision - recent.size() + 1;
        for (long r = first; r <= revision; r++) {
            TextOp applied = op.next();
            Author by = author.next();
            if (r <= base) {
                continue;
            }
            if (applied == null) {
                return List.of();
            }
            ops.add(new DescriptionOps.Op(r, applied.toTree(), by.userId(), by.clientId(), by.seq(), by.at()));
        }
        return ops;
    }

    /**
     * {@code op}, made on revision {@code base} of a text that is now {@code text}, transformed against every change
     * since, one at a time in order with {@code op} on the left, and checked to fit: the operation to apply next.
     */
    TextOp rebase(String text, long base, TextOp op) {
        if (base < 0 || base > revision) {
            throw new DomainException(ErrorCode.VALIDATION, "revision",
                    "The description is at revision " + revision + "; there is no revision " + base);
        }
        long behind = revision - base;
        if (behind > recent.size()) {
            throw new DomainException(ErrorCode.CONFLICT, "revision", "Revision " + base + " is more than "
                    + TRANSFORM_LIMIT + " changes old: read the description again and rebase the edit on it");
        }
        List<TextOp> since = recent.stream().skip(recent.size() - behind).toList();
        long baseLength = text.codePointCount(0, text.length());
        for (TextOp applied : since) {
            if (applied == null) {
                throw new DomainException(ErrorCode.CONFLICT, "revision",
                        "Revision " + base + " cannot be rebased: read the description again and rebase the edit on it");
            }
            baseLength -= growth(applied);
        }
        if (op.inputLength() > baseLength) {
            throw new DomainException(ErrorCode.VALIDATION, "op", "The operation reaches past the end of revision "
                    + base + " (" + baseLength + " code points)");
        }
        TextOp rebased = op;
        for (TextOp applied : since) {
            rebased = TextUnicode.transform(rebased, applied, Side.LEFT);
        }
        return rebased;
    }

    /** The text after {@code op}, refused when the operation does not fit it or the result is too long. */
    static String applied(String text, TextOp op) {
        String result;
        try {
            result = TextUnicode.apply(text, op);
        } catch (InvalidOpException e) {
            throw new DomainException(ErrorCode.VALIDATION, "op", "The operation does not fit the text: " + e.getMessage());
        }
        if (result.codePointCount(0, result.length()) > MAX_LENGTH) {
            throw new DomainException(ErrorCode.VALIDATION, "op",
                    "A description has at most " + MAX_LENGTH + " characters");
        }
        return result;
    }

    /**
     * Remembers a change of the description from the text {@code before}: the revision it produced and the
     * operation (null when unknown).
     */
    void record(long produced, TextOp op, String before, UUID userId, UUID clientId, Long seq, Instant at) {
        revision = produced;
        recent.addLast(op);
        inverses.addLast(op == null ? null : inverse(op, before));
        authors.addLast(new Author(userId, clientId, seq, at));
        if (recent.size() > TRANSFORM_LIMIT) {
            recent.removeFirst();
            inverses.removeFirst();
            authors.removeFirst();
        }
        if (clientId != null && seq != null) {
            revisionByClientSeq.put(key(clientId, seq), produced);
        }
    }

    /**
     * The text at revision {@code at}, from the current text {@code current}, when the changes since are still
     * remembered.
     */
    Optional<String> textAt(String current, long at) {
        long behind = revision - at;
        if (at < 0 || behind < 0 || behind > inverses.size()) {
            return Optional.empty();
        }
        String text = current;
        Iterator<TextOp> newestFirst = inverses.descendingIterator();
        for (long i = 0; i < behind; i++) {
            TextOp inverse = newestFirst.next();
            if (inverse == null) {
                return Optional.empty();
            }
            try {
                text = TextUnicode.apply(text, inverse);
            } catch (InvalidOpException e) {
                return Optional.empty();
            }
        }
        return Optional.of(text);
    }

    /** The operation that takes the text after {@code op} back to {@code before}. */
    static TextOp inverse(TextOp op, String before) {
        List<Object> tree = new ArrayList<>();
        int at = 0;
        for (Component component : op.components()) {
            if (component instanceof Component.Skip skip) {
                tree.add(skip.count());
                at = before.offsetByCodePoints(at, Math.min(skip.count(), before.codePointCount(at, before.length())));
            } else if (component instanceof Component.Insert insert) {
                tree.add(Map.of("d", insert.length()));
            } else {
                int end = before.offsetByCodePoints(at, component.length());
                tree.add(before.substring(at, end));
                at = end;
            }
        }
        return TextUnicode.normalize(tree);
    }

    /** An operation read back from an event; null when it no longer reads as one (its workspace's key is gone). */
    static TextOp stored(String json) {
        try {
            return parse(json);
        } catch (DomainException e) {
            return null;
        }
    }

    /** How many code points longer an operation makes the text. */
    private static long growth(TextOp op) {
        long growth = 0;
        for (Component component : op.components()) {
            if (component instanceof Component.Insert) {
                growth += component.length();
            } else if (component instanceof Component.Delete) {
                growth -= component.length();
            }
        }
        return growth;
    }

    private record Author(UUID userId, UUID clientId, Long seq, Instant at) {
    }

    private static String key(UUID clientId, long seq) {
        return clientId + ":" + seq;
    }
}
