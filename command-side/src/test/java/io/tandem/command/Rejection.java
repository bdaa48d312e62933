package io.tandem.command;

import java.util.Objects;

import io.tandem.api.DomainException;
import io.tandem.api.ErrorCode;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

/** Matches a DomainException by its code and field, which is what callers rely on, never the message. */
public final class Rejection extends TypeSafeMatcher<DomainException> {

    private final ErrorCode code;
    private final String field;

    private Rejection(ErrorCode code, String field) {
        super(DomainException.class);
        this.code = code;
        this.field = field;
    }

    public static Matcher<DomainException> rejected(ErrorCode code) {
        return new Rejection(code, null);
    }

    public static Matcher<DomainException> rejected(ErrorCode code, String field) {
        return new Rejection(code, field);
    }

    @Override
    protected boolean matchesSafely(DomainException exception) {
        return exception.code() == code && Objects.equals(exception.field(), field);
    }

    @Override
    public void describeTo(Description description) {
        description.appendText("DomainException " + code + (field == null ? "" : " on " + field));
    }

    @Override
    protected void describeMismatchSafely(DomainException exception, Description description) {
        description.appendText("was " + exception.code() + " on " + exception.field() + ": " + exception.getMessage());
    }
}
