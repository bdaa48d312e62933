package io.tandem.api.task;

/** How a merged offline change ended. */
public enum MergeOutcome {
    /** Every field of the change is now in effect, nothing else changed in between that it touched. */
    APPLIED,
    /** The change was combined with newer server changes: disjoint fields joined, overlaps went to the later edit. */
    MERGED,
    /** Some fields could not be settled automatically; the rest of the change (if any) was applied. */
    CONFLICT
}
