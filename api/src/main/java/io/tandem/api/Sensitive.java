package io.tandem.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a string (or list of strings) component of an event, or of a record an event carries, as personal or
 * confidential: it is stored encrypted under the data key of its {@link #scope()} (a list element by element), and
 * reads as {@link #ERASED} once that key is destroyed (a list as that many {@link #ERASED} elements).
 * Events are permanent, so this is how their text can still be forgotten.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Sensitive {

    /** What an encrypted field reads as after its data key was destroyed. */
    String ERASED = "[erased]";

    Scope scope();

    /**
     * For {@link Scope#USER}: the name of the {@code UUID} component, in the same record, of the user whose key
     * protects this field. Ignored for {@link Scope#WORKSPACE}, whose key follows the event's workspace.
     */
    String subject() default "";

    /** Whose data key protects the field, and so whose deletion or erasure forgets it. */
    enum Scope {
        /** The event's workspace ({@link WorkspaceScoped#workspaceId()}): forgotten when the workspace is deleted. */
        WORKSPACE,
        /** A user named by {@link #subject()}: forgotten when the account is erased. */
        USER
    }
}
